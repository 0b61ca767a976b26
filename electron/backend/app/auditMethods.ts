import type { ApiArgs, ApiResults, AuditSummary, WorkbenchApi } from '../../../shared/contract/api';
import { WorkbenchError } from '../../../shared/contract/errors';
import { describeModelFile } from '../onnx/loadModel';
import { annotate, annotateRuns } from '../store/annotations';
import { headOf, useSigner } from '../store/auditLog';
import { keyPath, listKeys, loadSigner, localTrustedKeys } from '../keys/reviewerKeys';
import { checkAuditTarget, profileFiles, refuseOverwrite } from './fileRules';
import { exportRedactedCopy } from './redactedCopy';
import { registerDataset, getDataset, listDatasets } from '../store/datasets';
import { getModel, listModels, registerModel, updateModelProfile } from '../store/models';
import { checkProfile, mergeProfile } from '../onnx/inferProfile';
import { readAuditInfo } from '../store/openAudit';
import { countRuns, listRuns } from '../store/runs';
import { verifyAudit } from '../store/verifyAudit';
import { writeReport } from '../report/writeReport';
import type { BackendContext } from './backendContext';
import { datasetKindOf, pageOf, readDataset } from './datasetFiles';

type Methods = Pick<
  WorkbenchApi,
  | 'getAudit'
  | 'openAudit'
  | 'listModels'
  | 'addModel'
  | 'updateModelProfile'
  | 'listDatasets'
  | 'addDataset'
  | 'getDatasetRows'
  | 'listRuns'
  | 'saveAnnotations'
  | 'saveAnnotation'
  | 'verifyAudit'
  | 'exportReport'
  | 'exportRedactedCopy'
  | 'listKeys'
  | 'useKey'
>;

/** The audit's records: models, datasets, runs, verdicts, verification. */
export function auditMethods(ctx: BackendContext): Methods {
  const summary = (): AuditSummary => {
    const count = (sql: string) => (ctx.db.prepare(sql).get() as { n: number }).n;
    const verdicts = Object.fromEntries(
      listRuns(ctx.db)
        .map((r) => r.verdict ?? 'none')
        .reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>()),
    );
    return {
      ...readAuditInfo(ctx.db),
      path: ctx.storePath,
      models: count('SELECT count(*) AS n FROM models'),
      datasets: count('SELECT count(*) AS n FROM datasets'),
      runs: count('SELECT count(*) AS n FROM explanation_runs'),
      verdicts,
      head: headOf(ctx.db),
      signingAs: ctx.signer && { reviewer: ctx.signer.reviewer, fingerprint: ctx.signer.fingerprint },
    };
  };
  const withKind = (d: ReturnType<typeof listDatasets>[number]) => ({ ...d, kind: datasetKindOf(d.path) });
  return {
    async getAudit() {
      return summary();
    },
    async openAudit(args: ApiArgs<'openAudit'>) {
      const path = ctx.paths.named(args.path);
      checkAuditTarget(path, args.create ?? false);
      ctx.reopen(path, args.create ?? false, args.title, args.purpose, args.requireSignatures, args.passphrase);
      return summary();
    },
    async listModels() {
      return listModels(ctx.db);
    },
    async addModel(args: ApiArgs<'addModel'>) {
      return registerModel(ctx.db, await describeModelFile(ctx.paths.named(args.path)), ctx.actor, {
        family: args.family,
        versionLabel: args.versionLabel,
      });
    },
    async updateModelProfile(args: ApiArgs<'updateModelProfile'>) {
      const record = getModel(ctx.db, args.modelId);
      if (!record)
        throw new WorkbenchError('not-found', `model ${args.modelId}: expected a model of this audit, found none`);
      // Checked against the model file itself, as a --profile is: the output must exist, class names fit it.
      const description = await describeModelFile(ctx.paths.check(record.path));
      for (const file of profileFiles(args.profile)) ctx.paths.named(file);
      const profile = mergeProfile(description.inferred, args.profile as Parameters<typeof mergeProfile>[1]);
      checkProfile(profile, description.info, description.facts, 'profile');
      return updateModelProfile(ctx.db, record.id, profile, ctx.actor);
    },
    async listDatasets() {
      return listDatasets(ctx.db).map(withKind);
    },
    async addDataset(args: ApiArgs<'addDataset'>) {
      const path = ctx.paths.named(args.path);
      const content = await readDataset(path);
      const record = registerDataset(
        ctx.db,
        { path, sha256: content.sha256, columns: content.columns, rowCount: content.rows.length },
        ctx.actor,
      );
      return { ...record, kind: content.kind };
    },
    async getDatasetRows(args: ApiArgs<'getDatasetRows'>) {
      const record = getDataset(ctx.db, args.datasetId);
      if (!record)
        throw new WorkbenchError(
          'not-found',
          `dataset ${args.datasetId}: expected a dataset of this audit, found none`,
        );
      return pageOf(await readDataset(ctx.paths.check(record.path)), record.id, args);
    },
    async listRuns(args: ApiArgs<'listRuns'>) {
      const page = { ...args, limit: args.limit ?? 100, offset: args.offset ?? 0 };
      return { total: countRuns(ctx.db, args), offset: page.offset, runs: listRuns(ctx.db, page) };
    },
    async saveAnnotation(args: ApiArgs<'saveAnnotation'>): Promise<ApiResults['saveAnnotation']> {
      return annotate(ctx.db, { ...args, tags: args.tags ?? [] });
    },
    async saveAnnotations({ runIds, filter, ...verdict }: ApiArgs<'saveAnnotations'>) {
      const ids = runIds ?? listRuns(ctx.db, { ...filter, sort: 'oldest' }).map((r) => r.id);
      return { count: annotateRuns(ctx.db, ids, { ...verdict, tags: verdict.tags ?? [] }) };
    },
    async verifyAudit() {
      // The keys in the user's folder vouch for the reviewers they name.
      return verifyAudit(ctx.db, { trusted: localTrustedKeys() });
    },
    async exportRedactedCopy(args: ApiArgs<'exportRedactedCopy'>) {
      const out = ctx.paths.named(args.out);
      const copy = await exportRedactedCopy(ctx.db, ctx.storePath, out, {
        columns: args.redact,
        words: args.redactWords,
        images: args.redactImages,
        related: args.redactRelated,
        passphrase: args.passphrase ?? null,
        actor: ctx.actor,
      });
      const redacted = copy.plan.columns.map((c) => c.column);
      const warnings = copy.plan.related
        .filter((r) => !redacted.includes(r.column))
        .map((r) => `${r.column} is not redacted, yet predicts the redacted ${r.predicts} (r = ${r.r.toFixed(2)})`);
      return { out: copy.out, rows: copy.rows, head: copy.head, redacted, warnings };
    },
    async listKeys() {
      return listKeys().map(({ reviewer, fingerprint, encrypted }) => ({ reviewer, fingerprint, encrypted }));
    },
    async useKey(args: ApiArgs<'useKey'>) {
      const key = args.key === null ? null : keyPath(args.key) === args.key ? ctx.paths.named(args.key) : args.key;
      ctx.signer = key === null ? null : loadSigner(key, args.passphrase ?? null);
      useSigner(ctx.db, ctx.signer);
      return summary();
    },
    async exportReport(args: ApiArgs<'exportReport'>) {
      const out = ctx.paths.named(args.path);
      refuseOverwrite(out, 'a PDF', (head) => head.startsWith('%PDF-'));
      return writeReport(ctx.db, ctx.storePath, { ...args, out, renderer: ctx.pdfRenderer });
    },
  };
}
