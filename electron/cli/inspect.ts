import { describeModelFile, type ModelDescription } from '../backend/onnx/loadModel';
import { readProfileFile } from '../backend/onnx/readProfileFile';
import { choiceFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';

export const INSPECT_HELP = `Usage: lime-workbench inspect MODEL.onnx|EXPORT_FOLDER [--profile FILE] [--format json|text]

Prints what the model is: inputs and outputs (names, types, shapes), opsets, producer, metadata, and the
profile the workbench infers for it (or the given --profile laid over it), with where each field came
from. A Hugging Face export folder (model.onnx with config.json and its tokenizer or preprocessor files)
is read as one model; its files and their SHA-256 are listed.
`;

/** The JSON `inspect --format json` prints. */
export function inspectDocument(model: ModelDescription) {
  return {
    schema: 'lime-workbench/model@1',
    path: model.path,
    sha256: model.sha256,
    size: model.size,
    ...model.info,
    zipMaps: model.facts.zipMaps,
    inferredProfile: model.inferred,
    profile: model.profile,
    profileSources: model.sources ?? {},
  };
}

export async function inspectCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('inspect', argv, {
    profile: { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help) {
    io.out(INSPECT_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw usage(
      `inspect: expected one model file or export folder, found ${positionals.length ? positionals.join(' ') : 'none'}`,
    );
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const model = await describeModelFile(positionals[0], f.profile ? await readProfileFile(f.profile) : null);
  io.out(format === 'json' ? JSON.stringify(inspectDocument(model), null, 2) : formatInspectText(model));
  return 0;
}

function formatInspectText(model: ModelDescription): string {
  const { info } = model;
  const rows: [string, string][] = [
    ['Model', `${model.path}`],
    ['SHA-256', model.sha256],
    ['Size', `${(model.size / 1024).toFixed(1)} KiB`],
    ['Format', `ONNX, IR version ${info.irVersion}`],
    ['Producer', [info.producerName, info.producerVersion].filter(Boolean).join(' ') || '(not recorded)'],
    ['Opsets', info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')],
    ...info.inputs.map((t, i): [string, string] => [i === 0 ? 'Inputs' : '', `${t.name}  ${t.display}`]),
    ...info.outputs.map((t, i): [string, string] => {
      const zip = model.facts.zipMaps.find((z) => z.output === t.name);
      return [
        i === 0 ? 'Outputs' : '',
        `${t.name}  ${t.display}${zip ? `  (ZipMap: read as float32[N,${zip.classLabels.length}] from "${zip.tensor}")` : ''}`,
      ];
    }),
    [
      'Operators',
      Object.entries(info.operators)
        .map(([op, n]) => `${op} ×${n}`)
        .join(', '),
    ],
    ...Object.entries(info.metadata).map(([k, v], i): [string, string] => [
      i === 0 ? 'Metadata' : '',
      `${k} = ${v.length > 100 ? `${v.slice(0, 100)}…` : v}`,
    ]),
  ];
  const p = model.profile;
  rows.push(['Profile', `${p.modality} ${p.task}, reads "${p.output}" as ${p.outputKind}`]);
  if (p.classNames) rows.push(['Classes', p.classNames.join(', ')]);
  if (p.tabular?.featureNames) rows.push(['Features', p.tabular.featureNames.join(', ')]);
  if (p.tabular?.categorical.length) rows.push(['Categorical', p.tabular.categorical.join(', ')]);
  if (p.text?.tokenizer.type === 'huggingface')
    rows.push([
      'Tokenizer',
      `${p.text.tokenizer.file}${p.text.tokenizer.maxLength ? `, at most ${p.text.tokenizer.maxLength} tokens` : ''}`,
    ]);
  if (p.image)
    rows.push([
      'Image',
      `${p.image.width}×${p.image.height}×${p.image.channels} ${p.image.layout}, ÷${Number(p.image.scale.toPrecision(6))}, mean ${p.image.mean.join('/')}, std ${p.image.std.join('/')}${p.image.resize ? `, ${p.image.resize.fit} (${p.image.resize.kernel})` : ''}`,
    ]);
  for (const [i, f] of (info.exportFiles ?? []).entries())
    rows.push([i === 0 ? 'Files' : '', `${f.name}  ${f.sha256.slice(0, 16)}…  ${f.size} bytes`]);
  for (const [i, [field, source]] of Object.entries(model.sources ?? {}).entries())
    rows.push([i === 0 ? 'From' : '', `${field}: ${source}`]);
  return rows.map(([k, v]) => `${k.padEnd(12)}${v}`).join('\n');
}
