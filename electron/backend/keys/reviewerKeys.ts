import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { invalidInput, WorkbenchError } from '../../../shared/contract/errors';
import { userDataDir } from '../app/userDataDir';

/**
 * Reviewers' Ed25519 key pairs (node:crypto, no other dependency). A key file holds the reviewer's name,
 * the public key and the private key, the latter encrypted (PKCS#8, AES-256-CBC under a scrypt-derived
 * key, as Node exports it) when a passphrase is given. Key files are owner-only; a `.pub.json` beside
 * each holds the public half to hand to whoever checks the audit.
 */

/** Where keys live: one folder for the command line, browser mode and the desktop app. */
export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'keys');
}

/** The public half of a reviewer's key, as recorded in an audit file. */
export interface PublicKeyRecord {
  reviewer: string;
  /** SHA-256 of the SPKI DER encoding, hex. */
  fingerprint: string;
  /** SPKI DER, base64. */
  publicKey: string;
}

/** A loaded private key: signs entry hashes. */
export interface Signer extends PublicKeyRecord {
  sign(message: string): string;
}

const REVIEWER = z.string().trim().min(1).max(100);
const PUBLIC_FILE = z
  .object({
    schema: z.literal('lime-workbench/public-key@1'),
    reviewer: REVIEWER,
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    publicKey: z.string().max(200),
  })
  .strict();
const KEY_FILE = PUBLIC_FILE.extend({
  schema: z.literal('lime-workbench/key@1'),
  encrypted: z.boolean(),
  privateKey: z.string().max(4000),
}).strict();
type KeyFile = z.infer<typeof KEY_FILE>;

/** Key files are small; anything bigger is not one. */
const MAX_KEY_FILE_BYTES = 16 * 1024;

export function fingerprintOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex');
}

export { shortFingerprint } from '../../../shared/domain/audit';

/** A reviewer's name as a file name: letters, digits, dot, dash and underscore. */
function slug(reviewer: string): string {
  return (
    reviewer
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'reviewer'
  );
}

/** Creates a key pair for a reviewer; refuses to replace an existing one. */
export function createKey(
  reviewer: string,
  passphrase: string | null,
  dir = keysDir(),
): PublicKeyRecord & { path: string } {
  const name = REVIEWER.safeParse(reviewer);
  if (!name.success)
    throw invalidInput('--reviewer', 'a reviewer name of 1 to 100 characters', `"${reviewer.slice(0, 40)}"`);
  const path = join(dir, `${slug(name.data)}.key.json`);
  if (existsSync(path))
    throw invalidInput(
      path,
      'no key yet for this reviewer',
      'a key file already there (keys are never replaced: remove it yourself to start over)',
    );
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const record = { reviewer: name.data, fingerprint: fingerprintOf(spki), publicKey: spki.toString('base64') };
  const privatePem = passphrase
    ? privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase })
    : privateKey.export({ format: 'pem', type: 'pkcs8' });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file: KeyFile = {
    schema: 'lime-workbench/key@1',
    ...record,
    encrypted: passphrase !== null,
    privateKey: privatePem.toString(),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(
    join(dir, `${slug(name.data)}.pub.json`),
    `${JSON.stringify({ schema: 'lime-workbench/public-key@1', ...record }, null, 2)}\n`,
    { mode: 0o644 },
  );
  return { ...record, path };
}

/** The key file for a name (a reviewer's key in the keys folder) or a path. */
export function keyPath(nameOrPath: string, dir = keysDir()): string {
  if (isAbsolute(nameOrPath) || nameOrPath.endsWith('.json')) return nameOrPath;
  return join(dir, `${slug(nameOrPath)}.key.json`);
}

/**
 * Loads a private key to sign with. Refuses a key file others can read (as ssh does), a damaged one,
 * and a wrong passphrase, each with a message naming the file.
 */
export function loadSigner(nameOrPath: string, passphrase: string | null, dir = keysDir()): Signer {
  const path = keyPath(nameOrPath, dir);
  const file = readKeyFile(path);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(
      file.encrypted
        ? { key: file.privateKey, format: 'pem', passphrase: passphrase ?? '' }
        : { key: file.privateKey, format: 'pem' },
    );
  } catch {
    if (file.encrypted && passphrase === null)
      throw invalidInput(path, 'a passphrase for this encrypted key (--passphrase-file FILE)', 'none');
    if (file.encrypted) throw invalidInput(path, "the key's passphrase", 'a wrong passphrase');
    throw invalidInput(path, 'an Ed25519 private key', 'a damaged key');
  }
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  if (privateKey.asymmetricKeyType !== 'ed25519' || fingerprintOf(spki) !== file.fingerprint) {
    throw invalidInput(path, 'a private key matching the fingerprint the file names', 'a different key');
  }
  return {
    reviewer: file.reviewer,
    fingerprint: file.fingerprint,
    publicKey: file.publicKey,
    sign: (message) => sign(null, Buffer.from(message), privateKey).toString('base64'),
  };
}

/** Whether the key file at `path` needs a passphrase (false for anything that is not a readable key file). */
export function isEncryptedKey(path: string): boolean {
  try {
    return statSync(path).size <= MAX_KEY_FILE_BYTES && KEY_FILE.safeParse(parseJson(path)).data?.encrypted === true;
  } catch {
    return false;
  }
}

function readKeyFile(path: string): KeyFile {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new WorkbenchError(
      'not-found',
      `${path}: expected a reviewer's key file (lime-workbench keys create --reviewer NAME), found none`,
    );
  }
  if (!stat.isFile() || stat.size > MAX_KEY_FILE_BYTES)
    throw invalidInput(
      path,
      `a key file of at most ${MAX_KEY_FILE_BYTES} bytes`,
      stat.isFile() ? `${stat.size} bytes` : 'not a file',
    );
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw invalidInput(
      path,
      'a key file only its owner can read (chmod 600)',
      `permissions ${(stat.mode & 0o777).toString(8).padStart(3, '0')}: refused, as others may have read the private key`,
    );
  }
  const parsed = KEY_FILE.safeParse(parseJson(path));
  if (!parsed.success) throw invalidInput(path, 'a LIME Workbench key file', 'a file of another kind');
  return parsed.data;
}

function parseJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // The message names the file only: never echo the content of what may be someone's private key.
    return undefined;
  }
}

/** The keys in a folder: each file's reviewer, fingerprint and whether it needs a passphrase. */
export function listKeys(dir = keysDir()): (PublicKeyRecord & { encrypted: boolean; path: string })[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.key.json'))
    .sort()
    .flatMap((f) => {
      const parsed = KEY_FILE.safeParse(parseJson(join(dir, f)));
      return parsed.success
        ? [
            {
              reviewer: parsed.data.reviewer,
              fingerprint: parsed.data.fingerprint,
              publicKey: parsed.data.publicKey,
              encrypted: parsed.data.encrypted,
              path: join(dir, f),
            },
          ]
        : [];
    });
}

/** Public keys a checker trusts: every `.pub.json` and `.key.json` in a folder (only their public halves). */
export function trustedKeys(dir: string): PublicKeyRecord[] {
  if (!existsSync(dir))
    throw new WorkbenchError('not-found', `${dir}: expected a folder of public keys (.pub.json), found none`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pub.json') || f.endsWith('.key.json'))
    .sort()
    .flatMap((f) => {
      const parsed = PUBLIC_FILE.safeParse(publicPart(parseJson(join(dir, f))));
      return parsed.success && fingerprintOf(Buffer.from(parsed.data.publicKey, 'base64')) === parsed.data.fingerprint
        ? [{ reviewer: parsed.data.reviewer, fingerprint: parsed.data.fingerprint, publicKey: parsed.data.publicKey }]
        : [];
    });
}

/** The keys the user trusts by default: every public key in their own keys folder (none when it does not exist). */
export function localTrustedKeys(): PublicKeyRecord[] {
  return existsSync(keysDir()) ? trustedKeys(keysDir()) : [];
}

function publicPart(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const { schema, reviewer, fingerprint, publicKey } = value as Record<string, unknown>;
  return {
    schema: schema === 'lime-workbench/key@1' ? 'lime-workbench/public-key@1' : schema,
    reviewer,
    fingerprint,
    publicKey,
  };
}

/** Whether `signature` (base64) is the key's Ed25519 signature of `message`. */
export function checkSignature(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
