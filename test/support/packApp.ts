import { execFile } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { tempDir } from './audit';
import { ROOT } from './fixtures';

/** Where @electron/fuses finds the fuse wire in an Electron binary: right after this sentinel. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire version 1, in @electron/fuses' order: RunAsNode … GrantFileProtocolExtraPrivileges. */
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** Electron's own defaults for those fuses ('1' on, '0' off), as an unmodified binary carries them. */
const DEFAULT_WIRE = '10110001';

export interface PackedApp {
  /** electron-builder's output for this platform (linux-unpacked). */
  appDir: string;
  resources: string;
  executable: string;
  log: string;
}

/**
 * A stand-in Electron distribution for electron-builder's `electronDist`: no browser, just an `electron`
 * file that carries Electron's fuse wire (sentinel, version 1, eight fuses at their defaults), so the
 * packaging step that flips fuses runs for real and its result can be read back.
 */
export function standInElectronDist(): string {
  const dir = tempDir('lw-electron-dist-');
  mkdirSync(join(dir, 'resources'));
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "electron stand-in: not a real Electron binary" >&2; exit 1\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  return dir;
}

/** Reads the fuse wire of a (packed) binary: each fuse on or off. */
export function readFuses(binary: string): Record<(typeof FUSE_NAMES)[number], boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${binary}: no fuse sentinel`);
  const start = at + FUSE_SENTINEL.length + 2;
  return Object.fromEntries(FUSE_NAMES.map((name, i) => [name, bytes[start + i] === 0x31])) as Record<
    (typeof FUSE_NAMES)[number],
    boolean
  >;
}

/**
 * Packs the app as `npm run dist` would for this platform (`--linux dir`), with the repository's real
 * electron-builder configuration, the built dist/ and the production node_modules; only the Electron
 * distribution is a stand-in and native modules are not rebuilt for Electron's ABI (that needs its headers).
 */
export async function packApp(): Promise<PackedApp> {
  const out = tempDir('lw-pack-');
  const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const args = [
    cli,
    '--config',
    'build/electron-builder.yml',
    '--linux',
    'dir',
    `-c.electronDist=${standInElectronDist()}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT,
    timeout: 240_000,
    maxBuffer: 16 << 20,
  });
  const appDir = join(out, 'linux-unpacked');
  return {
    appDir,
    resources: join(appDir, 'resources'),
    executable: join(appDir, 'lime-workbench'),
    log: stdout + stderr,
  };
}

/** Every path in app.asar, with whether it is packed unpacked (in app.asar.unpacked). */
export function asarEntries(resources: string): { path: string; unpacked: boolean; directory: boolean }[] {
  const archive = join(resources, 'app.asar');
  return listPackage(archive, { isPack: false }).map((p) => {
    const stat = statFile(archive, p.slice(1), false) as { files?: unknown; unpacked?: boolean };
    return { path: p, unpacked: stat.unpacked === true, directory: stat.files !== undefined };
  });
}

/**
 * Lays out the packed resources as Electron's asar support presents them to the app, for plain Node: a
 * folder named app.asar holding the archive's packed files, where each unpacked file is a link to its copy
 * in the package's app.asar.unpacked (Electron redirects those reads there), beside links to the package's
 * own app.asar.unpacked and demo folders. Node follows links to their real paths, so a native module, or
 * the worker started from app.asar.unpacked, loads from the package itself.
 * @returns the mounted resources folder
 */
export function mountAsar(resources: string): string {
  const mounted = join(tempDir('lw-mounted-'), 'resources');
  const archive = join(resources, 'app.asar');
  mkdirSync(join(mounted, 'app.asar'), { recursive: true });
  for (const entry of asarEntries(resources)) {
    const target = join(mounted, 'app.asar', entry.path);
    if (entry.directory) mkdirSync(target, { recursive: true });
    else if (entry.unpacked) symlinkSync(join(resources, 'app.asar.unpacked', entry.path), target);
    else writeFileSync(target, extractFile(archive, entry.path.slice(1)));
  }
  symlinkSync(join(resources, 'app.asar.unpacked'), join(mounted, 'app.asar.unpacked'));
  symlinkSync(join(resources, 'demo'), join(mounted, 'demo'));
  return mounted;
}

/** Every file below a folder (links not followed) with its size and modification time: a snapshot to compare. */
export function treeSnapshot(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const path = join(d, name);
      const stat = lstatSync(path);
      return stat.isDirectory() ? walk(path) : [`${path.slice(dir.length)} ${stat.size} ${stat.mtimeMs}`];
    });
  return walk(dir).sort();
}

/** The real path of a folder, for comparing with the URLs Node resolved. */
export function realDir(dir: string): string {
  return realpathSync(dir);
}
