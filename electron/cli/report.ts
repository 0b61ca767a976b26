import { writeReport } from '../backend/report/writeReport';
import { openAudit } from '../backend/store/openAudit';
import { choiceFlag, listFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';

export const REPORT_HELP = `Usage: lime-workbench report --store FILE --out REPORT.pdf [--paper a4|letter] [--redact COLUMN,…] [--html FILE]

The PDF review report of an audit file: cover, scope (models and data with their SHA-256), summary of
verdicts, one page per reviewed explanation, version comparisons, and an appendix to re-run and verify.
--redact replaces those columns' values with a mark everywhere in the report. Uses headless Chromium
(/usr/bin/chromium, or CHROMIUM_PATH).
`;

export async function reportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('report', argv, { store: { type: 'string' }, out: { type: 'string' }, paper: { type: 'string' }, redact: { type: 'string' }, html: { type: 'string' } });
  if (f.help) return io.out(REPORT_HELP), 0;
  if (positionals.length) throw usage(`report: expected no positional arguments, found ${positionals.join(' ')}`);
  if (!f.store) throw usage('report: expected --store FILE (an audit file), found none');
  if (!f.out) throw usage('report: expected --out FILE.pdf, found none');
  const paper = choiceFlag('--paper', f.paper?.toLowerCase(), ['a4', 'letter'] as const, 'a4');
  const db = openAudit(f.store);
  try {
    const written = await writeReport(db, f.store, { out: f.out, paper: paper === 'a4' ? 'A4' : 'Letter', redact: listFlag(f.redact), html: f.html });
    io.out(`${written.path}: ${written.explanations} reviewed explanations, ${(written.bytes / 1024).toFixed(0)} KiB`);
  } finally {
    db.close();
  }
  return 0;
}
