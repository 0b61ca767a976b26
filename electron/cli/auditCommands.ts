import { VERDICTS, type RunSummary } from '../../shared/domain/audit';
import { annotateSubject } from '../backend/store/annotations';
import { openAudit } from '../backend/store/openAudit';
import { listRuns } from '../backend/store/runs';
import { verifyAudit } from '../backend/store/verifyAudit';
import { choiceFlag, intFlag, listFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';

export const RUNS_HELP = `Usage: lime-workbench runs --store FILE [--model ID] [--verdict V|none] [--label L] [--format json|text]

Lists the saved runs of an audit file with their latest verdicts, newest first.
`;

export const ANNOTATE_HELP = `Usage: lime-workbench annotate --store FILE (--run ID | --study ID) --verdict trusted|not-trusted|follow-up
                               --rationale TEXT --reviewer NAME [--tags A,B]

Records a verdict on a saved run, or on a comparison study (lime-workbench compare). A second verdict on the
same run or study is a new version: nothing is overwritten.
`;

export const VERIFY_HELP = `Usage: lime-workbench verify --store FILE [--format json|text]

Checks an audit file: SQLite's integrity check, the audit log's hash chain, every recorded row against its
log entry, and every model file against its recorded SHA-256. Exit 0 when all hold, else 1, naming each failure.
`;

function requireStore(store: string | undefined, command: string): string {
  if (!store) throw usage(`${command}: expected --store FILE (an audit file), found none`);
  return store;
}

export async function runsCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('runs', argv, { store: { type: 'string' }, model: { type: 'string' }, verdict: { type: 'string' }, label: { type: 'string' }, format: { type: 'string' } });
  if (f.help) return io.out(RUNS_HELP), 0;
  if (positionals.length) throw usage(`runs: expected no positional arguments, found ${positionals.join(' ')}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const verdict = f.verdict === undefined ? undefined : choiceFlag('--verdict', f.verdict, [...VERDICTS, 'none'] as const, 'none');
  const db = openAudit(requireStore(f.store, 'runs'));
  try {
    const runs = listRuns(db, { modelId: f.model === undefined ? undefined : intFlag('--model', f.model, 0, 1), label: f.label === undefined ? undefined : intFlag('--label', f.label, 0, 0), verdict });
    io.out(format === 'json' ? JSON.stringify({ schema: 'lime-workbench/runs@1', runs }, null, 2) : formatRuns(runs));
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
    study: { type: 'string' },
    verdict: { type: 'string' },
    rationale: { type: 'string' },
    reviewer: { type: 'string' },
    tags: { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help) return io.out(ANNOTATE_HELP), 0;
  if (positionals.length) throw usage(`annotate: expected no positional arguments, found ${positionals.join(' ')}`);
  const store = requireStore(f.store, 'annotate');
  if ((f.run === undefined) === (f.study === undefined)) throw usage(`annotate: expected one of --run ID and --study ID, found ${f.run === undefined ? 'neither' : 'both'}`);
  const subject = f.study === undefined ? ({ kind: 'run', id: intFlag('--run', f.run, 0, 1) } as const) : ({ kind: 'study', id: intFlag('--study', f.study, 0, 1) } as const);
  if (f.verdict === undefined) throw usage(`annotate: expected --verdict (${VERDICTS.join(', ')}), found none`);
  const verdict = choiceFlag('--verdict', f.verdict, VERDICTS, 'follow-up');
  const rationale = f.rationale?.trim();
  if (!rationale) throw usage('annotate: expected --rationale TEXT saying why, found none');
  const reviewer = f.reviewer?.trim();
  if (!reviewer) throw usage('annotate: expected --reviewer NAME, found none');
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const db = openAudit(store);
  try {
    const a = annotateSubject(db, subject.kind, subject.id, { verdict, rationale, tags: listFlag(f.tags), reviewer });
    io.out(format === 'json' ? JSON.stringify(a) : `${subject.kind === 'run' ? 'Run' : 'Study'} ${subject.id}: ${a.verdict} (version ${a.version}, ${a.reviewer})`);
  } finally {
    db.close();
  }
  return 0;
}

export async function verifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('verify', argv, { store: { type: 'string' }, format: { type: 'string' } });
  if (f.help) return io.out(VERIFY_HELP), 0;
  if (positionals.length) throw usage(`verify: expected no positional arguments, found ${positionals.join(' ')}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const store = requireStore(f.store, 'verify');
  const db = openAudit(store);
  try {
    const report = await verifyAudit(db);
    if (format === 'json') io.out(JSON.stringify({ schema: 'lime-workbench/verify@1', store, ...report }, null, 2));
    else if (report.ok) io.out(`${store}: verified — integrity ok, ${report.logEntries} audit log entries chained (head ${report.headHash?.slice(0, 16)}…), model files unchanged`);
    else io.out([`${store}: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'}`, ...report.failures.map((x) => `  ✗ ${x.message}`)].join('\n'));
    return report.ok ? 0 : 1;
  } finally {
    db.close();
  }
}
