import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../../electron/backend/data/readCsv';
import { buildTabularDataset, instanceAt, type TabularDataset } from '../../../electron/backend/data/tabularDataset';
import { fitTabular } from '../../../shared/engine/tabular/fitTabular';
import { sampleTabular } from '../../../shared/engine/tabular/sampleTabular';
import { Rng } from '../../../shared/engine/random';
import { fixture } from '../../support/fixtures';

/**
 * The bytes of tabular neighbourhoods, pinned: a faster sampler must draw exactly what the earlier one drew
 * (the model's inputs, the interpretable rows and their distances), so every saved run re-runs bit for bit.
 * The digests were taken with the row-by-row sampler of before the flattened tables.
 */
function digest(dataset: TabularDataset, path: string, discretizer: 'quartile' | 'decile'): string {
  const state = fitTabular(dataset.train, { discretizer });
  const hash = createHash('sha256');
  for (let row = 0; row < 4; row++) {
    const hood = sampleTabular(state, instanceAt(dataset, row, path), 600, new Rng(row * 7 + 1));
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

describe('tabular neighbourhoods, byte for byte', () => {
  it('breast cancer, quartile and decile bins', async () => {
    const path = fixture('breast_cancer.test.csv');
    const dataset = buildTabularDataset(await readCsv(path), await readCsv(fixture('breast_cancer.train.csv')), {
      labelColumn: 'label',
    });
    expect([digest(dataset, path, 'quartile'), digest(dataset, path, 'decile')]).toEqual(PINNED.breastCancer);
  });

  it('categorical columns of few and many categories', () => {
    const dataset = categoricalDataset();
    expect(digest(dataset, 'people.csv', 'quartile')).toBe(PINNED.categorical);
  });
});

const PINNED = { breastCancer: ['bb930f2519622f6d', '6f45bce0f472001d'], categorical: '148567c884df236d' };
