import { LIMITS, validateExplainRequest } from '../../shared/contract/limits';
import { DISCRETIZERS, FEATURE_SELECTIONS } from '../../shared/domain/tabular';
import { DEFAULT_GUARANTEE_PARAMS, EXPLAIN_METHODS, SEGMENTATIONS, TEXT_MODES } from '../../shared/domain/params';
import {
  withoutRows,
  type CommonParams,
  type ExplainInput,
  type PreparedExplanation,
} from '../backend/explain/prepared';
import { BATCH_PROBE, WorkerPool } from '../backend/jobs/workerPool';
import type { ModelDescription } from '../backend/onnx/loadModel';
import {
  choiceFlag,
  durationFlag,
  intFlag,
  listFlag,
  parseFlags,
  positiveFlag,
  rowsFlag,
  usage,
  type FlagValues,
} from './args';
import { formatExplanationText } from './formatText';
import { batchProgress, PROGRESS_FLAGS, progressOptions } from './progress';
import type { CommandIo } from './io';

export const EXPLAIN_HELP = `Usage: lime-workbench explain MODEL.onnx|EXPORT_FOLDER (--data FILE | --text STRING) [flags]

Explains predictions of an ONNX model (or of a Hugging Face export folder: model.onnx with config.json and
its tokenizer or preprocessor files) with LIME and prints the result.

Instances
  --data FILE              tabular: a CSV with a header; text: JSON Lines with a "text" field, or a
                           plain text file; image: a PNG or JPEG file
  --text STRING            text models: the text to explain, instead of --data
  --row N | --rows A-B     which row(s) of --data, 0-based (CSV: header excluded; JSONL: line); default 0
  --profile FILE           a model profile (JSON) overriding what is inferred

LIME
  --num-samples N|auto     neighbourhood size (default 5000; image 1000); auto: start at 1000 and grow
                           until every step of forward selection is stable (S-LIME), see below
  --confidence C           with auto: the confidence of the stability test (default 0.95)
  --max-samples N          with auto: the most samples to grow to (default 100000)
  --time-budget T          with auto: stop growing after T (e.g. 2s, 500ms; default none)
  --num-features K         features in the explanation (default 10; image: all segments)
  --labels I,J             classes to explain (default: the predicted class)
  --top-labels K           explain the K most probable classes instead (image default 5)
  --feature-selection F    auto | none | forward-selection | highest-weights | lasso-path (default auto)
  --kernel-width W|auto    kernel width (default: tabular 0.75·√columns, text 25, image 0.25); auto:
                           sweep ¼–4× the default, keep the most stable width within 90 % of the best
                           held-out fidelity
  --seed S                 seed of the first run (default 0)
  --runs R                 repeat with seeds S … S+R-1 and report stability (default 1)
  --method M               lime (default) | kernel-shap (2048 coalitions; tabular: 50 training rows as
                           background) | both (LIME, then KernelSHAP of the same instance, and how far
                           they agree)

Tabular
  --train FILE             training CSV for the statistics (default: --data)
  --label-column NAME      a column of the CSVs that is the ground truth, not a feature
  --categorical A,B        categorical columns (default: columns holding non-numbers, and columns
                           fed to string-typed model inputs)
  --discretizer D          quartile | decile | entropy | none (default quartile)
  --sample-around-instance continuous mode: sample around the instance, not the training mean

Text
  --text-mode M            bow (default) | positional | char
  --batch-size N           texts per model run (default 500)

Image
  --segmentation S         quickshift (default) | slic
  --segments FILE          a given segmentation: PNG of segment ids, or JSON {width,height,labels}
  --hide mean|R,G,B        what a hidden segment shows: its mean colour (default) or a colour
  --overlay FILE           write a PNG: strongest positive segments green, negative red, boundaries
  --batch-size N           images per model run (default 100)

Output
  --store FILE             also save each explained row into this audit file (created if missing);
                           with --rows, each row is committed as it completes
  --threads T              onnxruntime threads (default: cores, at most 4)
  --format json|text       output (default text); json with --rows prints JSON Lines

Batches (--rows)
  --resume                 with --store: skip the rows the audit already explained with the same model,
                           data, parameters and seeds (a killed batch continues where it stopped)
  --shard I/N              explain every N-th row of --rows from the I-th (0-based): run shards 0/N … N-1/N
                           anywhere, each into its own audit
  --progress json          one JSON line per finished row on stderr (done, total, row, run id, elapsed)
  --quiet                  no progress line on a terminal
  --workers auto|1|2       auto (default): the first rows run on one worker, and the rest alternate
                           between two when those rows spent under 80% of their time in the model (one
                           row's sampling and fitting then run beside the other's inference); the same
                           explanations, bit for bit, either way
`;

export const FLAGS = {
  data: { type: 'string' },
  row: { type: 'string' },
  rows: { type: 'string' },
  text: { type: 'string' },
  train: { type: 'string' },
  'label-column': { type: 'string' },
  categorical: { type: 'string' },
  profile: { type: 'string' },
  'num-samples': { type: 'string' },
  confidence: { type: 'string' },
  'max-samples': { type: 'string' },
  'time-budget': { type: 'string' },
  'num-features': { type: 'string' },
  labels: { type: 'string' },
  'top-labels': { type: 'string' },
  discretizer: { type: 'string' },
  method: { type: 'string' },
  'feature-selection': { type: 'string' },
  'kernel-width': { type: 'string' },
  'sample-around-instance': { type: 'boolean' },
  'text-mode': { type: 'string' },
  'batch-size': { type: 'string' },
  segments: { type: 'string' },
  segmentation: { type: 'string' },
  hide: { type: 'string' },
  overlay: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  threads: { type: 'string' },
  store: { type: 'string' },
  format: { type: 'string' },
  resume: { type: 'boolean' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  ...PROGRESS_FLAGS,
} as const;

export type ExplainFlags = FlagValues<typeof FLAGS>;

export async function explainCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('explain', argv, FLAGS);
  if (f.help) {
    io.out(EXPLAIN_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw usage(`explain: expected one model file, found ${positionals.length ? positionals.join(' ') : 'none'}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const rows = shardOf(rowsFlag(f.row, f.rows), f.shard);
  if (f.resume && !f.store) throw usage('--resume: expected with --store FILE (the audit to continue), found none');
  const { progress, quiet } = progressOptions(f);
  const workers = workersFor(f, rows.length);
  const { pool, threads, spinning, split } = workers;
  try {
    const { model, prepared } = await startAndPrepare(f, positionals[0], rows, workers);
    const options = {
      format,
      threads,
      spinning,
      split,
      store: f.store ?? null,
      resume: f.resume ?? false,
      progress,
      quiet,
    } as const;
    await runPrepared(pool, model, prepared, options, io);
  } finally {
    await pool.close();
  }
  return 0;
}

/**
 * Starts the workers, then reads the model (and --profile) and prepares the explanation, the model's session
 * opening on the workers as soon as it is described. The model's and the data's readers load after the
 * workers start, so that a worker's own start-up (its code, onnxruntime) runs beside them on the other
 * core: about 50 ms sooner (one-row explain from the shell, breast_cancer 0.33 → 0.28 s, debian_text 0.27 →
 * 0.21 s).
 */
export async function startAndPrepare(
  f: ExplainFlags,
  modelPath: string,
  rows: number[],
  { pool, threads, spinning }: Workers,
): Promise<{ model: ModelDescription; prepared: PreparedExplanation }> {
  pool.start();
  const [{ describeModelFile }, { prepareExplanation }] = await Promise.all([
    import('../backend/onnx/loadModel'),
    import('../backend/explain/prepareExplanation'),
  ]);
  const profile = f.profile ? await (await import('../backend/onnx/readProfileFile')).readProfileFile(f.profile) : null;
  const model = await describeModelFile(modelPath, profile);
  pool.open(model, threads, { spinning, everyWorker: !spinning });
  return { model, prepared: await prepareExplanation(model, explainInput(f, rows), commonParams(f, model)) };
}

type Workers = ReturnType<typeof workersFor>;

/**
 * The workers a command's rows run on (--threads, --workers): one row on one worker whose onnxruntime threads
 * spin; a batch on up to two (see WorkerPool.runBatch), whose threads then must not spin.
 */
export function workersFor(
  f: Pick<ExplainFlags, 'threads' | 'workers'>,
  rows: number,
): { pool: WorkerPool; threads: number | undefined; spinning: boolean; split: 'auto' | 1 | 2 } {
  const threads = f.threads === undefined ? undefined : intFlag('--threads', f.threads, 1, 1, 64);
  const workers = choiceFlag('--workers', f.workers, ['auto', '1', '2'] as const, 'auto');
  const batch = rows > BATCH_PROBE && workers !== '1';
  const split = workers === 'auto' ? 'auto' : workers === '2' ? 2 : 1;
  return { pool: new WorkerPool(batch ? 2 : 1), threads, spinning: !batch, split };
}

/** Runs a prepared explanation in the worker, printing (and saving) each instance as it completes. */
async function runPrepared(
  pool: WorkerPool,
  model: ModelDescription,
  prepared: PreparedExplanation,
  options: {
    format: 'json' | 'text';
    threads?: number;
    spinning?: boolean;
    split?: 'auto' | 1 | 2;
    store: string | null;
    resume?: boolean;
    progress?: 'json' | null;
    quiet?: boolean;
  },
  io: CommandIo,
): Promise<void> {
  const store = options.store
    ? await (await import('./storeSession')).StoreSession.open(options.store, model, prepared.datasets)
    : null;
  try {
    const job =
      options.resume && store ? withoutRows(prepared.job, store.explainedRows(prepared.documentParams)) : prepared.job;
    const skipped = prepared.job.instances.length - job.instances.length;
    if (skipped > 0)
      io.err(
        `resume: ${skipped} of ${prepared.job.instances.length} rows already explained in ${options.store}, skipped`,
      );
    const report = batchProgress(job.instances.length, options, io);
    await pool.runBatch(
      model,
      job,
      {
        threads: options.threads,
        spinning: options.spinning,
        signal: io.closed,
        onInstance: (result) => {
          const doc = prepared.documentFor(result);
          const runId = store?.save(doc, result);
          report(result.row, runId);
          if (options.format === 'json')
            io.out(JSON.stringify(runId === undefined ? doc : { ...doc, store: { path: options.store, runId } }));
          else
            io.out(
              `${formatExplanationText(doc, prepared.source)}${runId === undefined ? '' : `\nSaved      run ${runId} in ${options.store}`}\n`,
            );
        },
      },
      options.split,
    );
    await prepared.finish?.();
    report.end();
  } finally {
    store?.close(io);
  }
}

/** Flags → the request, each flag's format checked here; what applies to which model is checked by the backend. */
export function explainInput(f: ExplainFlags, rows: number[]): ExplainInput {
  return {
    rows,
    data: f.data,
    text: f.text,
    train: f.train,
    labelColumn: f['label-column'],
    categorical: f.categorical === undefined ? undefined : listFlag(f.categorical),
    discretizer:
      f.discretizer === undefined ? undefined : choiceFlag('--discretizer', f.discretizer, DISCRETIZERS, 'quartile'),
    method: f.method === undefined ? undefined : choiceFlag('--method', f.method, EXPLAIN_METHODS, 'lime'),
    autoKernelWidth: f['kernel-width'] === 'auto' ? true : undefined,
    sampleAroundInstance: f['sample-around-instance'],
    textMode: f['text-mode'] === undefined ? undefined : choiceFlag('--text-mode', f['text-mode'], TEXT_MODES, 'bow'),
    batchSize: f['batch-size'] === undefined ? undefined : intFlag('--batch-size', f['batch-size'], 1, 1, 1_000_000),
    segments: f.segments,
    segmentation:
      f.segmentation === undefined
        ? undefined
        : choiceFlag('--segmentation', f.segmentation, SEGMENTATIONS, 'quickshift'),
    hide: f.hide === undefined || f.hide === 'mean' ? f.hide : listFlag(f.hide).map(Number),
    overlay: f.overlay,
  };
}

export function commonParams(f: ExplainFlags, model: ModelDescription): CommonParams {
  const labels =
    f.labels === undefined ? null : listFlag(f.labels).map((l) => intFlag('--labels', l, 0, 0, LIMITS.labels));
  const topLabels =
    f['top-labels'] === undefined ? null : intFlag('--top-labels', f['top-labels'], 1, 1, LIMITS.labels);
  const auto = f['num-samples']?.trim() === 'auto';
  if (!auto)
    for (const flag of ['confidence', 'max-samples', 'time-budget'] as const)
      if (f[flag] !== undefined)
        throw usage(`--${flag}: expected with --num-samples auto (it sets the sample guarantee), found without`);
  const guarantee = auto
    ? {
        confidence: f.confidence === undefined ? DEFAULT_GUARANTEE_PARAMS.confidence : Number(f.confidence),
        maxSamples:
          f['max-samples'] === undefined
            ? DEFAULT_GUARANTEE_PARAMS.maxSamples
            : intFlag('--max-samples', f['max-samples'], 0, 2, LIMITS.numSamples),
        timeBudgetMs:
          f['time-budget'] === undefined
            ? DEFAULT_GUARANTEE_PARAMS.timeBudgetMs
            : durationFlag('--time-budget', f['time-budget']),
      }
    : null;
  const featureSelection = choiceFlag('--feature-selection', f['feature-selection'], FEATURE_SELECTIONS, 'auto');
  validateExplainRequest(
    { labels, topLabels, guarantee, featureSelection, method: f.method },
    { task: model.profile.task, classNames: model.profile.classNames, path: model.path },
  );
  return {
    guarantee,
    numSamples:
      f['num-samples'] === undefined || auto
        ? undefined
        : intFlag('--num-samples', f['num-samples'], 5000, 2, LIMITS.numSamples),
    numFeatures:
      f['num-features'] === undefined
        ? undefined
        : intFlag('--num-features', f['num-features'], 10, 1, LIMITS.numFeatures),
    kernelWidth:
      f['kernel-width'] === undefined || f['kernel-width'] === 'auto'
        ? null
        : positiveFlag('--kernel-width', f['kernel-width']),
    featureSelection,
    seed: intFlag('--seed', f.seed, 0, 0, 2 ** 32 - 1),
    runs: intFlag('--runs', f.runs, 1, 1, LIMITS.runs),
    labels,
    topLabels,
  };
}

/** --shard I/N: every N-th of the rows from the I-th, so N processes anywhere split a batch between them. */
export function shardOf(rows: number[], shard: string | undefined): number[] {
  if (shard === undefined) return rows;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(shard);
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || n < 1 || i >= n)
    throw usage(`--shard: expected I/N with 0 ≤ I < N, such as 0/4, found "${shard.slice(0, 40)}"`);
  return rows.filter((_, k) => k % n === i);
}
