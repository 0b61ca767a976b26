import { WorkbenchError } from '../../shared/contract/errors';
import type { AuditHead } from '../../shared/domain/audit';
import { isEncryptedKey, keyPath, loadSigner, type Signer } from '../backend/keys/reviewerKeys';
import { formatHead } from '../backend/store/anchor';
import type { CommandIo } from './io';
import { prompt, readPassphraseFile } from './passphrase';

/** The passphrase for a key: from `--passphrase-file`, else typed at a terminal prompt when the key needs one, else none. */
async function passphraseFor(keyFile: string, passphraseFile: string | undefined): Promise<string | null> {
  if (passphraseFile !== undefined) return readPassphraseFile(passphraseFile);
  if (!process.stdin.isTTY || !isEncryptedKey(keyFile)) return null;
  return prompt(`Passphrase for ${keyFile}: `);
}

/** `--key NAME|FILE [--passphrase-file F]` → a loaded key, or null without --key. */
export async function signerFromFlags(
  key: string | undefined,
  passphraseFile: string | undefined,
): Promise<Signer | null> {
  if (key === undefined) {
    if (passphraseFile !== undefined)
      throw new WorkbenchError('invalid-argument', '--passphrase-file: expected with --key, found without');
    return null;
  }
  return loadSigner(key, await passphraseFor(keyPath(key), passphraseFile));
}

/** Every command that writes prints the new head on stderr: the anchor to archive outside the file. */
export function printHead(io: CommandIo, head: AuditHead | null): void {
  io.err(`audit head ${formatHead(head)} (archive it; verify --expect-head checks the file still holds it)`);
}
