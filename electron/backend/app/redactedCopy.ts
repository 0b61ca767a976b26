import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { invalidInput, WorkbenchError } from '../../../shared/contract/errors';
import { REDACTED } from '../../../shared/report/reportModel';
import { planRedaction, scrub, type RedactionPlan, type RedactOptions } from '../report/redaction';
import { appendLog, headOf, readLog } from '../store/auditLog';
import { listDatasets } from '../store/datasets';
import { actorOf, openAudit, readAuditInfo, type Db } from '../store/openAudit';
import { RECORDED_TABLES, rowDigest, type RecordedTable } from '../store/rowDigest';
import { verifyAudit } from '../store/verifyAudit';

/**
 * The tables copied, parents first; reviewer keys and signatures are not (a copy's entries are new), nor a
 * merged audit's sources (their logs vouch for rows as they were, not as redacted).
 */
const COPIED: RecordedTable[] = RECORDED_TABLES.filter(
  (t) => t !== 'audit' && t !== 'reviewer_keys' && t !== 'merged_sources',
);

/**
 * A redacted copy of an audit, to hand over with a redacted report: every row of the source with the
 * redacted values removed from stored instances, results, rationales, tags and titles, in a new audit file
 * whose own chain starts with an entry naming the source, its head and what was redacted, then records
 * each copied row. It verifies on its own; the source's signatures cannot carry over (the entries they
 * covered are not in the copy), which that first entry says.
 * @param src the source audit, open (read-only is enough); `source` names it in the copy
 */
export async function exportRedactedCopy(
  src: Db,
  source: string,
  out: string,
  options: RedactOptions & { passphrase?: string | null; actor?: string },
): Promise<{ out: string; rows: number; head: ReturnType<typeof headOf>; plan: RedactionPlan }> {
  if (existsSync(out)) throw invalidInput(out, 'a new audit file for the copy', 'a file already there');
  if (extname(out) !== '.lwa')
    throw invalidInput(out, 'a new audit file named *.lwa', `the extension "${extname(out) || '(none)'}"`);
  let copy: Db | null = null;
  try {
    const verified = await verifyAudit(src, { checkModelFiles: false });
    if (!verified.ok)
      throw new WorkbenchError(
        'invalid-input',
        `${source}: expected an audit that verifies before it is copied, found ${verified.failures.length} failure(s): ${verified.failures[0].message}`,
      );
    const plan = await planRedaction(listDatasets(src), options);
    const secrets = secretsOf(src, plan);
    const clean = (value: unknown): unknown => redactValue(value, plan, secrets);
    const info = readAuditInfo(src);
    const signed = (
      src.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'log_signatures'").get() as { n: number }
    ).n
      ? (src.prepare('SELECT count(*) AS n FROM log_signatures').get() as { n: number }).n
      : 0;
    // The copy's chain starts with what it is: a redacted copy of which audit, at which head.
    const redactedCopy = {
      source: basename(source),
      sourceHead: headOf(src),
      redacted: { columns: plan.columns, words: plan.words.length, images: plan.images },
      sourceSignatures: signed,
      note: 'rows copied with redacted values removed; the source signatures cover entries not in this copy',
    };
    copy = openAudit(out, {
      create: true,
      title: String(clean(info.title)),
      purpose: String(clean(info.purpose)),
      actor: actorOf(options.actor),
      passphrase: options.passphrase ?? null,
      createdDetails: { redactedCopy },
    });
    const db = copy;
    let rows = 0;
    db.transaction(() => {
      for (const table of COPIED) {
        const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        const insert = db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        for (const row of src.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[]) {
          insert.run(...columns.map((c) => redactColumn(c, row[c], clean)));
          const id = Number(row.id);
          appendLog(db, actorOf(options.actor), 'copy.row', `${table}:${id}`, {
            table,
            id,
            digest: rowDigest(db, table, id),
          });
          rows++;
        }
      }
      // SP-LIME picks are log entries, not rows: carried with what they said.
      for (const e of readLog(src).filter((x) => x.action === 'instances.picked'))
        appendLog(db, e.actor, e.action, e.subject, clean(e.details) as Record<string, unknown>);
    }).immediate();
    return { out, rows, head: headOf(db), plan };
  } finally {
    copy?.close();
  }
}

/** A stored column, redacted: JSON columns walked, text columns scrubbed, the rest as they were. */
function redactColumn(column: string, value: unknown, clean: (v: unknown) => unknown): unknown {
  if (typeof value !== 'string') return value;
  if (column.endsWith('_json')) return JSON.stringify(clean(JSON.parse(value)));
  if (['rationale', 'title', 'label_name'].includes(column)) return clean(value);
  return value;
}

/** Every redacted column's values as written in the stored instances (and as the report rounds them). */
function secretsOf(db: Db, plan: RedactionPlan): string[] {
  const out = new Set<string>(plan.words);
  const hidden = plan.columns.map((c) => c.column);
  for (const { instance_json } of db
    .prepare("SELECT instance_json FROM explanation_runs WHERE modality = 'tabular'")
    .all() as { instance_json: string }[]) {
    const instance = JSON.parse(instance_json) as Record<string, string | number | null | undefined>;
    for (const c of hidden) {
      const v = instance[c];
      if (v === undefined || v === null || String(v).trim() === '') continue;
      out.add(String(v).trim());
      if (Number.isFinite(Number(v))) out.add(Number(v).toFixed(2));
    }
  }
  return [...out];
}

/**
 * Any stored value, redacted: a key naming a redacted column loses its value, a weight whose name names
 * one is renamed (its bin's bounds would tell the value), text is scrubbed of redacted values and words,
 * an image run's picture path is withheld when images are redacted.
 */
function redactValue(value: unknown, plan: RedactionPlan, secrets: string[]): unknown {
  const hidden = plan.columns.map((c) => c.column);
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wordIn = (word: string, text: string) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escaped(word)}([^\\p{L}\\p{N}]|$)`, 'iu').test(text);
  /** The hidden column a feature's name speaks of, if any. */
  const columnIn = (name: string) => hidden.find((c) => wordIn(c, name));
  const isWord = (name: string) => plan.words.some((w) => w.toLowerCase() === name.toLowerCase());
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v, secrets).text;
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (hidden.includes(k)) out[k] = REDACTED;
      else if ((k === 'name' || k === 'runnerUpName') && typeof x === 'string' && columnIn(x))
        out[k] = `${columnIn(x)}: ${REDACTED}`;
      else if ((k === 'name' || k === 'runnerUpName') && typeof x === 'string' && isWord(x)) out[k] = REDACTED;
      else if (k === 'verdict' && typeof x === 'string' && (columnIn(x) || plan.words.some((w) => wordIn(w, x))))
        // A guarantee's verdict quotes the two features that could swap.
        out[k] = x.replace(/\(feature (\d+), .*\)$/, `(feature $1, ${REDACTED})`);
      else if (k === 'path' && plan.images && typeof o.segmentation === 'string') out[k] = REDACTED;
      else if (k === 'where' && typeof x === 'string' && hidden.some((c) => x.includes(c)))
        out[k] = `a cohort filter over a redacted column (${REDACTED})`;
      else out[k] = walk(x);
    }
    return out;
  };
  return walk(value);
}
