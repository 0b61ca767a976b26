import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { invalidInput, WorkbenchError } from '../../shared/contract/errors';

/** Passphrases on the command line: from a file's first line, or typed at a terminal; never echoed, never logged. */

const MAX_PASSPHRASE_BYTES = 1024;

/** The first line of a passphrase file, bounded; never echoed, never logged. */
export function readPassphraseFile(passphraseFile: string): string {
  let size: number;
  try {
    size = statSync(passphraseFile).size;
  } catch {
    throw new WorkbenchError(
      'not-found',
      `--passphrase-file ${passphraseFile}: expected a file holding the passphrase, found none`,
    );
  }
  if (size > MAX_PASSPHRASE_BYTES)
    throw invalidInput(
      `--passphrase-file ${passphraseFile}`,
      `a passphrase of at most ${MAX_PASSPHRASE_BYTES} bytes`,
      `${size} bytes`,
    );
  return readFileSync(passphraseFile, 'utf8').split(/\r?\n/)[0];
}

/**
 * The audit passphrase of this command: `--store-passphrase-file F` (taken out of argv, for any command
 * that opens an audit), else typed at a terminal prompt when the --store file is encrypted (its header
 * is not SQLite's), else none.
 */
export async function storePassphrase(argv: string[]): Promise<{ argv: string[]; passphrase: string | null }> {
  const at = argv.indexOf('--store-passphrase-file');
  if (at >= 0) {
    const file = argv[at + 1];
    if (file === undefined)
      throw new WorkbenchError(
        'invalid-argument',
        '--store-passphrase-file: expected a file holding the passphrase, found nothing after it',
      );
    const passphrase = readPassphraseFile(file);
    if (passphrase === '')
      throw new WorkbenchError(
        'invalid-argument',
        `--store-passphrase-file ${file}: expected a passphrase on its first line, found an empty line`,
      );
    return { argv: [...argv.slice(0, at), ...argv.slice(at + 2)], passphrase };
  }
  const store = argv[argv.indexOf('--store') + 1];
  if (argv.includes('--store') && store && process.stdin.isTTY && looksEncrypted(store))
    return { argv, passphrase: await prompt(`Passphrase for ${store}: `) };
  return { argv, passphrase: null };
}

/** A non-empty file whose first bytes are not SQLite's header: an encrypted audit (or not an audit at all). */
function looksEncrypted(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(16);
      return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') !== 'SQLite format 3\u0000';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Reads a line from the terminal without echoing it. */
export function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
