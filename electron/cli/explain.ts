import { explanationDocument } from '../../shared/contract/explanationDocument';
import { WorkbenchError, invalidInput } from '../../shared/contract/errors';
import { DEFAULT_TABULAR_PARAMS, type TabularParams } from '../../shared/domain/params';
import { DISCRETIZERS, FEATURE_SELECTIONS } from '../../shared/domain/tabular';
import { readCsv } from '../backend/data/readCsv';
import { buildTabularDataset, instanceAt, type TabularDataset } from '../backend/data/tabularDataset';
import { WorkerPool } from '../backend/jobs/workerPool';
import type { InstanceExplanation } from '../backend/jobs/tabularJob';
import { describeModelFile, type ModelDescription } from '../backend/onnx/loadModel';
import { readProfileFile } from '../backend/onnx/readProfileFile';
import { planFeeds } from '../backend/onnx/tabularPredictor';
import { choiceFlag, intFlag, listFlag, parseFlags, positiveFlag, rowsFlag, usage } from './args';
import { formatExplanationText } from './formatText';
import type { CommandIo } from './io';
import { StoreSession } from './storeSession';

export const EXPLAIN_HELP = `Usage: lime-workbench explain MODEL.onnx --data FILE [flags]

Explains predictions of an ONNX model with LIME and prints the result.

  --data FILE              instances: a CSV with a header (tabular)
  --row N | --rows A-B     which row(s) of --data, 0-based, header excluded (default 0)
  --train FILE             training CSV for the statistics (default: --data)
  --label-column NAME      a column of the CSVs that is the ground truth, not a feature
  --categorical A,B        categorical columns (default: columns holding non-numbers,
                           and columns fed to string-typed model inputs)
  --profile FILE           a model profile (JSON) overriding what is inferred
  --num-samples N          neighbourhood size (default 5000)
  --num-features K         features in the explanation (default 10)
  --labels I,J             classes to explain (default: the predicted class)
  --top-labels K           explain the K most probable classes instead
  --discretizer D          quartile | decile | entropy | none (default quartile)
  --feature-selection F    auto | none | forward-selection | highest-weights | lasso-path
  --kernel-width W         kernel width (default 0.75 · √columns)
  --sample-around-instance continuous mode: sample around the instance, not the mean
  --seed S                 seed of the first run (default 0)
  --runs R                 repeat with seeds S … S+R-1 and report stability (default 1)
  --threads T              onnxruntime threads (default: cores, at most 4)
  --store FILE             also save each explained row into this audit file (created if
                           missing); with --rows, each row is committed as it completes
  --format json|text       output (default text); json with --rows prints JSON Lines
`;

const FLAGS = {
  data: { type: 'string' },
  row: { type: 'string' },
  rows: { type: 'string' },
  text: { type: 'string' },
  train: { type: 'string' },
  'label-column': { type: 'string' },
  categorical: { type: 'string' },
  profile: { type: 'string' },
  'num-samples': { type: 'string' },
  'num-features': { type: 'string' },
  labels: { type: 'string' },
  'top-labels': { type: 'string' },
  discretizer: { type: 'string' },
  'feature-selection': { type: 'string' },
  'kernel-width': { type: 'string' },
  'sample-around-instance': { type: 'boolean' },
  segments: { type: 'string' },
  segmentation: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  threads: { type: 'string' },
  store: { type: 'string' },
  format: { type: 'string' },
} as const;

export async function explainCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('explain', argv, FLAGS);
  if (f.help) {
    io.out(EXPLAIN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw usage(`explain: expected one model file, found ${positionals.length ? positionals.join(' ') : 'none'}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const rows = rowsFlag(f.row, f.rows);
  const threads = f.threads === undefined ? undefined : intFlag('--threads', f.threads, 1, 1, 64);
  const model = await describeModelFile(positionals[0], f.profile ? await readProfileFile(f.profile) : null);
  const { profile } = model;
  if (profile.modality !== 'tabular') {
    throw new WorkbenchError('unsupported', `${model.path}: a ${profile.modality} model; this version explains tabular models (text and image explanations are coming)`);
  }
  if (f.text !== undefined || f.segments !== undefined || f.segmentation !== undefined) {
    throw usage('--text, --segments and --segmentation: expected only with text or image models, found a tabular model');
  }
  if (!f.data) throw usage('explain: expected --data FILE (a CSV of instances), found none');
  const params = resolveParams(f, model);
  const data = await readCsv(f.data);
  const train = f.train ? await readCsv(f.train) : data;
  const dataset = buildTabularDataset(data, train, {
    labelColumn: f['label-column'] ?? null,
    categorical: listFlag(f.categorical),
    modelCategorical: profile.tabular?.categorical ?? [],
    classNames: profile.classNames,
  });
  planFeeds(model, dataset.columns);
  if (params.discretizer === 'entropy') checkEntropy(dataset, f['label-column'], model);
  const instances = rows.map((row) => ({ row, values: instanceAt(dataset, row, f.data!) }));
  const store = f.store ? await StoreSession.open(f.store, model, data, train, f['label-column'] ?? null) : null;
  const pool = new WorkerPool(1);
  try {
    await pool.run(
      model,
      { kind: 'tabular', columns: dataset.columns, train: dataset.train, trainLabels: dataset.trainLabels, instances, params },
      {
        threads,
        onInstance: (result) => {
          const doc = documentFor(model, dataset, result, params);
          const runId = store?.save(doc);
          io.out(format === 'json' ? JSON.stringify(runId === undefined ? doc : { ...doc, store: { path: f.store, runId } }) : `${formatExplanationText(doc, f.data!)}${runId === undefined ? '' : `\nSaved    run ${runId} in ${f.store}`}\n`);
        },
      },
    );
  } finally {
    await pool.close();
    store?.close();
  }
  return 0;
}

type ExplainFlags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** Flags → parameters, each checked against the model (labels against its classes). */
function resolveParams(f: ExplainFlags, model: ModelDescription): TabularParams {
  const d = DEFAULT_TABULAR_PARAMS;
  const regression = model.profile.task === 'regression';
  const classes = model.profile.classNames?.length ?? null;
  if (regression && (f.labels !== undefined || f['top-labels'] !== undefined)) {
    throw usage(`--labels/--top-labels: expected a classifier, found a regression model (${model.path})`);
  }
  if (f.labels !== undefined && f['top-labels'] !== undefined) throw usage('--labels and --top-labels: expected one of them, found both');
  const labels =
    f.labels === undefined
      ? null
      : listFlag(f.labels).map((l) => intFlag('--labels', l, 0, 0, classes === null ? Number.MAX_SAFE_INTEGER : classes - 1));
  if (labels !== null && labels.length === 0) throw usage('--labels: expected class indices such as 0,1, found none');
  return {
    numSamples: intFlag('--num-samples', f['num-samples'], d.numSamples, 2, 10_000_000),
    numFeatures: intFlag('--num-features', f['num-features'], d.numFeatures, 1, 100_000),
    kernelWidth: f['kernel-width'] === undefined ? null : positiveFlag('--kernel-width', f['kernel-width']),
    discretizer: choiceFlag('--discretizer', f.discretizer, DISCRETIZERS, d.discretizer),
    featureSelection: choiceFlag('--feature-selection', f['feature-selection'], FEATURE_SELECTIONS, d.featureSelection),
    sampleAroundInstance: f['sample-around-instance'] ?? false,
    seed: intFlag('--seed', f.seed, d.seed, 0, 2 ** 32 - 1),
    runs: intFlag('--runs', f.runs, d.runs, 1, 1000),
    labels,
    topLabels: f['top-labels'] === undefined ? null : intFlag('--top-labels', f['top-labels'], 1, 1, classes ?? Number.MAX_SAFE_INTEGER),
  };
}

function checkEntropy(dataset: TabularDataset, labelColumn: string | undefined, model: ModelDescription): void {
  if (model.profile.task !== 'classification') throw usage('--discretizer entropy: expected a classifier, found a regression model');
  if (!labelColumn || !dataset.trainLabels) throw usage('--discretizer entropy: expected --label-column naming the training labels, found none');
  const bad = dataset.trainLabels.find((v) => !Number.isInteger(v) || v < 0);
  if (bad !== undefined) throw invalidInput(`--label-column ${labelColumn}`, 'class indices (0, 1, …) or class names', String(bad));
}

function documentFor(model: ModelDescription, dataset: TabularDataset, result: InstanceExplanation, params: TabularParams) {
  const cells = dataset.dataCells[result.row];
  const values = Object.fromEntries(dataset.columns.map((c, j) => [c.name, c.kind === 'numeric' ? Number(cells[j]) : cells[j].trim()]));
  return explanationDocument({
    model: { path: model.path, sha256: model.sha256 },
    modality: 'tabular',
    task: model.profile.task,
    classNames: model.profile.classNames,
    row: result.row,
    values,
    prediction: result.prediction,
    params,
    kernelWidth: result.kernelWidth,
    runs: result.runs,
    stability: result.stability,
  });
}
