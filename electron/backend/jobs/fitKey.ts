import { createHash } from 'node:crypto';
import type { Discretizer, TabularTable } from '../../../shared/domain/tabular';

/**
 * A digest of everything a tabular explainer's fit reads (the training table, its labels, the
 * discretizer): the key under which a worker keeps the fitted explainer. Computed once per coded data set
 * where the tables were coded (prepareTabular) and sent with each job; a worker computes it for a job that
 * comes without one.
 */
export function fitKey(train: TabularTable, discretizer: Discretizer, labels: Float64Array | null): string {
  const hash = createHash('sha256').update(JSON.stringify([discretizer, train.rows, train.columns, labels?.length]));
  hash.update(new Uint8Array(train.values.buffer, train.values.byteOffset, train.values.byteLength));
  if (labels) hash.update(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  return hash.digest('hex');
}
