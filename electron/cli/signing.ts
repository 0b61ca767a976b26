import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { invalidInput, WorkbenchError } from '../../shared/contract/errors';
import type { AuditHead } from '../../shared/domain/audit';
import { isEncryptedKey, keyPath, loadSigner, type Signer } from '../backend/keys/reviewerKeys';
import { formatHead } from '../backend/store/anchor';
import type { CommandIo } from './io';

const MAX_PASSPHRASE_BYTES = 1024;

/** The first line of a passphrase file, bounded; never echoed, never logged. */
export function readPassphraseFile(passphraseFile: string): string {
  let size: number;
  try {
    size = statSync(passphraseFile).size;
  } catch {
    throw new WorkbenchError('not-found', `--passphrase-file ${passphraseFile}: expected a file holding the passphrase, found none`);
  }
  if (size > MAX_PASSPHRASE_BYTES) throw invalidInput(`--passphrase-file ${passphraseFile}`, `a passphrase of at most ${MAX_PASSPHRASE_BYTES} bytes`, `${size} bytes`);
  return readFileSync(passphraseFile, 'utf8').split(/\r?\n/)[0];
}

/** The passphrase for a key: from `--passphrase-file`, else typed at a terminal prompt when the key needs one, else none. */
async function passphraseFor(keyFile: string, passphraseFile: string | undefined): Promise<string | null> {
  if (passphraseFile !== undefined) return readPassphraseFile(passphraseFile);
  if (!process.stdin.isTTY || !isEncryptedKey(keyFile)) return null;
  return prompt(`Passphrase for ${keyFile}: `);
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
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

/** `--key NAME|FILE [--passphrase-file F]` → a loaded key, or null without --key. */
export async function signerFromFlags(key: string | undefined, passphraseFile: string | undefined): Promise<Signer | null> {
  if (key === undefined) {
    if (passphraseFile !== undefined) throw new WorkbenchError('invalid-argument', '--passphrase-file: expected with --key, found without');
    return null;
  }
  return loadSigner(key, await passphraseFor(keyPath(key), passphraseFile));
}

/** Every command that writes prints the new head on stderr: the anchor to archive outside the file. */
export function printHead(io: CommandIo, head: AuditHead | null): void {
  io.err(`audit head ${formatHead(head)} (archive it; verify --expect-head checks the file still holds it)`);
}
