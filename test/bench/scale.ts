/**
 * An audit of 100,000 runs (issue 19's targets): a filtered page of Review's list at the API (< 100 ms), one
 * verdict on 10,000 runs (< 5 s), verify of the whole audit (< 30 s), peak memory (< 1 GB). In-process, the
 * audit generated here; resident memory sampled around each step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend } from '../../electron/backend/app/createBackend';
import { describeModelFile } from '../../electron/backend/onnx/loadModel';
import { annotate } from '../../electron/backend/store/annotations';
import { registerModel } from '../../electron/backend/store/models';
import { writeReport } from '../../electron/backend/report/writeReport';
import { openAudit } from '../../electron/backend/store/openAudit';
import { saveRun } from '../../electron/backend/store/runs';
import { sampleRun } from '../support/audit';
import { launchChromium } from '../support/browser';
import { serveHttp } from '../../electron/backend/http/serveHttp';
import type { Backend } from '../../electron/backend/app/createBackend';
import { ROOT, fixture } from '../support/fixtures';
import { fromShell, median, verdict, type ShellRun } from './report';

const RUNS = 100_000;

export async function benchScale(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-scale-'));
  const path = join(dir, 'scale.lwa');
  let peak = process.memoryUsage().rss;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const t0 = performance.now();
  const db = openAudit(path, { create: true });
  const model = registerModel(db, await describeModelFile(fixture('breast_cancer_rf.onnx')), 'bench');
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const run = sampleRun(model.id, i % 114, i);
      run.runs[0].explanations[0].score = (i % 97) / 100;
      saveRun(db, run, 'bench');
      if (i % 10_000 === 0) sample();
    }
  })();
  db.close();
  const buildS = (performance.now() - t0) / 1000;

  const backend = createBackend({ storePath: path });
  const pages: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t = performance.now();
    const page = await backend.api.listRuns({ flag: 'low-fidelity', verdict: 'none', sort: 'score', offset: k * 100 });
    pages.push(performance.now() - t);
    if (page.runs.length !== 100) throw new Error(`expected a page of 100, found ${page.runs.length}`);
  }
  sample();
  const paint = await reviewFirstPaint(backend);
  let t = performance.now();
  const { count } = await backend.api.saveAnnotations({
    runIds: Array.from({ length: 10_000 }, (_, i) => i + 1),
    verdict: 'follow-up',
    rationale: 'bench: second pass',
    reviewer: 'bench',
  });
  const bulkMs = performance.now() - t;
  if (count !== 10_000) throw new Error(`expected 10000 verdicts, recorded ${count}`);
  sample();
  t = performance.now();
  const report = await backend.api.verifyAudit({});
  const verifyMs = performance.now() - t;
  if (!report.ok) throw new Error(`verify failed: ${report.failures[0]?.message}`);
  sample();
  await backend.close();

  // The report of 1,000 reviewed explanations (targets: under 60 s and 20 MB).
  const reviewPath = join(dir, 'review.lwa');
  const reviewDb = openAudit(reviewPath, { create: true });
  const reviewModel = registerModel(reviewDb, await describeModelFile(fixture('breast_cancer_rf.onnx')), 'bench');
  reviewDb.transaction(() => {
    for (let i = 0; i < 1000; i++)
      annotate(reviewDb, {
        runId: saveRun(reviewDb, sampleRun(reviewModel.id, i % 114, i), 'bench'),
        verdict: i % 3 ? 'trusted' : 'follow-up',
        rationale: `bench verdict ${i}`,
        reviewer: 'bench',
      });
  })();
  t = performance.now();
  const written = await writeReport(reviewDb, reviewPath, { out: join(dir, 'review.pdf') });
  const reportS = (performance.now() - t) / 1000;
  sample();
  reviewDb.close();
  const merge = await mergeShards(dir);
  rmSync(dir, { recursive: true, force: true });

  const mb = peak / 2 ** 20;
  console.log(`\n## An audit of ${RUNS} runs (generated in ${buildS.toFixed(1)} s; in-process)`);
  console.log(
    `a filtered, sorted page of 100 (API)        ${median(pages).toFixed(1).padStart(8)} ms   target < 100 ms  ${verdict(median(pages), 100)}`,
  );
  console.log(
    `Review's first page in Chromium (${paint.rows} rows) ${(paint.ms / 1000).toFixed(2).padStart(8)} s    target < 1 s     ${verdict(paint.ms, 1000)}`,
  );
  console.log(
    `one verdict on 10,000 runs                  ${(bulkMs / 1000).toFixed(2).padStart(8)} s    target < 5 s     ${verdict(bulkMs, 5000)}`,
  );
  console.log(
    `verify the whole audit                      ${(verifyMs / 1000).toFixed(2).padStart(8)} s    target < 30 s    ${verdict(verifyMs, 30_000)}`,
  );
  console.log(
    `PDF report, 1,000 reviewed explanations     ${reportS.toFixed(1).padStart(8)} s    target < 60 s    ${verdict(reportS, 60)}`,
  );
  console.log(
    `  its size                                  ${(written.bytes / 2 ** 20).toFixed(1).padStart(8)} MB   target < 20 MB   ${verdict(written.bytes / 2 ** 20, 20)}`,
  );
  console.log(
    `peak resident memory                        ${mb.toFixed(0).padStart(8)} MB   target < 1024 MB ${verdict(mb, 1024)}`,
  );
  console.log(
    `merge of four 25,000-run shards (shell)     ${merge.merge.seconds.toFixed(1).padStart(8)} s    target < 30 s    ${verdict(merge.merge.seconds, 30)}`,
  );
  console.log(
    `  its peak memory                           ${merge.merge.mib.toFixed(0).padStart(8)} MB   target < 1024 MB ${verdict(merge.merge.mib, 1024)}`,
  );
  console.log(
    `verify of the merged audit (shell)          ${merge.verify.seconds.toFixed(1).padStart(8)} s    target < 30 s    ${verdict(merge.verify.seconds, 30)}`,
  );
  console.log(
    `  its peak memory                           ${merge.verify.mib.toFixed(0).padStart(8)} MB   target < 1024 MB ${verdict(merge.verify.mib, 1024)}`,
  );
}

/**
 * Four shards of 25,000 runs each (a verdict on every 25th), merged by the command line in its own process,
 * default flags, then the merged audit verified the same way.
 */
async function mergeShards(dir: string): Promise<{ merge: ShellRun; verify: ShellRun }> {
  const description = await describeModelFile(fixture('breast_cancer_rf.onnx'));
  const shards: string[] = [];
  for (let k = 0; k < 4; k++) {
    const shard = join(dir, `shard-${k}.lwa`);
    const db = openAudit(shard, { create: true, purpose: 'bench: merge' });
    const model = registerModel(db, description, 'bench');
    db.transaction(() => {
      for (let i = k; i < RUNS; i += 4) {
        const runId = saveRun(db, sampleRun(model.id, i % 114, i), 'bench');
        if (i % 25 === k) annotate(db, { runId, verdict: 'trusted', rationale: `shard ${k}`, reviewer: 'bench' });
      }
    })();
    db.close();
    shards.push(shard);
  }
  const merged = join(dir, 'merged.lwa');
  const merge = fromShell(['merge', '--out', merged, ...shards, '--quiet'], 1);
  const verify = fromShell(['verify', '--store', merged, '--quiet'], 1);
  if (merge.status !== 0 || verify.status !== 0)
    throw new Error(`merge exited ${merge.status}, verify ${verify.status}`);
  return { merge, verify };
}

/** Browser mode in headless Chromium: from the click on Review to its first page of runs on screen. */
async function reviewFirstPaint(backend: Backend): Promise<{ ms: number; rows: number }> {
  const served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(served.url);
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    const t = performance.now();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Review' }).click();
    await page
      .getByRole('button', { name: /^Open run \d+$/ })
      .first()
      .waitFor();
    const ms = performance.now() - t;
    return { ms, rows: await page.locator('table tbody tr').count() };
  } finally {
    await browser.close();
    await served.close();
  }
}
