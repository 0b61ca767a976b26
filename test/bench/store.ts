/** Audit file speed: saving one run (target < 2 ms) and listing 10,000 runs with verdicts (< 100 ms). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeModelFile } from '../../electron/backend/onnx/loadModel';
import { annotate } from '../../electron/backend/store/annotations';
import { registerModel } from '../../electron/backend/store/models';
import { openAudit } from '../../electron/backend/store/openAudit';
import { listRuns, saveRun } from '../../electron/backend/store/runs';
import { sampleRun } from '../support/audit';
import { median, verdict } from './report';
import { fixture } from '../support/fixtures';

export async function benchStore(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-'));
  const db = openAudit(join(dir, 'bench.lwa'), { create: true });
  const model = registerModel(db, await describeModelFile(fixture('breast_cancer_rf.onnx')), 'bench');
  const saves: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    const t0 = performance.now();
    const id = saveRun(db, sampleRun(model.id, i % 455, i), 'bench');
    saves.push(performance.now() - t0);
    if (i % 3 === 0)
      annotate(db, { runId: id, verdict: i % 2 ? 'trusted' : 'follow-up', rationale: 'bench', reviewer: 'bench' });
  }
  // The report of an audit with 200 reviewed explanations (targets: under 30 s and 5 MB).
  const { writeReport } = await import('../../electron/backend/report/writeReport');
  const reviewDb = openAudit(join(dir, 'report.lwa'), { create: true });
  const reviewModel = registerModel(reviewDb, await describeModelFile(fixture('breast_cancer_rf.onnx')), 'bench');
  for (let i = 0; i < 200; i++)
    annotate(reviewDb, {
      runId: saveRun(reviewDb, sampleRun(reviewModel.id, i % 114, i), 'bench'),
      verdict: i % 3 ? 'trusted' : 'follow-up',
      rationale: `bench verdict ${i}`,
      reviewer: 'bench',
    });
  const t0 = performance.now();
  const report = await writeReport(reviewDb, join(dir, 'report.lwa'), { out: join(dir, 'report.pdf') });
  const reportMs = performance.now() - t0;
  reviewDb.close();
  const lists: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    const runs = listRuns(db);
    lists.push(performance.now() - t0);
    if (runs.length !== 10_000) throw new Error(`expected 10000 runs, listed ${runs.length}`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('\nAudit file (SQLite, WAL)');
  console.log(
    `save one run (median of 10,000)            ${median(saves).toFixed(3).padStart(8)} ms   target < 2 ms    ${verdict(median(saves), 2)}`,
  );
  console.log(
    `list 10,000 runs with latest verdicts      ${median(lists).toFixed(1).padStart(8)} ms   target < 100 ms  ${verdict(median(lists), 100)}`,
  );
  console.log(
    `PDF report, 200 reviewed explanations      ${(reportMs / 1000).toFixed(1).padStart(8)} s    target < 30 s    ${verdict(reportMs, 30_000)}`,
  );
  console.log(
    `  its size                                 ${(report.bytes / 1024 / 1024).toFixed(2).padStart(8)} MB   target < 5 MB    ${verdict(report.bytes, 5 * 1024 * 1024)}`,
  );
}
