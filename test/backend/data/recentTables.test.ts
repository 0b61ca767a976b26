import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../electron/backend/data/readCsv';
import { RecentlyUsed } from '../../../electron/backend/data/recentlyUsed';
import { prepareExplanation } from '../../../electron/backend/explain/prepareExplanation';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import type { TabularJob } from '../../../electron/backend/jobs/tabularJob';
import { fitKey } from '../../../electron/backend/jobs/fitKey';
import { fixture } from '../../support/fixtures';

describe('what the backend keeps of recent work', () => {
  it('lets the least recently used go first, by count and by weight', () => {
    const kept = new RecentlyUsed<string>(2, 10);
    kept.set('a', 'A', 4);
    kept.set('b', 'B', 4);
    expect(kept.get('a')).toBe('A'); // now b is the least recently used
    kept.set('c', 'C', 1);
    expect([kept.get('a'), kept.get('b'), kept.get('c')]).toEqual(['A', undefined, 'C']);
    kept.set('d', 'D', 8); // three, and 4 + 1 + 8 > 10: a goes (the least recently used), which is enough
    expect([kept.get('a'), kept.get('c'), kept.get('d'), kept.size]).toEqual([undefined, 'C', 'D', 2]);
    kept.set('e', 'E', 11); // heavier than all it keeps: not kept, and nothing else let go
    expect([kept.get('e'), kept.get('d')]).toEqual([undefined, 'D']);
    kept.set('d', 'D2', 2); // replacing counts the new weight only: c (1) and d (2)
    kept.set('f', 'F', 8); // 11 > 10: c goes
    expect([kept.get('c'), kept.get('d'), kept.get('f')]).toEqual([undefined, 'D2', 'F']);
    let made = 0;
    const make = () => `made ${++made}`;
    expect([kept.getOrMake('g', make), kept.getOrMake('g', make), made]).toEqual(['made 1', 'made 1', 1]);
  });

  it('answers a CSV read again with the table parsed before, and only while its bytes are the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-csv-'));
    const path = join(dir, 'table.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const first = await readCsv(path);
    expect(await readCsv(path)).toBe(first);
    // Same size and modification time, other bytes: a cache keyed by file metadata would answer wrongly.
    const mtime = new Date(2020, 0, 1);
    utimesSync(path, mtime, mtime);
    writeFileSync(path, 'a,b\n3,4\n');
    utimesSync(path, mtime, mtime);
    const second = await readCsv(path);
    expect(second.rows).toEqual([['3', '4']]);
    expect(second.sha256).not.toBe(first.sha256);
    // A copy elsewhere is its own table (messages name the path they read).
    const copy = join(dir, 'copy.csv');
    copyFileSync(path, copy);
    expect((await readCsv(copy)).path).toBe(copy);
    // A file that fails to parse is read afresh once mended.
    writeFileSync(path, 'a,b\n1\n');
    await expect(readCsv(path)).rejects.toThrow(/row 0/);
    writeFileSync(path, 'a,b\n1,2\n');
    expect((await readCsv(path)).rows).toEqual([['1', '2']]);
  });

  it('prepares a tabular explanation from the coded tables of the one before, until a file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-coded-'));
    const [data, train] = [join(dir, 'data.csv'), join(dir, 'train.csv')];
    copyFileSync(fixture('breast_cancer.test.csv'), data);
    copyFileSync(fixture('breast_cancer.train.csv'), train);
    const model = await describeModelFile(fixture('breast_cancer_rf.onnx'));
    const common = {
      kernelWidth: null,
      featureSelection: 'auto',
      seed: 0,
      runs: 1,
      labels: null,
      topLabels: null,
    } as const;
    const prepare = async (row: number) =>
      (await prepareExplanation(model, { rows: [row], data, train, labelColumn: 'label' }, common)).job as TabularJob;
    const [one, two] = [await prepare(0), await prepare(1)];
    expect(two.train).toBe(one.train);
    // With the digest the worker keeps its fit under, computed once for the coded tables.
    expect(one.fitKey).toBe(fitKey(one.train, 'quartile', one.trainLabels));
    expect(two.fitKey).toBe(one.fitKey);
    const decile = (
      await prepareExplanation(model, { rows: [0], data, train, labelColumn: 'label', discretizer: 'decile' }, common)
    ).job as TabularJob;
    expect(decile.fitKey).toBe(fitKey(one.train, 'decile', one.trainLabels));
    expect(decile.fitKey).not.toBe(one.fitKey);
    expect(two.instances[0].values).not.toEqual(one.instances[0].values);
    // The training table changes (its first value doubled): the next preparation codes it afresh.
    const lines = readFileSync(train, 'utf8').split('\n');
    const cells = lines[1].split(',');
    cells[0] = String(2 * Number(cells[0]));
    writeFileSync(train, [lines[0], cells.join(','), ...lines.slice(2)].join('\n'));
    const three = await prepare(0);
    expect(three.train).not.toBe(one.train);
    expect(three.fitKey).toBe(fitKey(three.train, 'quartile', three.trainLabels));
    expect(three.fitKey).not.toBe(one.fitKey);
    expect(three.train.values[0]).toBe(2 * one.train.values[0]);
    expect(three.train.values.subarray(1)).toEqual(one.train.values.subarray(1));
  });
});
