import type { ExplanationDocument } from '../../shared/contract/explanationDocument';
import type { ModelDescription } from '../backend/onnx/loadModel';
import { registerDataset } from '../backend/store/datasets';
import { registerModel } from '../backend/store/models';
import { actorOf, openAudit, type Db } from '../backend/store/openAudit';
import { logPick, type RecordedPick } from '../backend/store/picks';
import { explainedRowsLike, saveRun } from '../backend/store/runs';
import { headOf } from '../backend/store/auditLog';
import type { CommandIo } from './io';
import { printHead } from './signing';
import { runFromDocument } from '../backend/store/runFromDocument';
import type { InstanceExplanation } from '../backend/jobs/runInstances';
import type { PreparedExplanation } from '../backend/explain/prepared';

/**
 * `explain --store` and `pick --store`: the audit file, runs saved as they come. The model and data are
 * registered in the transaction of the first saved run, so an explanation that fails leaves nothing behind.
 */
export class StoreSession {
  private ids: { modelId: number; datasetId: number | null; trainDatasetId: number | null } | null = null;

  private constructor(
    private readonly db: Db,
    private readonly actor: string,
    private readonly model: ModelDescription,
    private readonly datasets: PreparedExplanation['datasets'],
  ) {}

  /** Opens (or creates) the audit file now, so a file that is not an audit is refused before any work. */
  static async open(
    path: string,
    model: ModelDescription,
    datasets: PreparedExplanation['datasets'],
  ): Promise<StoreSession> {
    return new StoreSession(openAudit(path, { create: true }), actorOf(), model, datasets);
  }

  /** Saves one explained instance in its own transaction, so a batch keeps every row finished before a crash. */
  save(doc: ExplanationDocument, result: InstanceExplanation): number {
    const [runId, ids] = this.db
      .transaction(() => {
        const ids = this.ids ?? this.register();
        return [saveRun(this.db, runFromDocument(doc, result, ids), this.actor), ids] as const;
      })
      .immediate();
    // Kept only once committed: a rolled-back first save registers nothing.
    this.ids = ids;
    return runId;
  }

  /** The rows this audit already explained alike (see explainedRowsLike): what `explain --resume` skips. */
  explainedRows(documentParams: object): Set<number> {
    return explainedRowsLike(
      this.db,
      {
        model: this.model.sha256,
        data: this.datasets.data?.sha256 ?? null,
        train: (this.datasets.train ?? this.datasets.data)?.sha256 ?? null,
      },
      documentParams,
    );
  }

  /** Registers the model and data (each once per audit); call inside a transaction. */
  private register() {
    const model = registerModel(this.db, this.model, this.actor);
    const data = this.datasets.data ? registerDataset(this.db, this.datasets.data, this.actor) : null;
    const train = this.datasets.train ? registerDataset(this.db, this.datasets.train, this.actor) : data;
    return { modelId: model.id, datasetId: data?.id ?? null, trainDatasetId: train?.id ?? null };
  }

  /** Records an SP-LIME pick whose runs this session saved. */
  logPick(pick: Omit<RecordedPick, 'modelId' | 'datasetId'>): void {
    if (!this.ids) throw new Error('logPick: expected the picked runs saved first');
    logPick(this.db, this.actor, { modelId: this.ids.modelId, datasetId: this.ids.datasetId, ...pick });
  }

  /** Closes the file, printing the audit log's new head (the anchor to archive) on stderr. */
  close(io?: CommandIo): void {
    if (io) printHead(io, headOf(this.db));
    this.db.close();
  }
}
