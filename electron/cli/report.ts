import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeReport } from '../backend/report/writeReport';
import { reviewedExplanations } from '../../shared/report/reportModel';
import { openAudit } from '../backend/store/openAudit';
import { choiceFlag, listFlag, parseFlags, usage, idListFlag } from './args';
import type { CommandIo } from './io';
import { PROGRESS_FLAGS, progressOptions, stepProgress } from './progress';

export const REPORT_HELP = `Usage: lime-workbench report --store FILE --out REPORT.pdf [--paper a4|letter] [--html FILE]
                             [--only flagged|RUNS] [--redact COLUMN,…] [--redact-related]
                             [--redact-words WORD,…|FILE] [--redact-images] [--progress json] [--quiet]

The PDF review report of an audit file: cover, scope (models and data with their SHA-256), summary of
verdicts, one page per reviewed explanation, version comparisons, and an appendix to re-run and verify.
--redact replaces those columns' values with a mark everywhere in the report (names must match the audit's
columns exactly; a name that matches none is an error listing the closest), and any rationale, tag or title
quoting one of those values. Columns that predict a redacted one (|r| ≥ 0.9) are named on stderr and on the
cover; --redact-related redacts them too. --redact-words masks words (a list, or a file of them) in text
runs everywhere; --redact-images shows image runs as segment outlines only. --only flagged keeps the
reviewed explanations the summary flags (low fidelity, unstable, methods disagree, a weak kernel width);
--only 1-50,73 keeps those runs. Uses headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH). On a
terminal one line of stderr shows the stage under way; --progress json writes one JSON line per stage.
`;

export async function reportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('report', argv, {
    store: { type: 'string' },
    out: { type: 'string' },
    paper: { type: 'string' },
    redact: { type: 'string' },
    html: { type: 'string' },
    'redact-words': { type: 'string' },
    'redact-images': { type: 'boolean' },
    'redact-related': { type: 'boolean' },
    only: { type: 'string' },
    ...PROGRESS_FLAGS,
  });
  if (f.help) return (io.out(REPORT_HELP), 0);
  if (positionals.length) throw usage(`report: expected no positional arguments, found ${positionals.join(' ')}`);
  if (!f.store) throw usage('report: expected --store FILE (an audit file), found none');
  if (!f.out) throw usage('report: expected --out FILE.pdf, found none');
  const paper = choiceFlag('--paper', f.paper?.toLowerCase(), ['a4', 'letter'] as const, 'a4');
  const onStep = stepProgress('report', progressOptions(f), io);
  const db = openAudit(f.store);
  try {
    const written = await writeReport(db, f.store, {
      onStep,
      out: f.out,
      paper: paper === 'a4' ? 'A4' : 'Letter',
      redact: listFlag(f.redact),
      redactWords: wordsFlag(f['redact-words']),
      redactImages: f['redact-images'] ?? false,
      redactRelated: f['redact-related'] ?? false,
      html: f.html,
      ...(f.only === undefined ? {} : { only: f.only.trim() === 'flagged' ? 'flagged' : idListFlag('--only', f.only) }),
    });
    onStep.end();
    for (const warning of written.warnings) io.err(`warning: ${warning}`);
    io.out(`${written.path}: ${reviewedExplanations(written.explanations)}, ${(written.bytes / 1024).toFixed(0)} KiB`);
  } finally {
    db.close();
  }
  return 0;
}

/** `--redact-words`: a comma-separated list, or a file of words (one per line or comma-separated). */
export function wordsFlag(value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!existsSync(value)) return listFlag(value);
  if (statSync(value).size > 1024 * 1024)
    throw usage(`--redact-words ${value}: expected a file of words of at most 1 MiB, found a larger file`);
  return readFileSync(value, 'utf8')
    .split(/[\n,]/)
    .map((w) => w.trim())
    .filter(Boolean);
}
