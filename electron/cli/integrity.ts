import { existsSync } from 'node:fs';
import type { VerifyReport } from '../../shared/domain/audit';
import {
  createKey,
  keysDir,
  listKeys,
  localTrustedKeys,
  shortFingerprint,
  trustedKeys,
} from '../backend/keys/reviewerKeys';
import { formatHead, parseHead } from '../backend/store/anchor';
import { headOf } from '../backend/store/auditLog';
import { currentStorePassphrase, openAudit, openAuditReadOnly, readAuditInfo } from '../backend/store/openAudit';
import { readSeal, sealAudit } from '../backend/store/seal';
import { verifyAudit } from '../backend/store/verifyAudit';
import { choiceFlag, listFlag, parseFlags, usage } from './args';
import { requireStore } from './auditCommands';
import type { CommandIo } from './io';
import { PROGRESS_FLAGS, progressOptions, stepProgress } from './progress';
import { prompt, readPassphraseFile } from './passphrase';
import { printHead, signerFromFlags } from './signing';

export const VERIFY_HELP = `Usage: lime-workbench verify --store FILE [--expect-head SEQ:HASH] [--seal FILE.seal.json]
                             [--trusted-keys DIR] [--format json|text] [--progress json] [--quiet]

Checks an audit file without writing to it (read-only: no migration, no journal change): SQLite's integrity
check, the schema and migrations against the ones this version ships, the append-only triggers, the audit
log's hash chain, every recorded row (the audit's own row included) against its log entry, every signature
against the reviewer keys the file records, and every model file against its recorded SHA-256.

  --expect-head SEQ:HASH   an anchor archived earlier (printed by every command that writes, and by head):
                           fails when the chain no longer holds it (truncated or rolled back), else says
                           how many entries came after it
  --seal FILE              a seal (lime-workbench seal): fails unless the file is exactly the sealed one
  --trusted-keys DIR       reviewers' public keys (.pub.json) from outside the file: every key the file
                           records must be one of them. Without it, the keys in your own keys folder are
                           checked against the reviewers they name.

Exit 0 when all hold, 1 naming each failure, 2 for bad input.
  --progress json          each check on stderr as it begins, one JSON line each; on a terminal one line
                           shows the check under way (--quiet turns it off)
`;

export const HEAD_HELP = `Usage: lime-workbench head --store FILE [--format json|text]

Prints the audit log's head, SEQ:HASH, read-only. Archive it outside the file (a ticket, an email, a
signed commit): \`verify --expect-head SEQ:HASH\` later proves the log was not cut short or rolled back.
`;

export const KEYS_HELP = `Usage: lime-workbench keys create --reviewer NAME [--passphrase-file FILE]
       lime-workbench keys list [--format json|text]

A reviewer's Ed25519 key pair, kept in the user's data folder (${'$'}LIME_WORKBENCH_DATA_DIR/keys or the
platform's place), owner-only. With --passphrase-file the private key is encrypted under that passphrase;
signing with an encrypted key asks for it (--passphrase-file, or a prompt at a terminal). Sign with
--key NAME on annotate and seal; the public key and its fingerprint are recorded in an audit when first
used there. NAME.pub.json beside the key is the public half to hand over.
`;

export const SEAL_HELP = `Usage: lime-workbench seal --store FILE [--key NAME ...] [--passphrase-file FILE]

Writes FILE.seal.json: the audit log's head, its number of entries, the file's SHA-256 and the tool version,
signed by each --key given (their public keys are recorded in the audit first). verify --seal checks a file
against it; the report prints it. Any later change to the file breaks the seal: seal what you hand over.
`;

export const CREATE_HELP = `Usage: lime-workbench create --store FILE [--title T] [--purpose P] [--require-signatures]
                             [--encrypt [--store-passphrase-file F]]

Creates a new, empty audit file (refuses an existing one). --require-signatures: every verdict must be signed
with a reviewer's key (annotate --key); recorded in the audit and checked by verify. --encrypt: the whole
file — and its write-ahead log and journal — is encrypted under a passphrase (from --store-passphrase-file,
else asked twice at a terminal), which every later command on it takes the same way; it is never stored.
`;

export async function verifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('verify', argv, {
    store: { type: 'string' },
    format: { type: 'string' },
    'expect-head': { type: 'string' },
    seal: { type: 'string' },
    'trusted-keys': { type: 'string' },
    ...PROGRESS_FLAGS,
  });
  if (f.help) return (io.out(VERIFY_HELP), 0);
  if (positionals.length) throw usage(`verify: expected no positional arguments, found ${positionals.join(' ')}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const store = requireStore(f.store, 'verify');
  const expectHead = f['expect-head'] === undefined ? undefined : parseHead(f['expect-head'], '--expect-head');
  const seal = f.seal === undefined ? undefined : { path: f.seal, seal: readSeal(f.seal), auditPath: store };
  const strictTrust = f['trusted-keys'] !== undefined;
  const trusted = strictTrust ? trustedKeys(f['trusted-keys']!) : localTrustedKeys();
  const db = openAuditReadOnly(store);
  try {
    const onStep = stepProgress('verify', progressOptions(f), io);
    const report = await verifyAudit(db, { expectHead, seal, trusted, strictTrust, onStep });
    onStep.end();
    io.out(
      format === 'json'
        ? JSON.stringify({ schema: 'lime-workbench/verify@1', store, ...report }, null, 2)
        : verifyText(store, report),
    );
    return report.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

function verifyText(store: string, r: VerifyReport): string {
  const s = r.signatures;
  const lines = [
    r.ok ? `${store}: verified` : `${store}: ${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}`,
    ...r.failures.map((x) => `  ✗ ${x.message}`),
    `  head       ${formatHead(r.head)} (${r.logEntries} entries)`,
    `  signatures ${s.keys.length === 0 ? 'no reviewer keys' : s.keys.map((k) => `${k.reviewer} ${shortFingerprint(k.fingerprint)}`).join(', ')}; ${s.signedVerdicts} of ${s.verdicts} verdicts signed${s.required ? ' (required)' : ''}`,
  ];
  if (r.anchor)
    lines.push(
      `  anchor     ${r.anchor.found ? `found at ${r.anchor.head.seq}; ${r.anchor.entriesAfter} entries after it` : 'not in the chain'}`,
    );
  if (r.seal)
    lines.push(
      `  seal       ${r.seal.matches ? 'the file is exactly the sealed one' : 'the file differs from the sealed one'}${r.seal.reviewers.length ? `; signed by ${r.seal.reviewers.join(', ')}` : ''}`,
    );
  for (const w of r.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}

export async function headCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('head', argv, {
    store: { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help) return (io.out(HEAD_HELP), 0);
  if (positionals.length) throw usage(`head: expected no positional arguments, found ${positionals.join(' ')}`);
  const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
  const store = requireStore(f.store, 'head');
  const db = openAuditReadOnly(store);
  try {
    const head = headOf(db);
    io.out(
      format === 'json'
        ? JSON.stringify({ schema: 'lime-workbench/head@1', store, head, anchor: head ? formatHead(head) : null })
        : formatHead(head),
    );
    return head ? 0 : 1;
  } finally {
    db.close();
  }
}

export async function keysCommand(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values: f, positionals } = parseFlags('keys', rest, {
    reviewer: { type: 'string' },
    'passphrase-file': { type: 'string' },
    format: { type: 'string' },
  });
  if (f.help || sub === '--help' || sub === '-h' || sub === undefined)
    return (io.out(KEYS_HELP), sub === undefined ? 2 : 0);
  if (positionals.length)
    throw usage(`keys: expected no positional arguments after "${sub}", found ${positionals.join(' ')}`);
  if (sub === 'create') {
    if (!f.reviewer) throw usage('keys create: expected --reviewer NAME, found none');
    const passphrase = f['passphrase-file'] === undefined ? null : readPassphraseFile(f['passphrase-file']);
    if (passphrase === '')
      throw usage(
        `--passphrase-file ${f['passphrase-file']}: expected a passphrase on its first line, found an empty line`,
      );
    const key = createKey(f.reviewer, passphrase);
    io.out(
      `Created a key for ${key.reviewer}: fingerprint ${key.fingerprint}\n  private ${key.path} (owner-only${passphrase ? ', encrypted' : ''})\n  public  ${key.path.replace(/\.key\.json$/, '.pub.json')}`,
    );
    return 0;
  }
  if (sub === 'list') {
    const format = choiceFlag('--format', f.format, ['json', 'text'] as const, 'text');
    const keys = listKeys().map(({ reviewer, fingerprint, encrypted, path }) => ({
      reviewer,
      fingerprint,
      encrypted,
      path,
    }));
    io.out(
      format === 'json'
        ? JSON.stringify({ schema: 'lime-workbench/keys@1', keys }, null, 2)
        : keys.length
          ? keys
              .map(
                (k) =>
                  `${k.reviewer.padEnd(20)} ${shortFingerprint(k.fingerprint)}${k.encrypted ? '  (passphrase)' : ''}  ${k.path}`,
              )
              .join('\n')
          : `No keys in ${keysDir()}.`,
    );
    return 0;
  }
  throw usage(`keys: expected "create" or "list", found "${sub.slice(0, 40)}"`);
}

export async function sealCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('seal', argv, {
    store: { type: 'string' },
    key: { type: 'string', multiple: true as const },
    'passphrase-file': { type: 'string' },
  });
  if (f.help) return (io.out(SEAL_HELP), 0);
  if (positionals.length) throw usage(`seal: expected no positional arguments, found ${positionals.join(' ')}`);
  const store = requireStore(f.store, 'seal');
  const keys = f.key ?? [];
  const signers = [];
  for (const k of keys) signers.push((await signerFromFlags(k, f['passphrase-file']))!);
  if (keys.length === 0 && f['passphrase-file'] !== undefined)
    throw usage('--passphrase-file: expected with --key, found without');
  if (!existsSync(store)) throw usage(`seal: expected an existing audit file, found no ${store}`);
  const { seal, out } = await sealAudit(store, signers);
  io.out(
    `Sealed ${store}: head ${formatHead(seal.head)}, ${seal.entries} entries, SHA-256 ${seal.sha256}${signers.length ? `, signed by ${signers.map((s) => s.reviewer).join(', ')}` : ', unsigned'}\n  ${out}`,
  );
  printHead(io, seal.head);
  return 0;
}

export async function createCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('create', argv, {
    store: { type: 'string' },
    title: { type: 'string' },
    purpose: { type: 'string' },
    'require-signatures': { type: 'boolean' },
    encrypt: { type: 'boolean' },
  });
  if (f.help) return (io.out(CREATE_HELP), 0);
  if (positionals.length) throw usage(`create: expected no positional arguments, found ${positionals.join(' ')}`);
  const store = requireStore(f.store, 'create');
  if (existsSync(store)) throw usage(`create: expected a new file, found ${store} already there`);
  const passphrase = f.encrypt ? await newPassphrase() : null;
  const db = openAudit(store, {
    create: true,
    title: f.title,
    purpose: f.purpose,
    requireSignatures: f['require-signatures'] ?? false,
    passphrase,
  });
  try {
    const info = readAuditInfo(db);
    io.out(
      `Created ${store}: "${info.title}"${info.requireSignatures ? ', every verdict must be signed' : ''}${passphrase ? ', encrypted' : ''}`,
    );
    printHead(io, headOf(db));
  } finally {
    db.close();
  }
  return 0;
}

/** The passphrase of a new encrypted audit: the session's (--store-passphrase-file), else typed twice. */
async function newPassphrase(): Promise<string> {
  const given = currentStorePassphrase();
  if (given) return given;
  if (!process.stdin.isTTY)
    throw usage(
      'create --encrypt: expected --store-passphrase-file FILE (or a terminal to type the passphrase at), found neither',
    );
  const first = await prompt('Passphrase for the new audit: ');
  if (first.length < 8) throw usage('create --encrypt: expected a passphrase of at least 8 characters');
  if ((await prompt('The same passphrase again: ')) !== first)
    throw usage('create --encrypt: the two passphrases differ');
  return first;
}

export const EXPORT_HELP = `Usage: lime-workbench export --store FILE --out COPY.lwa [--redact COLUMN,…] [--redact-related]
                             [--redact-words WORD,…|FILE] [--redact-images] [--encrypt --out-passphrase-file F]

Writes a redacted copy of an audit, to hand over with a redacted report: every model, dataset, run, check,
verdict and study of the source, with the redacted values removed from stored instances, results,
rationales, tags and titles. The copy verifies on its own: its chain starts with an entry naming the source,
the source's head and what was redacted. The source must verify first. --encrypt encrypts the copy under
the passphrase in --out-passphrase-file.
`;

export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('export', argv, {
    store: { type: 'string' },
    out: { type: 'string' },
    redact: { type: 'string' },
    'redact-words': { type: 'string' },
    'redact-images': { type: 'boolean' },
    'redact-related': { type: 'boolean' },
    encrypt: { type: 'boolean' },
    'out-passphrase-file': { type: 'string' },
  });
  if (f.help) return (io.out(EXPORT_HELP), 0);
  if (positionals.length) throw usage(`export: expected no positional arguments, found ${positionals.join(' ')}`);
  const store = requireStore(f.store, 'export');
  if (!f.out) throw usage('export: expected --out COPY.lwa, found none');
  if (f.encrypt && !f['out-passphrase-file'])
    throw usage("export --encrypt: expected --out-passphrase-file FILE with the copy's passphrase, found none");
  const passphrase = f.encrypt ? readPassphraseFile(f['out-passphrase-file']!) : null;
  const { exportRedactedCopy } = await import('../backend/app/redactedCopy');
  const { wordsFlag } = await import('./report');
  const src = openAuditReadOnly(store);
  const copy = await exportRedactedCopy(src, store, f.out, {
    columns: listFlag(f.redact),
    words: wordsFlag(f['redact-words']),
    images: f['redact-images'] ?? false,
    related: f['redact-related'] ?? false,
    passphrase,
  });
  src.close();
  for (const r of copy.plan.related.filter((x) => !copy.plan.columns.some((c) => c.column === x.column)))
    io.err(
      `warning: ${r.column} is not redacted, yet predicts the redacted ${r.predicts} (r = ${r.r.toFixed(2)}); --redact-related redacts it too`,
    );
  io.out(
    `Wrote ${copy.out}: ${copy.rows} rows copied, redacted ${copy.plan.columns.map((c) => c.column).join(', ') || 'nothing'}${passphrase ? ', encrypted' : ''}`,
  );
  printHead(io, copy.head);
  return 0;
}
