import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAudit } from '../../electron/backend/store/openAudit';
import { readPicks } from '../../electron/backend/store/picks';
import { listRuns } from '../../electron/backend/store/runs';
import { verifyAudit } from '../../electron/backend/store/verifyAudit';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';
import { BREAST_CANCER_EXPLAIN, fixture } from '../support/fixtures';

const BC = BREAST_CANCER_EXPLAIN;

/** SP-LIME from the command line: the picks, their coverage, and what --store keeps of them. */
describe('lime-workbench pick', () => {
  it('picks a representative set of rows with SP-LIME', async () => {
    const pick = [
      'pick',
      ...BC.slice(1),
      '--rows',
      '0-11',
      '--budget',
      '3',
      '--num-samples',
      '800',
      '--format',
      'json',
    ];
    const r = await cli([...pick, '--progress', 'json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 'lime-workbench/pick@1', candidates: 12, budget: 3 });
    const progress = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { done: number; total: number });
    expect(progress.at(-1)).toMatchObject({ done: 12, total: 12 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(new Set(doc.picks.map((p: { row: number }) => p.row)).size).toBe(3);
    for (const p of doc.picks) expect(p.row).toBeGreaterThanOrEqual(0);
    expect(doc.picks[0].coverageGain).toBeGreaterThanOrEqual(doc.picks[2].coverageGain);
    expect(doc.coverage).toBeGreaterThan(0);
    expect(doc.coverage).toBeLessThanOrEqual(1);
    // The same seed picks the same rows.
    expect(JSON.parse((await cli(pick)).stdout).picks).toEqual(doc.picks);
    // On one worker or split between two: the same explanations, so the same picks.
    for (const workers of ['1', '2'])
      expect(JSON.parse((await cli([...pick, '--workers', workers])).stdout).picks).toEqual(doc.picks);
  });

  it('pick --store saves only the picked rows and records the pick in the audit log', async () => {
    const store = join(tempDir('lw-pick-'), 'pick.lwa');
    const r = await cli([
      'pick',
      ...BC.slice(1),
      '--rows',
      '0-7',
      '--budget',
      '2',
      '--num-samples',
      '600',
      '--format',
      'json',
      '--store',
      store,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.picks.map((p: { runId: number }) => p.runId)).toEqual([1, 2]);
    const db = openAudit(store);
    try {
      expect(
        listRuns(db)
          .map((x) => x.row)
          .sort(),
      ).toEqual(doc.picks.map((p: { row: number }) => p.row).sort());
      expect(readPicks(db)).toEqual([
        expect.objectContaining({
          candidates: [0, 1, 2, 3, 4, 5, 6, 7],
          budget: 2,
          picks: doc.picks,
          coverage: doc.coverage,
        }),
      ]);
      expect((await verifyAudit(db)).failures).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('picks representative texts too, words identified by themselves', async () => {
    const r = await cli([
      'pick',
      fixture('debian_text_bow.onnx'),
      '--data',
      fixture('debian_text.test.jsonl'),
      '--rows',
      '0-9',
      '--budget',
      '2',
      '--num-samples',
      '400',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.picks).toHaveLength(2);
    expect(doc.importance[0].key).toBe(doc.importance[0].name); // a word
  });
});
