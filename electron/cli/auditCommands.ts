import { VERDICTS, type RunSummary } from '../../shared/domain/audit';
import { annotateRuns, annotateSubject } from '../backend/store/annotations';
import { headOf, useSigner } from '../backend/store/auditLog';
import { openAudit } from '../backend/store/openAudit';
import { countRuns, listRuns, type RunFilter } from '../backend/store/runs';
import { parseRunWhere } from '../backend/store/runWhere';
import { choiceFlag, idListFlag, intFlag, listFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';
import { printHead, signerFromFlags } from './signing';

export const RUNS_HELP = `Usage: lime-workbench runs --store FILE [--model ID] [--verdict V|none] [--label L] [--where EXPR]
                           [--limit N] [--offset N] [--format json|text]

Lists the saved runs of an audit file with their latest verdicts, newest first, and how many match.
--where takes clauses joined by "and": verdict is null, verdict = trusted|not-trusted|follow-up,
model = ID, label = N, study = ID, flag = low-fidelity|unstable|methods-disagree|not-guaranteed.
`;

export const ANNOTATE_HELP = `Usage: lime-workbench annotate --store FILE (--run ID | --runs LIST | --where EXPR | --study ID)
                               --verdict trusted|not-trusted|follow-up --rationale TEXT
                               (--reviewer NAME | --key NAME [--passphrase-file F]) [--tags A,B]

Records a verdict on a saved run, or on a comparison study (lime-workbench compare). A second verdict on the
same run or study is a new version: nothing is overwritten. --key signs the verdict with the reviewer's key
(lime-workbench keys create); the reviewer is then the key's. An audit created with --require-signatures
takes signed verdicts only. Prints the new head of the audit log on stderr.

--runs 1-500,730 records one verdict on many runs, --where 'verdict is null and model = 3' on every run that
matches (the clauses of lime-workbench runs --where): each run gets its own annotation and log entry, all in
one transaction; the count is printed.
`;

export function requireStore(store: string | undefined, command: string): string {
  if (!store) throw usage(`${command}: expected --store FILE (an audit file), found none`);
  return store;
}

export async function runsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('runs', argv, {
    store: { type: 'string' },
    model: { type: 'string' },
    verdict: { type: 'string' },
    label: { type: 'string' },
    where: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help) return (io.out(RUNS_HELP), 0);
  if (positionals.length) throw usage(`runs: expected no positional arguments, found ${positionals.join(' ')}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const verdict =
    f.verdict === undefined ? undefined : choiceFlag('--verdict', f.verdict, [...VERDICTS, 'none'] as const, 'none');
  const db = openAudit(requireStore(f.store, 'runs'));
  try {
    const filter: RunFilter = {
      ...(f.where === undefined ? {} : parseRunWhere(f.where)),
      ...(f.model === undefined ? {} : { modelId: intFlag('--model', f.model, 0, 1) }),
      ...(f.label === undefined ? {} : { label: intFlag('--label', f.label, 0, 0) }),
      ...(verdict === undefined ? {} : { verdict }),
    };
    const total = countRuns(db, filter);
    const runs = listRuns(db, {
      ...filter,
      limit: f.limit === undefined ? undefined : intFlag('--limit', f.limit, 0, 1),
      offset: f.offset === undefined ? undefined : intFlag('--offset', f.offset, 0, 0),
    });
    io.out(
      format === 'json'
        ? JSON.stringify({ schema: 'lime-workbench/runs@1', total, runs }, null, 2)
        : `${formatRuns(runs)}${runs.length < total ? `\n${runs.length} of ${total} matching runs shown` : ''}`,
    );
  } finally {
    db.close();
  }
  return 0;
}

function formatRuns(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No saved runs.';
  const lines = ['   run  model                    row  label               score   local   model  verdict'];
  for (const r of runs) {
    const label = r.label === null ? '(value)' : `${r.labelName ?? r.label}`;
    const verdict = r.verdict ? `${r.verdict} (${r.reviewer}, v${r.annotationVersion})` : '—';
    lines.push(
      `${String(r.id).padStart(6)}  ${`${r.modelFamily} ${r.modelVersion}`.padEnd(24).slice(0, 24)} ${String(r.row ?? '').padStart(4)}  ${label.padEnd(18).slice(0, 18)} ${r.score.toFixed(3).padStart(6)} ${r.localPrediction.toFixed(3).padStart(7)} ${r.modelPrediction.toFixed(3).padStart(7)}  ${verdict}`,
    );
  }
  return lines.join('\n');
}

export async function annotateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('annotate', argv, {
    store: { type: 'string' },
    run: { type: 'string' },
    runs: { type: 'string' },
    where: { type: 'string' },
    study: { type: 'string' },
    verdict: { type: 'string' },
    rationale: { type: 'string' },
    reviewer: { type: 'string' },
    key: { type: 'string' },
    'passphrase-file': { type: 'string' },
    tags: { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help) return (io.out(ANNOTATE_HELP), 0);
  if (positionals.length) throw usage(`annotate: expected no positional arguments, found ${positionals.join(' ')}`);
  const store = requireStore(f.store, 'annotate');
  const given = (['run', 'runs', 'where', 'study'] as const).filter((k) => f[k] !== undefined);
  if (given.length !== 1)
    throw usage(
      `annotate: expected one of --run ID, --runs LIST, --where EXPR and --study ID, found ${given.length ? given.map((k) => `--${k}`).join(' and ') : 'none'}`,
    );
  const subject =
    f.study !== undefined
      ? ({ kind: 'study', id: intFlag('--study', f.study, 0, 1) } as const)
      : f.run !== undefined
        ? ({ kind: 'run', id: intFlag('--run', f.run, 0, 1) } as const)
        : ({ kind: 'many', ids: f.runs === undefined ? null : idListFlag('--runs', f.runs) } as const);
  const where = f.where === undefined ? null : parseRunWhere(f.where);
  if (f.verdict === undefined) throw usage(`annotate: expected --verdict (${VERDICTS.join(', ')}), found none`);
  const verdict = choiceFlag('--verdict', f.verdict, VERDICTS, 'follow-up');
  const rationale = f.rationale?.trim();
  if (!rationale) throw usage('annotate: expected --rationale TEXT saying why, found none');
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  // The key (and its passphrase) first: a wrong one must leave the file untouched.
  const signer = await signerFromFlags(f.key, f['passphrase-file']);
  const reviewer = f.reviewer?.trim() || signer?.reviewer;
  if (!reviewer) throw usage('annotate: expected --reviewer NAME or --key NAME, found neither');
  const db = openAudit(store);
  try {
    useSigner(db, signer);
    const input = { verdict, rationale, tags: listFlag(f.tags), reviewer };
    if (subject.kind === 'many') {
      const ids = subject.ids ?? listRuns(db, { ...where, sort: 'oldest' }).map((r) => r.id);
      if (ids.length === 0) throw usage(`annotate: --where ${f.where}: expected at least one matching run, found none`);
      const count = annotateRuns(db, ids, input);
      io.out(
        format === 'json'
          ? JSON.stringify({ verdict, count, runIds: ids, signed: signer !== null })
          : `${count} runs: ${verdict} (${reviewer}${signer ? ', signed' : ''}), each its own annotation and log entry`,
      );
      printHead(io, headOf(db));
      return 0;
    }
    const a = annotateSubject(db, subject.kind, subject.id, input);
    io.out(
      format === 'json'
        ? JSON.stringify({ ...a, signed: signer !== null })
        : `${subject.kind === 'run' ? 'Run' : 'Study'} ${subject.id}: ${a.verdict} (version ${a.version}, ${a.reviewer}${signer ? ', signed' : ''})`,
    );
    printHead(io, headOf(db));
  } finally {
    db.close();
  }
  return 0;
}
