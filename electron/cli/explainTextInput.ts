import { createHash } from 'node:crypto';
import { explanationDocument } from '../../shared/contract/explanationDocument';
import { WorkbenchError, invalidInput } from '../../shared/contract/errors';
import { DEFAULT_TEXT_PARAMS, type TextParams } from '../../shared/domain/params';
import { readTexts } from '../backend/data/readTexts';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { textEncoder } from '../backend/text/textEncoder';
import { choiceFlag, intFlag, usage } from './args';
import type { CommonParams, ExplainFlags } from './explain';
import type { PreparedExplanation } from './explainInput';

/** `explain` on a text model: `--text`, or rows of a JSON Lines / plain text file. */
export async function prepareText(model: ModelDescription, f: ExplainFlags, common: CommonParams, rows: number[]): Promise<PreparedExplanation> {
  if (f.segments !== undefined || f.segmentation !== undefined || f.overlay !== undefined || f.discretizer !== undefined || f.train !== undefined) {
    throw usage('--segments, --segmentation, --overlay, --discretizer and --train: expected only with image or tabular models, found a text model');
  }
  if ((f.text === undefined) === (f.data === undefined)) throw usage('explain: expected one of --text STRING or --data FILE for a text model, found ' + (f.text === undefined ? 'neither' : 'both'));
  const profile = model.profile.text;
  if (!profile) throw new WorkbenchError('invalid-input', `${model.path}: expected a text profile, found none`);
  if (profile.tokenizer.type === 'huggingface' && !profile.tokenizer.file) {
    throw new WorkbenchError('invalid-input', `${model.path}: a text model whose tokenizer the workbench cannot infer; expected a --profile naming text.tokenizer (a tokenizer.json, or a regex and vocabulary), found none`);
  }
  textEncoder(profile.tokenizer, model.info.metadata); // refuse a broken tokenizer before starting a worker
  const params: TextParams = {
    ...DEFAULT_TEXT_PARAMS,
    ...common,
    mode: choiceFlag('--text-mode', f['text-mode'], ['bow', 'positional', 'char'] as const, profile.charLevel ? 'char' : profile.bow === false ? 'positional' : 'bow'),
    split: profile.split ?? DEFAULT_TEXT_PARAMS.split,
    batchSize: intFlag('--batch-size', f['batch-size'], profile.batchSize ?? DEFAULT_TEXT_PARAMS.batchSize, 1, 1_000_000),
  };
  const source = f.text !== undefined ? '--text' : f.data!;
  const loaded = f.text !== undefined ? { texts: [f.text], sha256Source: null } : await readTexts(f.data!);
  const instances = rows.map((row) => {
    if (row >= loaded.texts.length) throw invalidInput(`--row ${row}`, `a row of ${source} from 0 to ${loaded.texts.length - 1}`, 'a row past the end');
    return { row, text: loaded.texts[row] };
  });
  return {
    job: { kind: 'text', instances, params },
    datasets: {
      data: loaded.sha256Source ? { path: f.data!, sha256: createHash('sha256').update(loaded.sha256Source).digest('hex'), columns: ['text'], rowCount: loaded.texts.length } : null,
      train: null,
    },
    source,
    documentFor: (result) =>
      explanationDocument({
        model: { path: model.path, sha256: model.sha256 },
        modality: 'text',
        task: model.profile.task,
        classNames: model.profile.classNames,
        instance: { row: result.row, text: loaded.texts[result.row] },
        prediction: result.prediction,
        params,
        kernelWidth: result.kernelWidth,
        runs: result.runs,
        stability: result.stability,
      }),
  };
}
