import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/app/createBackend';
import { demoMaterialDir, ensureDemoAudit } from '../../../electron/backend/app/demoAudit';
import { readLog } from '../../../electron/backend/store/auditLog';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { tempDir } from '../../support/audit';
import { ROOT } from '../../support/fixtures';

it('builds the demo audit that npm start opens from the demo resources: every model, runs with verdicts, a checked run, a pick, and it verifies', async () => {
  const path = join(tempDir('lw-demo-'), 'demo', 'demo.lwa');
  const material = demoMaterialDir(ROOT);
  const before = readdirSync(material).sort();
  const steps: [number, number][] = [];
  await ensureDemoAudit(path, material, (_message, done, total) => steps.push([done, total]));
  // Progress runs from 0 to the total, one step at a time, and ends complete.
  expect(steps[0]).toEqual([0, steps[0][1]]);
  expect(steps.map(([done]) => done)).toEqual(steps.map((_, i) => Math.min(i, steps[0][1])));
  expect(steps.at(-2)).toEqual([steps[0][1], steps[0][1]]);
  expect(readdirSync(material).sort()).toEqual(before); // nothing written beside the resources
  const backend = createBackend({ storePath: path });
  try {
    const audit = await backend.api.getAudit({});
    expect(audit).toMatchObject({ models: 7, datasets: 9 });
    expect(audit.verdicts).toMatchObject({ trusted: 2, 'not-trusted': 1, 'follow-up': 3 });
    // The models and data it records are the copies beside the audit, not the resources the app ships.
    const models = await backend.api.listModels({});
    expect(models.every((m) => m.path.startsWith(join(dirname(path), 'material')))).toBe(true);
    const { runs } = await backend.api.listRuns({ limit: 1000 });
    const checked = await Promise.all(runs.map((r) => backend.api.getRun({ runId: r.id })));
    const withChecks = checked.filter((r) => r.kernelShap && r.kernelWidthSweep);
    expect(withChecks.map((r) => [r.modality, r.row])).toEqual([['tabular', 3]]);
    // The audit's question over the whole test set: v1 against v2 on 114 rows, with a verdict.
    const [study] = await backend.api.listStudies({});
    expect(study).toMatchObject({ modelA: 'breast_cancer_rf v1', modelB: 'breast_cancer_rf v2', done: 114 });
    expect(study.latest?.verdict).toBe('follow-up');
    // The Hugging Face export folder, read with no profile; its longer review truncated as its tokenizer says.
    const sentiment = runs.filter((r) => r.modelFamily === 'sentiment_bert_tiny');
    expect(sentiment.map((r) => r.row).sort()).toEqual([0, 1]);
    expect(sentiment.find((r) => r.row === 0)?.labelName).toBe('positive'); // A great film: fun acting and a good plot.
    expect((await backend.api.verifyAudit({})).ok).toBe(true);
  } finally {
    await backend.close();
  }
  const db = openAudit(path);
  const picked = readLog(db).filter((e) => e.action === 'instances.picked');
  db.close();
  expect(picked).toHaveLength(1);
  expect((picked[0].details as { picks: unknown[] }).picks).toHaveLength(3);
}, 120_000);
