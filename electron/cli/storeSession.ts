import type { ExplanationDocument } from '../../shared/contract/explanationDocument';
import type { CsvTable } from '../backend/data/readCsv';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { registerDataset } from '../backend/store/datasets';
import { registerModel } from '../backend/store/models';
import { actorOf, openAudit, type Db } from '../backend/store/openAudit';
import { saveRun } from '../backend/store/runs';

/** `explain --store`: the audit file, with the model and data registered once, runs saved as they come. */
export class StoreSession {
  private constructor(
    private readonly db: Db,
    private readonly actor: string,
    private readonly modelId: number,
    private readonly datasetId: number,
    private readonly trainDatasetId: number,
  ) {}

  static async open(path: string, model: ModelDescription, data: CsvTable, train: CsvTable, labelColumn: string | null): Promise<StoreSession> {
    const db = openAudit(path, { create: true });
    try {
      const actor = actorOf();
      const modelRecord = registerModel(db, model, actor);
      const dataset = (t: CsvTable) => registerDataset(db, { path: t.path, sha256: t.sha256, columns: t.header.filter((h) => h !== labelColumn), rowCount: t.rows.length }, actor);
      const dataRecord = dataset(data);
      const trainRecord = train === data ? dataRecord : dataset(train);
      return new StoreSession(db, actor, modelRecord.id, dataRecord.id, trainRecord.id);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Saves one explained instance in its own transaction, so a batch keeps every row finished before a crash. */
  save(doc: ExplanationDocument): number {
    return saveRun(
      this.db,
      {
        modelId: this.modelId,
        datasetId: this.datasetId,
        trainDatasetId: this.trainDatasetId,
        row: doc.instance.row,
        modality: doc.modality,
        instance: doc.instance.values,
        params: doc.params,
        seed: doc.params.seed,
        prediction: 'value' in doc.prediction ? [doc.prediction.value] : doc.prediction.probabilities,
        runs: doc.runs,
        stability: doc.stability,
      },
      this.actor,
    );
  }

  close(): void {
    this.db.close();
  }
}
