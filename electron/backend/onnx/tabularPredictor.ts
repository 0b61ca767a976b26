import { quote } from '../../../shared/contract/limits';
import * as ort from 'onnxruntime-node';
import type { TabularColumn } from '../../../shared/domain/tabular';
import type { TensorInfo } from '../../../shared/domain/model';
import type { Predictor } from '../../../shared/engine/predictor';
import { WorkbenchError, nameList } from '../../../shared/contract/errors';
import type { LoadedModel, ModelDescription } from './loadModel';
import { concatScores, readScores } from './readScores';

/** How each model input is filled from the data's columns. */
type Feed =
  | { kind: 'matrix'; input: TensorInfo; type: 'float32' | 'float64' }
  | { kind: 'column'; input: TensorInfo; column: number; type: 'float32' | 'float64' | 'string' | 'int64' };

export interface TabularPredictorOptions {
  /** Rows per onnxruntime run. Default 8192. */
  batchSize?: number;
}

/**
 * Feeds a tabular model from rows of the data's columns, either as one float tensor [N, F] or as one
 * [N, 1] input per column (skl2onnx's layout for DataFrame pipelines), and reads its scores.
 * Categorical columns arrive as category codes; they are fed as the category itself.
 * @param columns the data's feature columns, in CSV order
 */
export class OnnxTabularPredictor implements Predictor {
  outputs: number;
  private readonly feeds: Feed[];
  private readonly batchSize: number;

  constructor(
    private readonly model: LoadedModel,
    private readonly columns: TabularColumn[],
    options: TabularPredictorOptions = {},
  ) {
    this.feeds = planFeeds(model, columns);
    this.batchSize = options.batchSize ?? 8192;
    const classes = model.profile.classNames?.length;
    this.outputs = model.profile.task === 'regression' ? 1 : (classes ?? 0);
  }

  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    const cols = this.columns.length;
    if (x.length !== rows * cols) throw new RangeError(`predict: expected ${rows}×${cols} values, got ${x.length}`);
    const parts: Float32Array[] = [];
    for (let start = 0; start < rows; start += this.batchSize) {
      const n = Math.min(this.batchSize, rows - start);
      const batch = x.subarray(start * cols, (start + n) * cols);
      const results = await this.runBatch(batch, n);
      const scores = readScores(this.model, results, n);
      if (this.outputs === 0) this.outputs = scores.length / n;
      parts.push(scores);
    }
    return concatScores(parts, rows, this.outputs);
  }

  private async runBatch(x: Float32Array, rows: number): Promise<ort.InferenceSession.OnnxValueMapType> {
    const cols = this.columns.length;
    const feeds: Record<string, ort.Tensor> = {};
    for (const feed of this.feeds) {
      if (feed.kind === 'matrix') {
        feeds[feed.input.name] = new ort.Tensor(feed.type, feed.type === 'float32' ? x : Float64Array.from(x), [
          rows,
          cols,
        ]);
        continue;
      }
      const column = this.columns[feed.column];
      const j = feed.column;
      if (feed.type === 'string') {
        const values = new Array<string>(rows);
        for (let i = 0; i < rows; i++)
          values[i] = column.kind === 'categorical' ? column.categories[x[i * cols + j]] : String(x[i * cols + j]);
        feeds[feed.input.name] = new ort.Tensor('string', values, [rows, 1]);
      } else {
        const numbers = categoricalNumbers(column);
        const data =
          feed.type === 'float32'
            ? new Float32Array(rows)
            : feed.type === 'float64'
              ? new Float64Array(rows)
              : new BigInt64Array(rows);
        for (let i = 0; i < rows; i++) {
          const v = numbers ? numbers[x[i * cols + j]] : x[i * cols + j];
          if (data instanceof BigInt64Array) data[i] = BigInt(Math.round(v));
          else data[i] = v;
        }
        feeds[feed.input.name] = new ort.Tensor(feed.type, data, [rows, 1]);
      }
    }
    try {
      return await this.model.session.run(feeds, [this.model.outputTensor]);
    } catch (error) {
      throw new WorkbenchError(
        'model-failed',
        `${this.model.path}: the model failed on a batch of ${rows} rows (${(error as Error).message})`,
      );
    }
  }
}

/** Numeric values of a categorical column's categories, for numeric model inputs. */
function categoricalNumbers(column: TabularColumn): Float64Array | null {
  return column.kind === 'categorical' ? Float64Array.from(column.categories, Number) : null;
}

/** Matches the data's columns to the model's inputs, or says precisely why they do not match. */
export function planFeeds(model: ModelDescription, columns: TabularColumn[]): Feed[] {
  const inputs = model.info.inputs;
  const names = columns.map((c) => c.name);
  if (
    inputs.length === 1 &&
    !(inputs[0].shape?.length === 2 && inputs[0].shape[1] === 1 && names.length === 1 && names[0] === inputs[0].name)
  ) {
    const input = inputs[0];
    const shape = input.shape ?? [];
    if (input.elementType !== 'float32' && input.elementType !== 'float64') {
      throw new WorkbenchError(
        'invalid-input',
        `${model.path}: expected a tabular model with a float input, found input "${input.name}" of type ${input.display}`,
      );
    }
    if (shape.length !== 2) {
      const dynamic = shape.slice(1).find((d) => typeof d === 'string');
      throw new WorkbenchError(
        'invalid-input',
        `${model.path}: expected a tabular input of shape [N, F], found "${input.name}" ${input.display}${dynamic ? ` whose dynamic dimension "${dynamic}" the profile cannot fill` : ''}`,
      );
    }
    const width = shape[1];
    const known = model.profile.tabular?.featureNames ?? null;
    if (typeof width === 'number' && width !== columns.length) {
      const strangers = known ? names.filter((n) => !known.includes(n)) : [];
      const hint =
        strangers.length > 0 && strangers.length === columns.length - width
          ? `: ${nameList(strangers)} ${strangers.length === 1 ? 'is' : 'are'} not among the features the model's metadata names; a ground-truth column goes in --label-column`
          : columns.length > width
            ? '; if a column is the ground truth, name it with --label-column'
            : '';
      throw new WorkbenchError(
        'invalid-input',
        `data: expected ${width} feature columns (the width of the model's input "${input.name}"), found ${columns.length}${hint}`,
      );
    }
    if (known && known.length === columns.length) {
      const misplaced = names.map((n, j) => [n, known[j]] as const).filter(([n, k]) => n !== k);
      // Only when the names are clearly the same features: columns fed in another order would be silently wrong.
      if (misplaced.length > 0 && names.every((n) => known.includes(n))) {
        throw new WorkbenchError(
          'invalid-input',
          `data: expected the columns in the model's order, found "${misplaced[0][0]}" where the model's metadata puts "${misplaced[0][1]}"`,
        );
      }
    }
    for (const column of columns) checkNumericCategories(column, input);
    return [{ kind: 'matrix', input, type: input.elementType }];
  }
  const missing = inputs.filter((i) => !names.includes(i.name)).map((i) => i.name);
  const extra = names.filter((n) => !inputs.some((i) => i.name === n));
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`the model's inputs ${nameList(missing)} have no column in the data`);
    if (extra.length)
      parts.push(
        `the data's columns ${nameList(extra)} are not inputs of the model (a ground-truth column goes in --label-column)`,
      );
    throw new WorkbenchError('invalid-input', `data: expected one column per model input; ${parts.join('; ')}`);
  }
  return inputs.map((input): Feed => {
    const column = names.indexOf(input.name);
    const shape = input.shape ?? [];
    if (shape.length === 2 && typeof shape[1] === 'string') {
      throw new WorkbenchError(
        'invalid-input',
        `${model.path}: input "${input.name}" has a dynamic dimension "${shape[1]}" the profile cannot fill; expected one value per row, [N, 1]`,
      );
    }
    if (shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
      throw new WorkbenchError(
        'invalid-input',
        `${model.path}: expected per-column inputs of shape [N, 1], found "${input.name}" ${input.display}`,
      );
    }
    const type = input.elementType;
    if (type !== 'float32' && type !== 'float64' && type !== 'string' && type !== 'int64') {
      throw new WorkbenchError(
        'unsupported',
        `${model.path}: input "${input.name}" is ${input.display}; tabular inputs may be float32, float64, int64 or string`,
      );
    }
    if (type !== 'string') checkNumericCategories(columns[column], input);
    return { kind: 'column', input, column, type };
  });
}

function checkNumericCategories(column: TabularColumn, input: TensorInfo): void {
  if (column.kind !== 'categorical') return;
  const text = column.categories.find((c) => !Number.isFinite(Number(c)) || c.trim() === '');
  if (text !== undefined) {
    throw new WorkbenchError(
      'invalid-input',
      `data column "${column.name}": expected numbers (the model's input "${input.name}" is ${input.display}), found text ${quote(text)}`,
    );
  }
}
