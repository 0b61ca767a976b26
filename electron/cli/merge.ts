import { localTrustedKeys, trustedKeys } from '../backend/keys/reviewerKeys';
import type { MergeReport } from '../backend/store/mergeAudits';
import { choiceFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';
import { PROGRESS_FLAGS, progressOptions, stepProgress } from './progress';
import { printHead, signerFromFlags } from './signing';

export const MERGE_HELP = `Usage: lime-workbench merge --out FILE.lwa SOURCE.lwa … [--title T] [--key NAME [--passphrase-file F]]
                            [--trusted-keys DIR] [--format json|text] [--progress json] [--quiet]

Brings audits made apart — the shards of one batch (explain --shard I/N), on one machine or many — into one.
Each source must verify first. Models and datasets are matched by SHA-256; runs, checks, verdicts and
studies are copied with their original values, timestamps and reviewers; each source's own audit log is
kept whole, with its signatures, so every copied row stays vouched for by the entry that recorded it there,
and verify checks it. The merged audit's chain gets one entry per source recording the source's head.

--out is created (titled --title or its file's name; purpose and signature rule from the first source),
or, when it exists, merged into. Refused, with nothing written: a source that does not verify, sources
with different purposes or signature rules, a source already merged (or given twice), a source that is
itself a merge, two models of one name with different bytes. A run identical to one already there (same
model, data, row, parameters and seed) is left out and reported — or kept, and reported, when it carries
a verdict.

  --key NAME               sign the merge entries (the reviewer's key is recorded first)
  --trusted-keys DIR       reviewers' public keys to check the sources' signatures against
  --progress json          each source on stderr as it is checked and copied, one JSON line each; on a
                           terminal one line shows the step under way (--quiet turns it off)
`;

export async function mergeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('merge', argv, {
    out: { type: 'string' },
    title: { type: 'string' },
    key: { type: 'string' },
    'passphrase-file': { type: 'string' },
    'trusted-keys': { type: 'string' },
    format: { type: 'string' },
    ...PROGRESS_FLAGS,
  });
  if (f.help) return (io.out(MERGE_HELP), 0);
  if (!f.out) throw usage('merge: expected --out FILE.lwa, the merged audit, found none');
  if (positionals.length === 0) throw usage('merge: expected the source audits (SOURCE.lwa …), found none');
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const signer = await signerFromFlags(f.key, f['passphrase-file']);
  const trusted = f['trusted-keys'] === undefined ? localTrustedKeys() : trustedKeys(f['trusted-keys']);
  const { mergeAudits } = await import('../backend/store/mergeAudits');
  const onStep = stepProgress('merge', progressOptions(f), io);
  const report = await mergeAudits(f.out, positionals, {
    signer,
    actor: signer?.reviewer,
    title: f.title,
    trusted,
    onStep,
  });
  onStep.end();
  io.out(
    format === 'json' ? JSON.stringify({ schema: 'lime-workbench/merge@1', ...report }, null, 2) : mergeText(report),
  );
  printHead(io, report.head);
  return 0;
}

function mergeText(r: MergeReport): string {
  const total = (key: 'copied' | 'matched', table: 'explanation_runs' | 'annotations' | 'models' | 'datasets') =>
    r.sources.reduce((a, s) => a + (s[key][table] ?? 0), 0);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const skipped = r.duplicates.filter((d) => !d.kept);
  const kept = r.duplicates.filter((d) => d.kept);
  const lines = [
    `${r.created ? 'Wrote' : 'Merged into'} ${r.out} from ${count(r.sources.length, 'source')}: ${count(total('copied', 'explanation_runs'), 'run')} and ${count(total('copied', 'annotations'), 'verdict')} copied`,
    `  models:   ${total('copied', 'models')} copied, ${total('matched', 'models')} matched by SHA-256`,
    `  datasets: ${total('copied', 'datasets')} copied, ${total('matched', 'datasets')} matched by SHA-256`,
    ...r.sources.map(
      (s) =>
        `  ${s.file}: head ${s.head.seq}:${s.head.hash.slice(0, 16)}…, ${count(s.copied.explanation_runs ?? 0, 'run')}`,
    ),
  ];
  if (skipped.length)
    lines.push(`  ${count(skipped.length, 'duplicate run')} left out (already there): ${describe(skipped)}`);
  if (kept.length)
    lines.push(
      `  ${count(kept.length, 'duplicate run')} kept because ${kept.length === 1 ? 'it carries' : 'they carry'} verdicts: ${describe(kept)}`,
    );
  return lines.join('\n');
}

/** The first few duplicates, named by source, run and the run they duplicate. */
function describe(duplicates: MergeReport['duplicates']): string {
  const shown = duplicates
    .slice(0, 5)
    .map((d) => `${d.source} run ${d.sourceRunId}${d.row === null ? '' : ` (row ${d.row})`} = run ${d.duplicateOf}`);
  return shown.join(', ') + (duplicates.length > 5 ? `, … (--format json lists all ${duplicates.length})` : '');
}
