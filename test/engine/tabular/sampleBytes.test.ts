import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt, type TabularDataset } from '../../../electron/backend/data/tabularDataset';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { sampleTabular, tabularWorkspace } from '../../../shared/engine/tabular/sampleTabular';
import { arenaOf } from '../../../shared/engine/wasm/arenas';
import { Rng } from '../../../shared/engine/random';
import { fixture } from '../../support/fixtures';

/**
 * The bytes of tabular neighbourhoods, pinned: a faster sampler must draw exactly what the earlier one drew
 * (the model's inputs, the interpretable rows and their distances), so every saved run re-runs bit for bit.
 * The digests were taken with the row-by-row sampler of before the flattened tables.
 */
function digest(dataset: TabularDataset, path: string, discretizer: 'quartile' | 'decile', way: Way): string {
  const state = fitTabular(dataset.train, { discretizer });
  const hash = createHash('sha256');
  const cols = dataset.columns.length;
  const workspace = way === 'kernel' ? tabularWorkspace(600, cols, { state }) : undefined;
  if (workspace) expect(arenaOf(workspace.x)).not.toBeNull();
  for (let row = 0; row < 4; row++) {
    const hood = sampleTabular(state, instanceAt(dataset, row, path), 600, new Rng(row * 7 + 1), false, workspace);
    for (const a of [hood.x, hood.z, hood.distances]) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Two categorical columns, one of 3 categories, one of 30 (drawn by bisection), beside a numeric one. */
function categoricalDataset(): TabularDataset {
  const lines = ['num,colour,city,y'];
  for (let i = 0; i < 300; i++)
    lines.push(`${(i * 37) % 101},${['red', 'green', 'blue'][i % 3]},c${(i * 7) % 30},${i % 2}`);
  const csv = parseCsv(lines.join('\n'), 'people.csv');
  return buildTabularDataset(csv, csv, { labelColumn: 'y', categorical: ['colour', 'city'] });
}

/** The WebAssembly kernel (a workspace in a kernel arena) or the TypeScript reference (plain arrays). */
type Way = 'kernel' | 'reference';

describe.each(['kernel', 'reference'] as Way[])('tabular neighbourhoods, byte for byte (%s)', (way) => {
  it('breast cancer, quartile and decile bins', async () => {
    const path = fixture('breast_cancer.test.csv');
    const dataset = buildTabularDataset(await readCsv(path), await readCsv(fixture('breast_cancer.train.csv')), {
      labelColumn: 'label',
    });
    expect([digest(dataset, path, 'quartile', way), digest(dataset, path, 'decile', way)]).toEqual(PINNED.breastCancer);
  });

  // Many categories are drawn by bisection, which the kernel does not do: the reference runs either way.
  it('categorical columns of few and many categories', () => {
    const dataset = categoricalDataset();
    expect(digest(dataset, 'people.csv', 'quartile', way)).toBe(PINNED.categorical);
  });
});

const PINNED = { breastCancer: ['bb930f2519622f6d', '6f45bce0f472001d'], categorical: '148567c884df236d' };
