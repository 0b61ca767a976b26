import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/app/createBackend';
import { ensureDemoAudit } from '../../../electron/backend/app/demoAudit';
import { readLog } from '../../../electron/backend/store/auditLog';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { tempDir } from '../../support/audit';
import { ROOT } from '../../support/fixtures';

it('builds the demo audit that npm start opens: every model, runs with verdicts, a checked run, a pick, and it verifies', async () => {
  const path = join(tempDir('lw-demo-'), 'demo.lwa');
  await ensureDemoAudit(path, join(ROOT, 'test', 'fixtures'));
  const backend = createBackend({ storePath: path });
  try {
    const audit = await backend.api.getAudit({});
    expect(audit).toMatchObject({ models: 6, datasets: 8 });
    expect(audit.verdicts).toMatchObject({ trusted: 2, 'not-trusted': 1, 'follow-up': 3 });
    const runs = await backend.api.listRuns({});
    const checked = await Promise.all(runs.map((r) => backend.api.getRun({ runId: r.id })));
    const withChecks = checked.filter((r) => r.kernelShap && r.kernelWidthSweep);
    expect(withChecks.map((r) => [r.modality, r.row])).toEqual([['tabular', 3]]);
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
