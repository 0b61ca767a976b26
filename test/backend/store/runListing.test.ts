import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { annotate, annotateRuns } from '../../../electron/backend/store/annotations';
import { readLog } from '../../../electron/backend/store/auditLog';
import { registerModel } from '../../../electron/backend/store/models';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { countRuns, listRuns, saveRun } from '../../../electron/backend/store/runs';
import { parseRunWhere } from '../../../electron/backend/store/runWhere';
import { verifyAudit } from '../../../electron/backend/store/verifyAudit';
import { sampleRun, tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

/** An audit of 250 runs over two models: every tenth with a low weighted R², labels alternating. */
async function auditOfRuns() {
  const dir = tempDir();
  const db = openAudit(join(dir, 'audit.lwa'), { create: true });
  const models = [];
  for (const file of ['breast_cancer_rf.onnx', 'breast_cancer_rf_v2.onnx']) {
    copyFileSync(fixture(file), join(dir, file));
    models.push(registerModel(db, await describeModelFile(join(dir, file)), 'tester'));
  }
  const ids: number[] = [];
  for (let i = 0; i < 250; i++) {
    const run = sampleRun(models[i % 2].id, i);
    const e = run.runs[0].explanations[0];
    e.label = i % 3 === 0 ? 0 : 1;
    e.localPrediction = e.modelPrediction; // faithful at the instance…
    e.score = i % 10 === 0 ? 0.05 : 0.5 + i / 1000; // …but every tenth explains little
    ids.push(saveRun(db, run, 'tester'));
  }
  return { db, models, ids };
}

describe('the runs list at scale', () => {
  it('pages, counts, filters and sorts in SQL', async () => {
    const { db, models, ids } = await auditOfRuns();
    expect(countRuns(db)).toBe(250);
    const first = listRuns(db, { limit: 100 });
    const second = listRuns(db, { limit: 100, offset: 100 });
    expect(first.map((r) => r.id)).toEqual(ids.slice(150).reverse());
    expect(second.map((r) => r.id)).toEqual(ids.slice(50, 150).reverse());
    expect(countRuns(db, { modelId: models[1].id })).toBe(125);
    expect(countRuns(db, { label: 0 })).toBe(84);
    expect(countRuns(db, { flag: 'low-fidelity' })).toBe(25);
    expect(listRuns(db, { flag: 'low-fidelity' }).every((r) => r.score < 0.1)).toBe(true);
    expect(listRuns(db, { sort: 'score', limit: 3 }).map((r) => r.score)).toEqual([0.05, 0.05, 0.05]);
    expect(listRuns(db, { sort: 'oldest', limit: 2 }).map((r) => r.id)).toEqual(ids.slice(0, 2));
    annotate(db, { runId: ids[7], verdict: 'trusted', rationale: 'fine', reviewer: 'ana' });
    expect(countRuns(db, { verdict: 'none' })).toBe(249);
    expect(countRuns(db, { verdict: 'trusted', modelId: models[1].id })).toBe(1);
    db.close();
  });

  it('records one verdict on many runs, each its own annotation and log entry, all or none', async () => {
    const { db, ids } = await auditOfRuns();
    const before = readLog(db).length;
    const picked = listRuns(db, { flag: 'low-fidelity', sort: 'oldest' }).map((r) => r.id);
    expect(annotateRuns(db, picked, { verdict: 'not-trusted', rationale: 'explains little', reviewer: 'bo' })).toBe(25);
    const log = readLog(db).slice(before);
    expect(log.map((e) => e.subject)).toEqual(picked.map((id) => `run:${id}`));
    expect(log.every((e) => e.action === 'run.annotated')).toBe(true);
    expect(countRuns(db, { verdict: 'not-trusted' })).toBe(25);
    // A missing run anywhere in the list: nothing is recorded.
    expect(() => annotateRuns(db, [ids[1], 99_999], { verdict: 'trusted', rationale: 'x', reviewer: 'bo' })).toThrow(
      /run 99999: expected a saved run of this audit/,
    );
    expect(countRuns(db, { verdict: 'trusted' })).toBe(0);
    expect((await verifyAudit(db)).failures).toEqual([]);
    db.close();
  });

  it('reads a filter written as words, and names a clause it cannot', () => {
    expect(parseRunWhere('verdict is null and model = 3')).toEqual({ verdict: 'none', modelId: 3 });
    expect(parseRunWhere("Flag = unstable AND label=1 and verdict = 'follow-up'")).toEqual({
      flag: 'unstable',
      label: 1,
      verdict: 'follow-up',
    });
    expect(() => parseRunWhere('model > 3')).toThrow(/^--where: expected clauses such as .*found "model > 3"$/);
    expect(() => parseRunWhere('flag = shaky')).toThrow(/expected flag = low-fidelity\|unstable/);
    expect(() => parseRunWhere('colour = red')).toThrow(/expected a clause on verdict, model, label, study or flag/);
  });
});
