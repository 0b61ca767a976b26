import { resolve } from 'node:path';
import { API_ARGUMENTS, type ApiArgs, type ExplainParamsInput, type StudyDetail } from '../../shared/contract/api';
import { WorkbenchError } from '../../shared/contract/errors';
import { FEATURE_SELECTIONS, DISCRETIZERS } from '../../shared/domain/tabular';
import { createBackend, type Backend } from '../backend/app/createBackend';
import { jobOutcome } from '../backend/app/jobOutcome';
import { choiceFlag, intFlag, listFlag, parseFlags, positiveFlag, rowsFlag, usage } from './args';
import type { CommandIo } from './io';
import { countProgress, PROGRESS_FLAGS, progressOptions } from './progress';
import { printHead } from './signing';

export const COMPARE_HELP = `Usage: lime-workbench compare --store FILE --models A,B --data FILE (--rows A-B | --where EXPR) [flags]

Version review: explains every chosen row under model A and model B with the same parameters (each row its
own seed, the same under both), saves the study in the audit file, and prints what changed: prediction
flips, how far the two explanations agree, and which inputs B leans on more or less than A.

  --store FILE             the audit file (created if missing)
  --models A,B             two models: ids of the audit's models, or ONNX files (registered if new)
  --data FILE              the rows to compare (CSV or JSON Lines)
  --train FILE             tabular: training CSV for the sampling statistics (default: --data)
  --label-column NAME      the ground-truth column of the CSVs, left out of the features
  --rows A-B               the rows, 0-based and inclusive
  --where EXPR             or a cohort: rows matching a filter over the columns, such as
                           'age > 60 and housing = "own"' (backquote names with spaces: \`mean radius\`)
  --title TEXT             the study's title (default: "A against B")
  --num-samples N          neighbourhood size (default 5000; image 1000)
  --num-features K         features per explanation (default 10)
  --feature-selection F    ${FEATURE_SELECTIONS.join(' | ')}
  --kernel-width W         kernel width (default: the modality's)
  --discretizer D          ${DISCRETIZERS.join(' | ')}
  --seed S                 row k is explained with seed S + k under both models (default 0)
  --format json|text       output (default text); json: the schema lime-workbench/comparison@1
  --progress json          one JSON line per saved run on stderr (done, total, row, run id, elapsed);
                           on a terminal one line shows runs done, rate and time left (--quiet: none)

A study whose rows were explained before (an earlier study with the same parameters) reuses those runs.
`;

const FLAGS = {
  store: { type: 'string' },
  models: { type: 'string' },
  data: { type: 'string' },
  train: { type: 'string' },
  'label-column': { type: 'string' },
  rows: { type: 'string' },
  where: { type: 'string' },
  title: { type: 'string' },
  'num-samples': { type: 'string' },
  'num-features': { type: 'string' },
  'feature-selection': { type: 'string' },
  'kernel-width': { type: 'string' },
  discretizer: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  ...PROGRESS_FLAGS,
} as const;

export async function compareCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('compare', argv, FLAGS);
  if (f.help) return (io.out(COMPARE_HELP), 0);
  if (positionals.length) throw usage(`compare: expected no positional arguments, found ${positionals.join(' ')}`);
  if (!f.store) throw usage('compare: expected --store FILE (the audit file the study is saved in), found none');
  if (!f.data) throw usage('compare: expected --data FILE (the rows to compare), found none');
  const models = listFlag(f.models);
  if (models.length !== 2)
    throw usage(`--models: expected two models A,B (ids or ONNX files), found "${f.models ?? ''}"`);
  if ((f.rows === undefined) === (f.where === undefined))
    throw usage(
      'compare: expected one of --rows A-B and --where EXPR, found ' + (f.rows === undefined ? 'neither' : 'both'),
    );
  const format = choiceFlag('--format', f.format, ['text', 'json'] as const, 'text');
  const params: ExplainParamsInput = { seed: intFlag('--seed', f.seed, 0, 0, 2 ** 32 - 1) };
  if (f['num-samples'] !== undefined) params.numSamples = intFlag('--num-samples', f['num-samples'], 0, 2, 100_000);
  if (f['num-features'] !== undefined) params.numFeatures = intFlag('--num-features', f['num-features'], 0, 1, 100_000);
  if (f['feature-selection'] !== undefined)
    params.featureSelection = choiceFlag('--feature-selection', f['feature-selection'], FEATURE_SELECTIONS, 'auto');
  if (f['kernel-width'] !== undefined) params.kernelWidth = positiveFlag('--kernel-width', f['kernel-width']);
  if (f.discretizer !== undefined)
    params.discretizer = choiceFlag('--discretizer', f.discretizer, DISCRETIZERS, 'quartile');

  const backend = createBackend({ storePath: f.store, create: true, workers: 2 });
  try {
    const api = backend.api;
    // One after the other: a new file's version label depends on the ones registered before it.
    const modelA = await modelId(backend, models[0]);
    const modelB = await modelId(backend, models[1]);
    const data = await api.addDataset({ path: resolve(f.data) });
    const train = f.train ? await api.addDataset({ path: resolve(f.train) }) : null;
    const args: ApiArgs<'createStudy'> = {
      modelAId: modelA,
      modelBId: modelB,
      datasetId: data.id,
      ...(train ? { trainDatasetId: train.id } : {}),
      ...(f['label-column'] ? { labelColumn: f['label-column'] } : {}),
      ...(f.rows !== undefined ? { rows: rowsFlag(undefined, f.rows) } : { where: f.where }),
      ...(f.title ? { title: f.title } : {}),
      params,
    };
    const parsed = API_ARGUMENTS.createStudy.safeParse(args);
    if (!parsed.success) throw usage(`compare: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    let studyId = 0;
    const progress = countProgress(progressOptions(f), io, 'runs');
    // A run saved, then the count that includes it: one update per saved run, naming it.
    let saved: { row: number; runId: number } | null = null;
    const off = backend.onEvent((event) => {
      if (event.type === 'job-run-saved') saved = { row: event.row, runId: event.runId };
      else if (event.type === 'job-progress' && saved) {
        progress(event.done, event.total, saved);
        saved = null;
      }
    });
    try {
      await jobOutcome(backend, async () => {
        const started = await api.createStudy(args);
        studyId = started.studyId;
        return started;
      });
    } finally {
      off();
      progress.end();
    }
    const detail = await api.getStudy({ studyId });
    io.out(format === 'json' ? JSON.stringify(comparisonDocument(detail, f.store), null, 2) : comparisonText(detail));
    printHead(io, (await api.getAudit({})).head);
    return 0;
  } finally {
    await backend.close();
  }
}

/** A model of the audit by id, or an ONNX file registered (once) by path. */
async function modelId(backend: Backend, spec: string): Promise<number> {
  if (/^\d+$/.test(spec)) {
    const found = (await backend.api.listModels({})).find((m) => m.id === Number(spec));
    if (!found)
      throw new WorkbenchError(
        'not-found',
        `--models ${spec}: expected a model id of this audit or an ONNX file, found neither`,
      );
    return found.id;
  }
  return (await backend.api.addModel({ path: resolve(spec) })).id;
}

/** The JSON of a study: lime-workbench/comparison@1. */
export function comparisonDocument(detail: StudyDetail, store: string) {
  const { study, summary } = detail;
  return {
    schema: 'lime-workbench/comparison@1',
    store,
    study: {
      id: study.id,
      title: study.title,
      models: [
        { id: study.modelAId, name: study.modelA },
        { id: study.modelBId, name: study.modelB },
      ],
      datasetId: study.datasetId,
      trainDatasetId: study.trainDatasetId,
      selection: study.selection,
      rows: study.rows,
      done: study.done,
      params: study.explain.params,
      labelColumn: study.explain.labelColumn,
      createdAt: study.createdAt,
    },
    summary: {
      text: summary.text,
      rows: summary.rows,
      label: summary.label,
      labelName: summary.labelName,
      flips: summary.flips.map((r) => ({ row: r.row, from: r.predictedA, to: r.predictedB, runIds: r.runIds })),
      meanDelta: summary.meanDelta,
      deltaHistogram: summary.deltaHistogram,
      medianRankCorrelation: summary.medianRankCorrelation,
      meanTopKOverlap: summary.meanTopKOverlap,
      topK: summary.topK,
      agreementHistogram: summary.agreementHistogram,
      shifts: summary.shifts,
      ranked: summary.ranked,
    },
    verdicts: detail.annotations,
  };
}

/** The study for a person: the summary, then the inputs whose importance shifted most. */
function comparisonText(detail: StudyDetail): string {
  const { study, summary } = detail;
  const lines = [
    `Study ${study.id}: ${study.title} — ${study.done} of ${study.rows.length} rows`,
    '',
    summary.text,
    '',
    `  ${'shift'.padStart(9)}  ${'interval'.padEnd(21)}  input`,
  ];
  for (const s of summary.shifts.slice(0, 10)) {
    const interval = `${s.intervalShift[0].toFixed(4)} … ${s.intervalShift[1].toFixed(4)}`;
    lines.push(
      `  ${(s.shift >= 0 ? '+' : '') + s.shift.toFixed(4)}`.padStart(11) +
        `  ${interval.padEnd(21)}  ${s.input}${s.established ? '' : ' (within noise)'}${s.signChanges ? `, sign reversed in ${s.signChanges} row${s.signChanges === 1 ? '' : 's'}` : ''}`,
    );
  }
  if (summary.flips.length)
    lines.push('', `Flips: ${summary.flips.map((r) => `row ${r.row} ${r.predictedA} → ${r.predictedB}`).join('; ')}`);
  return lines.join('\n');
}
