import { explanationDocument } from '../../shared/contract/explanationDocument';
import { invalidInput } from '../../shared/contract/errors';
import { DEFAULT_TABULAR_PARAMS, type TabularParams } from '../../shared/domain/params';
import { DISCRETIZERS } from '../../shared/domain/tabular';
import { readCsv, type CsvTable } from '../backend/data/readCsv';
import { buildTabularDataset, instanceAt, type TabularDataset } from '../backend/data/tabularDataset';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { planFeeds } from '../backend/onnx/tabularPredictor';
import { choiceFlag, listFlag, usage } from './args';
import type { CommonParams, ExplainFlags } from './explain';
import type { PreparedExplanation } from './explainInput';

/** `explain` on a tabular model: CSVs → coded tables, checked against the model's inputs. */
export async function prepareTabular(model: ModelDescription, f: ExplainFlags, common: CommonParams, rows: number[]): Promise<PreparedExplanation> {
  if (f.text !== undefined || f.segments !== undefined || f.segmentation !== undefined || f.overlay !== undefined) {
    throw usage('--text, --segments, --segmentation and --overlay: expected only with text or image models, found a tabular model');
  }
  if (!f.data) throw usage('explain: expected --data FILE (a CSV of instances), found none');
  const profile = model.profile;
  const params: TabularParams = {
    ...DEFAULT_TABULAR_PARAMS,
    ...common,
    discretizer: choiceFlag('--discretizer', f.discretizer, DISCRETIZERS, DEFAULT_TABULAR_PARAMS.discretizer),
    sampleAroundInstance: f['sample-around-instance'] ?? false,
  };
  const data = await readCsv(f.data);
  const train = f.train ? await readCsv(f.train) : data;
  const labelColumn = f['label-column'] ?? null;
  const dataset = buildTabularDataset(data, train, {
    labelColumn,
    categorical: listFlag(f.categorical),
    modelCategorical: profile.tabular?.categorical ?? [],
    classNames: profile.classNames,
  });
  planFeeds(model, dataset.columns);
  if (params.discretizer === 'entropy') checkEntropy(dataset, labelColumn, model);
  const register = (t: CsvTable) => ({ path: t.path, sha256: t.sha256, columns: t.header.filter((h) => h !== labelColumn), rowCount: t.rows.length });
  return {
    job: {
      kind: 'tabular',
      columns: dataset.columns,
      train: dataset.train,
      trainLabels: dataset.trainLabels,
      instances: rows.map((row) => ({ row, values: instanceAt(dataset, row, data.path) })),
      params,
    },
    datasets: { data: register(data), train: train === data ? null : register(train) },
    source: data.path,
    documentFor: (result) => {
      const cells = dataset.dataCells[result.row];
      const values = Object.fromEntries(dataset.columns.map((c, j) => [c.name, c.kind === 'numeric' ? Number(cells[j]) : cells[j].trim()]));
      return explanationDocument({
        model: { path: model.path, sha256: model.sha256 },
        modality: 'tabular',
        task: profile.task,
        classNames: profile.classNames,
        instance: { row: result.row, values },
        prediction: result.prediction,
        params,
        kernelWidth: result.kernelWidth,
        runs: result.runs,
        stability: result.stability,
      });
    },
  };
}

function checkEntropy(dataset: TabularDataset, labelColumn: string | null, model: ModelDescription): void {
  if (model.profile.task !== 'classification') throw usage('--discretizer entropy: expected a classifier, found a regression model');
  if (!labelColumn || !dataset.trainLabels) throw usage('--discretizer entropy: expected --label-column naming the training labels, found none');
  const bad = dataset.trainLabels.find((v) => !Number.isInteger(v) || v < 0);
  if (bad !== undefined) throw invalidInput(`--label-column ${labelColumn}`, 'class indices (0, 1, …) or class names', String(bad));
}
