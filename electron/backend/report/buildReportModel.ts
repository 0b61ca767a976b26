import type { RunDetail } from '../../../shared/contract/api';
import type { Annotation } from '../../../shared/domain/audit';
import { compareRuns, explanationsToCompare } from '../../../shared/engine/compareRuns';
import { surrogateMiss } from '../../../shared/engine/heldOutFidelity';
import { guaranteeSummary } from '../../../shared/engine/sampleGuarantee';
import { describeSweep } from '../../../shared/engine/kernelWidthSweep';
import { describeAgreement } from '../../../shared/engine/methodAgreement';
import {
  REDACTED,
  type ReportExplanation,
  type ReportModel,
  type ReportStudy,
} from '../../../shared/report/reportModel';
import { studyDetail } from '../app/studyMethods';
import { listStudies } from '../store/studies';
import { TOOL_VERSION } from '../../../shared/version';
import { runDetail } from '../app/runDetail';
import { rerunCommand } from './rerunCommand';
import { listDatasets } from '../store/datasets';
import { listModels } from '../store/models';
import { readPicks } from '../store/picks';
import { readAuditInfo, type Db } from '../store/openAudit';
import { listRuns } from '../store/runs';
import { verifyAudit } from '../store/verifyAudit';
import { planRedaction, redactRun, scrub, secretsOf } from './redaction';
import { outlineOf } from './outline';
import { readSeal, sealPathOf, type Seal } from '../store/seal';
import { localTrustedKeys } from '../keys/reviewerKeys';
import { existsSync } from 'node:fs';

export interface ReportOptions {
  /** Columns whose values must appear nowhere in the report. */
  redact?: string[];
  /** Words of text runs to mask everywhere. */
  redactWords?: string[];
  /** Image runs: pictures replaced by their segment outlines. */
  redactImages?: boolean;
  /** Also redact unredacted columns that predict a redacted one. */
  redactRelated?: boolean;
  /** Only the flagged reviewed explanations, or only these runs (of the reviewed ones). Default all reviewed. */
  only?: 'flagged' | number[];
}

/**
 * Gathers the review report of an audit: every reviewed explanation (one with a verdict), comparisons of
 * the same row under two versions of a model, the summary and the appendix; redacted columns' values are
 * replaced here, before anything is rendered.
 */
export async function buildReportModel(db: Db, path: string, options: ReportOptions = {}): Promise<ReportModel> {
  const datasets = listDatasets(db);
  const plan = await planRedaction(datasets, {
    columns: options.redact,
    words: options.redactWords,
    images: options.redactImages,
    related: options.redactRelated,
  });
  const redact = new Set(plan.columns.map((c) => c.column));
  const models = listModels(db);
  const name = (id: number) => {
    const m = models.find((x) => x.id === id)!;
    return `${m.family} ${m.versionLabel}`;
  };
  const summaries = listRuns(db);
  const selected = Array.isArray(options.only) ? new Set(options.only) : null;
  const allReviewed = summaries.filter((r) => r.verdict !== null);
  const reviewed = allReviewed.filter((r) => !selected || selected.has(r.id)).reverse();
  const details = new Map<number, RunDetail>();
  const secrets = new Set<string>();
  const redacted = async (d: RunDetail) => {
    for (const x of secretsOf(d, plan)) secrets.add(x);
    return redactRun(d, plan, plan.images && d.modality === 'image' ? await outlineOf(d) : null);
  };
  for (const r of reviewed) details.set(r.id, await redacted(await runDetail(db, r.id)));
  // Compared runs first too, so their values are among the secrets a rationale may not quote.
  const compared = new Map<number, RunDetail>();
  const detailOf = async (id: number) =>
    details.get(id) ?? compared.get(id) ?? compared.set(id, await redacted(await runDetail(db, id, false))).get(id)!;
  const comparisons = await versionComparisons(summaries, models, name, detailOf);
  let scrubbed = 0;
  const clean = (text: string) => {
    const out = scrub(text, [...secrets]);
    if (out.changed) scrubbed++;
    return out.text;
  };
  const cleanAnnotation = (a: Annotation): Annotation => ({
    ...a,
    rationale: clean(a.rationale),
    tags: a.tags.map(clean),
  });
  for (const [id, d] of details) details.set(id, { ...d, annotations: d.annotations.map(cleanAnnotation) });
  const every = [...details.values()].map((d) => reportExplanation(d, name(d.modelId)));
  const flagged = every.flatMap((x) => {
    const reasons = flags(x);
    return reasons.length ? [{ runId: x.runId, model: x.model, reason: reasons.join('; ') }] : [];
  });
  const explanations =
    options.only === 'flagged' ? every.filter((x) => flagged.some((f) => f.runId === x.runId)) : every;
  const selection =
    options.only === undefined
      ? null
      : `${options.only === 'flagged' ? 'only the flagged' : 'only the selected'} explanations: ${explanations.length} of ${allReviewed.length} reviewed`;
  const seal = readSealBeside(path);
  const verify = await verifyAudit(db, {
    trusted: localTrustedKeys(),
    seal: seal.seal ? { path: sealPathOf(path), seal: seal.seal, auditPath: path } : undefined,
  });
  if (seal.error) verify.failures.push({ kind: 'seal', message: seal.error });
  const info = readAuditInfo(db);
  const studies = reportStudies(
    db,
    redact,
    new Set(explanations.map((x) => x.runId)),
    (id) => datasets.find((d) => d.id === id)?.path ?? '—',
  ).map((st) => ({ ...st, title: clean(st.title), verdicts: st.verdicts.map(cleanAnnotation) }));
  const audit = { ...info, title: clean(info.title), purpose: clean(info.purpose), path };
  return {
    audit,
    selection,
    generatedAt: new Date().toISOString(),
    toolVersion: TOOL_VERSION,
    reviewers: [
      ...new Set(
        (db.prepare('SELECT DISTINCT reviewer FROM annotations ORDER BY reviewer').all() as { reviewer: string }[]).map(
          (r) => r.reviewer,
        ),
      ),
    ],
    redacted: [...redact],
    redaction: {
      columns: plan.columns,
      words: plan.words.length,
      images: plan.images,
      texts: scrubbed,
      related: plan.related
        .filter((r) => !redact.has(r.column))
        .map(({ column, predicts, r }) => ({ column, predicts, r })),
    },
    models: models.map((m) => ({
      id: m.id,
      family: m.family,
      versionLabel: m.versionLabel,
      sha256: m.sha256,
      producer: [m.info.producerName, m.info.producerVersion].filter(Boolean).join(' ') || '—',
      opsets: m.info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', '),
      path: m.path,
    })),
    datasets: datasets.map((d) => ({ id: d.id, path: d.path, sha256: d.sha256, rowCount: d.rowCount })),
    summary: {
      verdictsByModel: models.map((m) => {
        const mine = summaries.filter((r) => r.modelId === m.id);
        const count = (v: string | null) => mine.filter((r) => r.verdict === v).length;
        return {
          model: `${m.family} ${m.versionLabel}`,
          trusted: count('trusted'),
          notTrusted: count('not-trusted'),
          followUp: count('follow-up'),
          none: count(null),
        };
      }),
      openFollowUps: reviewed
        .filter((r) => r.verdict === 'follow-up')
        .map((r) => ({
          runId: r.id,
          model: name(r.modelId),
          row: r.row,
          rationale: details.get(r.id)!.annotations.at(-1)!.rationale,
        })),
      flagged,
      picks: readPicks(db).map((p) => ({
        at: p.at,
        actor: p.actor,
        model: name(p.modelId),
        dataset: datasets.find((x) => x.id === p.datasetId)?.path ?? '—',
        candidates: p.candidates.length,
        coverage: p.coverage,
        rows: p.picks.map(({ row, runId }) => ({ row, runId })),
      })),
    },
    explanations,
    studies,
    comparisons,
    appendix: {
      reruns: [...details.values()].map((d) => ({
        runId: d.id,
        command: rerunCommand(d, models.find((m) => m.id === d.modelId)!.path, datasets),
      })),
      headHash: verify.headHash,
      verify,
      seal: seal.seal && {
        sha256: seal.seal.sha256,
        head: seal.seal.head,
        entries: seal.seal.entries,
        sealedAt: seal.seal.sealedAt,
        signers: seal.seal.signatures.map((x) => `${x.reviewer} (${x.fingerprint})`),
        matches: verify.seal?.matches ?? false,
      },
    },
  };
}

/** The seal written beside the audit (lime-workbench seal), if there is one; a damaged one is a finding. */
function readSealBeside(path: string): { seal: Seal | null; error: string | null } {
  if (!existsSync(sealPathOf(path))) return { seal: null, error: null };
  try {
    return { seal: readSeal(sealPathOf(path)), error: null };
  } catch (error) {
    return { seal: null, error: `seal: ${(error as Error).message}` };
  }
}

/**
 * Every comparison study with its summary and verdicts. The summary shows inputs by name and rows by number,
 * never a value; a cohort filter that names a redacted column would tell its bounds, so it is withheld.
 */
function reportStudies(
  db: Db,
  redact: Set<string>,
  pages: Set<number>,
  datasetPath: (id: number) => string,
): ReportStudy[] {
  return listStudies(db).map((study) => {
    const { summary, annotations } = studyDetail({ db }, study.id);
    const selection =
      study.selection.kind === 'cohort'
        ? [...redact].some((c) => (study.selection as { where: string }).where.includes(c))
          ? `a cohort filter over a redacted column (${REDACTED})`
          : `the cohort ${study.selection.where}`
        : study.selection.kind === 'pick'
          ? `the rows of SP-LIME pick ${study.selection.pickSeq}`
          : `${study.rows.length} rows chosen by number`;
    const runIds = summary.agreement.flatMap((r) => r.runIds);
    return {
      id: study.id,
      title: study.title,
      modelA: study.modelA,
      modelB: study.modelB,
      dataset: datasetPath(study.datasetId),
      selection,
      rows: study.rows.length,
      done: study.done,
      numSamples: typeof study.explain.params.numSamples === 'number' ? study.explain.params.numSamples : null,
      summary,
      verdicts: annotations,
      runPages: runIds.filter((id) => pages.has(id)),
    };
  });
}

/** The same row of the same data explained under two versions of one family: latest run of each pair. */
async function versionComparisons(
  summaries: ReturnType<typeof listRuns>,
  models: ReturnType<typeof listModels>,
  name: (id: number) => string,
  detail: (runId: number) => Promise<RunDetail>,
): Promise<ReportModel['comparisons']> {
  const out: ReportModel['comparisons'] = [];
  const families = new Map<string, number[]>();
  for (const m of models) families.set(m.family, [...(families.get(m.family) ?? []), m.id]);
  for (const ids of families.values()) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const latest = (id: number) =>
          new Map(
            summaries
              .filter((r) => r.modelId === id && r.row !== null)
              .map((r) => [r.row, r.id] as const)
              .reverse(),
          );
        const [a, b] = [latest(ids[i]), latest(ids[j])];
        for (const [row, runA] of a) {
          const runB = b.get(row);
          if (runB === undefined) continue;
          const [da, dbb] = [await detail(runA), await detail(runB)];
          if (da.datasetId !== dbb.datasetId) continue;
          const [first, other] = explanationsToCompare(
            { prediction: da.prediction, explanations: da.runs[0].explanations },
            { explanations: dbb.runs[0].explanations },
          );
          const c = compareRuns(
            {
              id: da.id,
              instance: da.instance,
              prediction: da.prediction,
              explanation: first,
              classNames: da.model.classNames,
            },
            {
              id: dbb.id,
              instance: dbb.instance,
              prediction: dbb.prediction,
              explanation: other,
              classNames: dbb.model.classNames,
            },
          );
          out.push({ ...c, modelA: name(ids[i]), modelB: name(ids[j]), row });
        }
      }
    }
  }
  return out;
}

function reportExplanation(d: RunDetail, model: string): ReportExplanation {
  const explanation = d.runs[0].explanations[0];
  const classes = d.model.classNames;
  const best = d.prediction.indexOf(Math.max(...d.prediction));
  const p = d.params;
  return {
    runId: d.id,
    model,
    modality: d.modality,
    row: d.row,
    values: d.modality === 'tabular' ? Object.entries(d.instance).map(([k, v]) => [k, String(v)]) : [],
    text: d.modality === 'text' ? String(d.instance.text) : null,
    picture: d.picture ?? null,
    overlay: d.overlay ?? null,
    prediction:
      d.model.task === 'regression'
        ? [{ name: 'value', value: d.prediction[0], predicted: true }]
        : d.prediction.map((v, i) => ({ name: classes?.[i] ?? String(i), value: v, predicted: i === best })),
    explanation,
    stability: d.stability?.labels[0] ?? null,
    runs: d.runs.length,
    effectiveSampleSize: d.runs[0].neighbourhood?.effectiveSampleSize ?? null,
    samples: d.runs[0].neighbourhood?.samples ?? Number(p.numSamples),
    guarantee: guaranteeSummary(d.runs),
    kernelShap: d.kernelShap?.explanations.find((e) => e.label === explanation.label) ?? null,
    agreement: d.agreement?.find((a) => a.label === explanation.label) ?? null,
    sweep: d.kernelWidthSweep ?? null,
    params: Object.entries(p)
      .filter(([, v]) => v !== null && typeof v !== 'object')
      .map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(6))) : String(v),
      ]),
    seed: d.seed,
    verdicts: d.annotations,
  };
}

/**
 * Why an explanation is flagged: the surrogate misses the model, explains little, or is unstable;
 * KernelSHAP tells another story; no kernel width fits.
 */
function flags({ explanation: e, stability, agreement, sweep }: ReportExplanation): string[] {
  const out: string[] = [];
  const miss = surrogateMiss(e);
  if (miss.flagged) out.push(`the surrogate misses the model at the instance by ${miss.gap.toFixed(3)}`);
  if (e.score < 0.1) out.push(`low weighted R² (${e.score.toFixed(2)})`);
  if (stability && stability.index < 0.6)
    out.push(
      `unstable: stability index ${stability.index.toFixed(2)}, ${(stability.topKCommonShare * 100).toFixed(0)} % of the top ${stability.topK} features common to all runs`,
    );
  if (agreement && describeAgreement(agreement).level === 'disagree')
    out.push(`LIME and KernelSHAP disagree (ρ ${agreement.rankCorrelation.toFixed(2)})`);
  if (sweep && describeSweep(sweep).weak) out.push('no kernel width lets a linear surrogate fit (kernel-width sweep)');
  return out;
}
