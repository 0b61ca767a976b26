import type { TabularColumn, TabularTable } from '../../shared/domain/tabular';
import type { Predictor } from '../../shared/engine/predictor';

/** A numeric table from columns of values. */
export function numericTable(columns: Record<string, number[]>): TabularTable {
  const names = Object.keys(columns);
  const rows = columns[names[0]].length;
  const values = new Float64Array(rows * names.length);
  names.forEach((name, j) => columns[name].forEach((v, i) => (values[i * names.length + j] = v)));
  return { columns: names.map((name): TabularColumn => ({ name, kind: 'numeric' })), rows, values };
}

/** A Predictor from a plain function of one row; counts its calls. */
export function functionPredictor(
  outputs: number,
  f: (row: Float32Array) => number[],
): Predictor & { calls: number; rowsSeen: number } {
  return {
    outputs,
    calls: 0,
    rowsSeen: 0,
    async predict(x: Float32Array, rows: number) {
      this.calls++;
      this.rowsSeen += rows;
      const cols = x.length / rows;
      const out = new Float32Array(rows * outputs);
      for (let i = 0; i < rows; i++) out.set(f(x.subarray(i * cols, (i + 1) * cols)), i * outputs);
      return out;
    },
  };
}
