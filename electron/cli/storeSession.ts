import type { ExplanationDocument } from '../../shared/contract/explanationDocument';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { registerDataset } from '../backend/store/datasets';
import { registerModel } from '../backend/store/models';
import { actorOf, openAudit, type Db } from '../backend/store/openAudit';
import { logPick, type RecordedPick } from '../backend/store/picks';
import { saveRun } from '../backend/store/runs';
import { headOf } from '../backend/store/auditLog';
import type { CommandIo } from './io';
import { printHead } from './signing';
import { runFromDocument } from '../backend/store/runFromDocument';
import type { InstanceExplanation } from '../backend/jobs/runInstances';
import type { PreparedExplanation } from '../backend/explain/prepared';

/** `explain --store` and `pick --store`: the audit file, with the model and data registered once, runs saved as they come. */
export class StoreSession {
  private constructor(
    private readonly db: Db,
    private readonly actor: string,
    private readonly modelId: number,
    private readonly datasetId: number | null,
    private readonly trainDatasetId: number | null,
  ) {}

  static async open(path: string, model: ModelDescription, datasets: PreparedExplanation['datasets']): Promise<StoreSession> {
    const db = openAudit(path, { create: true });
    try {
      const actor = actorOf();
      const modelRecord = registerModel(db, model, actor);
      const dataRecord = datasets.data ? registerDataset(db, datasets.data, actor) : null;
      const trainRecord = datasets.train ? registerDataset(db, datasets.train, actor) : dataRecord;
      return new StoreSession(db, actor, modelRecord.id, dataRecord?.id ?? null, trainRecord?.id ?? null);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Saves one explained instance in its own transaction, so a batch keeps every row finished before a crash. */
  save(doc: ExplanationDocument, result: InstanceExplanation): number {
    return saveRun(this.db, runFromDocument(doc, result, { modelId: this.modelId, datasetId: this.datasetId, trainDatasetId: this.trainDatasetId }), this.actor);
  }

  /** Records an SP-LIME pick whose runs this session saved. */
  logPick(pick: Omit<RecordedPick, 'modelId' | 'datasetId'>): void {
    logPick(this.db, this.actor, { modelId: this.modelId, datasetId: this.datasetId, ...pick });
  }

  /** Closes the file, printing the audit log's new head (the anchor to archive) on stderr. */
  close(io?: CommandIo): void {
    if (io) printHead(io, headOf(this.db));
    this.db.close();
  }
}

