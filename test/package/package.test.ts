import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  IPC_CALL,
  IPC_CHOOSE_AUDIT,
  IPC_CHOOSE_KEY,
  IPC_CHOOSE_PATH,
  IPC_DROPPED,
  IPC_EVENT,
} from '../../shared/contract/methods';
import { tempDir } from '../support/audit';
import { runNode } from '../support/cli';
import { ROOT } from '../support/fixtures';
import { asarEntries, mountAsar, packApp, readFuses, realDir, treeSnapshot, type PackedApp } from '../support/packApp';

/**
 * The installed desktop app, as electron-builder packs it with the repository's real configuration. The
 * Electron binary cannot be had here, so the distribution is a stand-in (test/support/packApp.ts) and the
 * packed main bundle runs under plain Node with a stand-in `electron` module (test/package/standIn). What
 * that cannot show — the window itself, printToPDF, drag and drop, native modules rebuilt for Electron — is
 * listed in the README.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const MB = 1024 * 1024;

function duBytes(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + duBytes(join(path, name)), 0) : stat.size;
}

/** Top-level package names under node_modules/ in the archive's paths. */
function packagesIn(paths: string[]): Set<string> {
  return new Set(
    paths
      .filter((p) => p.startsWith('/node_modules/'))
      .map((p) => p.split('/'))
      .filter((parts) => parts.length > 3 || !parts[2].startsWith('@'))
      .map((parts) => (parts[2].startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2])),
  );
}

/** Production packages: the dependencies and, recursively, theirs (optional ones where installed). */
function productionClosure(): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const manifest = join(ROOT, 'node_modules', name, 'package.json');
    if (seen.has(name) || !existsSync(manifest)) return;
    seen.add(name);
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    Object.keys({ ...m.dependencies, ...m.optionalDependencies }).forEach(visit);
  };
  Object.keys(pkg.dependencies).forEach(visit);
  return seen;
}

describe('the packed desktop app', () => {
  let packed: PackedApp;
  let entries: ReturnType<typeof asarEntries>;
  beforeAll(async () => {
    packed = await packApp();
    entries = asarEntries(packed.resources);
  }, 300_000);

  it('holds the bundles, the renderer and the demo resources; native modules and the worker unpacked', () => {
    const paths = entries.map((e) => e.path);
    for (const bundle of [
      '/package.json',
      '/dist/electron/main.mjs',
      '/dist/electron/preload.cjs',
      '/dist/explainWorker.mjs',
      '/dist/renderer/index.html',
    ])
      expect(paths).toContain(bundle);
    expect(paths.some((p) => /^\/dist\/renderer\/assets\/.+\.js$/.test(p))).toBe(true);
    // The worker starts from app.asar.unpacked; every native binary loads from there.
    const unpacked = new Set(entries.filter((e) => e.unpacked).map((e) => e.path));
    expect(unpacked.has('/dist/explainWorker.mjs')).toBe(true);
    const natives = paths.filter((p) => /\.node$|\.so(\.\d+)*$/.test(p));
    expect(natives.some((p) => p.endsWith('better_sqlite3.node'))).toBe(true);
    expect(natives.some((p) => p.endsWith('onnxruntime_binding.node'))).toBe(true);
    expect(natives.some((p) => /sharp-linux-.+\.node$/.test(p))).toBe(true);
    expect(natives.filter((p) => !unpacked.has(p))).toEqual([]);
    for (const p of natives) expect(existsSync(join(packed.resources, 'app.asar.unpacked', p))).toBe(true);
    // The demo's models and data are a resource of their own, outside the archive.
    const demo = readdirSync(join(packed.resources, 'demo'));
    for (const file of [
      'breast_cancer_rf.onnx',
      'breast_cancer_rf_v2.onnx',
      'wine_mlp.onnx',
      'diabetes_gbr.onnx',
      'debian_text_bow.onnx',
      'fashion_mnist_cnn.onnx',
      'breast_cancer.test.csv',
      'debian_text.test.jsonl',
      'fashion_mnist.test',
    ]) {
      expect(demo).toContain(file);
    }
  });

  it('holds no devDependency, no test, no source, no source map and no benchmark model', () => {
    const paths = entries.map((e) => e.path);
    const packages = packagesIn(paths);
    const production = productionClosure();
    expect([...packages].filter((p) => !production.has(p))).toEqual([]);
    expect(Object.keys(pkg.devDependencies).filter((d) => packages.has(d))).toEqual([]);
    for (const dev of ['react', 'recharts', 'zod', 'playwright-core', 'electron'])
      expect(packages.has(dev)).toBe(false);
    const outside = paths.filter((p) => !p.startsWith('/node_modules/'));
    expect(outside.filter((p) => /^\/(test|electron|shared|renderer|build)(\/|$)/.test(p))).toEqual([]);
    expect(outside.filter((p) => /\.(ts|tsx|map|tsbuildinfo)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.some((p) => p.includes('lime-workbench.mjs'))).toBe(false); // the command line runs from the npm install
    const resources = readdirSync(join(packed.resources, 'demo'), { recursive: true }) as string[];
    expect(resources.filter((f) => /digits|expected\.json|reference|README/.test(f))).toEqual([]);
  });

  it('is for this platform only, and its app folder stays under 200 MB', () => {
    const bins = join(packed.resources, 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin');
    const platforms = readdirSync(bins).flatMap((napi) =>
      readdirSync(join(bins, napi)).flatMap((platform) =>
        readdirSync(join(bins, napi, platform)).map((arch) => `${platform}/${arch}`),
      ),
    );
    expect(platforms).toEqual([`${process.platform}/${process.arch}`]);
    const imgs = readdirSync(join(packed.resources, 'app.asar.unpacked', 'node_modules', '@img'));
    expect(
      imgs.filter((name) => name.startsWith('sharp-') && !name.includes(`${process.platform}-${process.arch}`)),
    ).toEqual([]);
    const bytes = duBytes(join(packed.resources, 'app.asar')) + duBytes(join(packed.resources, 'app.asar.unpacked'));
    expect(bytes).toBeLessThan(200 * MB);
    expect(bytes).toBeGreaterThan(20 * MB); // the native runtimes really are in it
  });

  it('flips the fuses that harden the packed binary', () => {
    const config = readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/electronFuses:/);
    // Read back from the packed binary: packaging really flipped them (the stand-in starts at Electron's defaults).
    expect(readFuses(packed.executable)).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  const standIn = fileURLToPath(new URL('./standIn/', import.meta.url));
  /** Starts the packed main bundle under the stand-in, in a fresh working folder; `prepare` may seed its user data. */
  async function startPacked(mounted: string, prepare: (userData: string) => void = () => {}) {
    const work = tempDir('lw-packed-run-');
    const userData = join(work, 'user data');
    prepare(userData);
    const resolveLog = join(work, 'resolved.txt');
    const result = await runNode(['--import', join(standIn, 'register.mjs'), join(standIn, 'startPackedApp.mjs')], {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        STANDIN_USER_DATA: userData,
        STANDIN_RESOURCES: mounted,
        STANDIN_RESOLVE_LOG: resolveLog,
        APP_MAIN: join(mounted, 'app.asar', 'dist', 'electron', 'main.mjs'),
        CHANNELS: JSON.stringify({
          call: IPC_CALL,
          event: IPC_EVENT,
          choosePath: IPC_CHOOSE_PATH,
          dropped: IPC_DROPPED,
        }),
        REPORT_PATH: join(work, 'review-report.pdf'),
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return { work, userData, resolveLog, run: JSON.parse(result.stdout) };
  }

  it('starts from the packed tree alone: builds its demo audit in the user-data folder, serves the page, answers the API, explains through the packed worker, exports a report', async () => {
    const mounted = mountAsar(packed.resources);
    const before = treeSnapshot(packed.appDir);
    const mountedBefore = treeSnapshot(join(mounted, 'app.asar'));
    const { work, userData, resolveLog, run } = await startPacked(mounted);

    // What main registered: the privileged app:// scheme and its handler, the IPC channels, one secure window.
    expect(run.schemes).toEqual(['app']);
    expect(run.protocols).toEqual(['app']);
    expect(run.ipcChannels.sort()).toEqual([IPC_CALL, IPC_CHOOSE_AUDIT, IPC_CHOOSE_KEY, IPC_CHOOSE_PATH].sort());
    expect(run.window.url).toBe('app://workbench/index.html');
    expect(run.window.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(run.window.webPreferences.preload).toBe(join(mounted, 'app.asar', 'dist', 'electron', 'preload.cjs'));

    // First start: the demo audit was built in the user-data folder from the demo resources, with progress.
    expect(run.audit.ok).toBe(true);
    expect(run.audit.value.path).toBe(join(userData, 'demo', 'demo-audit.lwa'));
    expect(run.audit.value.models).toBe(7);
    expect(run.window.titles.some((t: string) => /first start: .+ \(\d+ of \d+\)/.test(t))).toBe(true);
    expect(run.window.titles.at(-1)).toBe('LIME Workbench');
    expect(run.window.progress.at(-1)).toBe(-1);
    expect(run.models.every((m: { path: string }) => m.path.startsWith(join(userData, 'demo', 'material')))).toBe(true);
    expect(JSON.parse(readFileSync(join(userData, 'recent-audits.json'), 'utf8'))).toEqual([
      join(userData, 'demo', 'demo-audit.lwa'),
    ]);
    expect(run.refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    // The page through app://, with its CSP; nothing outside the renderer folder.
    expect(run.page).toMatchObject({
      status: 200,
      hasRoot: true,
      scriptStatus: 200,
      scriptType: 'text/javascript; charset=utf-8',
    });
    expect(run.page.csp).toContain("default-src 'none'");
    expect(run.escapeStatus).toBe(404);

    // One explanation through the packed worker, saved as a run.
    expect(run.outcome.type).toBe('job-done');
    expect(run.run).toMatchObject({ modality: 'tabular', row: 5 });
    expect(run.run.weights).toBeGreaterThan(0);
    expect(run.runsAfter).toBe(run.runsBefore + 1);

    // The report: built in the package, printed by (the stand-in's) printToPDF, written where asked.
    expect(run.exported.ok).toBe(true);
    // The desktop takes no path the page typed; a dialog's or a drop's it does.
    expect(run.typed).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: expect.stringMatching(
          /expected a file chosen in a dialog or dropped on the window this session, found a path typed or sent by the page/,
        ),
      },
    });
    expect(run.beforeDrop).toBe(false);
    expect(run.droppedData).toBe(true);
    expect(run.reportHtmlHasTitle).toBe(true);
    expect(readFileSync(join(work, 'review-report.pdf'), 'utf8')).toMatch(/^%PDF-1\.4\n% electron stand-in/);

    // The shell's guards: navigation prevented, requests outside the app cancelled.
    expect(run.navigationPrevented).toBe(true);
    expect(run.blocked).toEqual({ cancel: true });
    expect(run.allowed).toEqual({ cancel: false });
    expect(run.messageBoxes).toEqual([]);
    expect(run.quit).toBe(true);

    // Everything it loaded came from the package (or Node itself, or the stand-in); nothing appeared in it.
    const allowedRoots = [realDir(packed.appDir), realDir(join(mounted, 'app.asar')), realDir(standIn)].map(
      (d) => d + sep,
    );
    const loaded = [
      ...readFileSync(resolveLog, 'utf8')
        .trim()
        .split('\n')
        .filter((u) => u.startsWith('file:'))
        .map((u) => fileURLToPath(u)),
      ...(run.cjsModules as string[]),
    ];
    expect(loaded.length).toBeGreaterThan(10);
    expect(loaded.filter((f) => !allowedRoots.some((root) => f.startsWith(root)))).toEqual([]);
    expect(loaded.some((f) => f.includes(`${sep}app.asar.unpacked${sep}dist${sep}explainWorker.mjs`))).toBe(true);
    const bare = readFileSync(resolveLog, 'utf8')
      .trim()
      .split('\n')
      .filter((u) => !u.startsWith('file:'));
    expect(bare.filter((u) => !u.startsWith('node:') && !builtinModules.includes(u))).toEqual([]);
    expect(treeSnapshot(packed.appDir)).toEqual(before);
    expect(treeSnapshot(join(mounted, 'app.asar'))).toEqual(mountedBefore);
  }, 180_000);

  it('opens the demo audit, with a note, when the most recent audit no longer opens', async () => {
    const mounted = mountAsar(packed.resources);
    let damaged = '';
    const { userData, run } = await startPacked(mounted, (dir) => {
      mkdirSync(dir, { recursive: true });
      damaged = join(dir, 'damaged.lwa');
      writeFileSync(damaged, 'mean radius,mean texture\n13.8,19\n');
      writeFileSync(join(dir, 'recent-audits.json'), JSON.stringify([damaged]));
    });
    expect(run.audit.value.path).toBe(join(userData, 'demo', 'demo-audit.lwa'));
    expect(run.messageBoxes).toHaveLength(1);
    expect(run.messageBoxes[0].message).toContain(`${damaged} could not be opened`);
    expect(run.messageBoxes[0].message).toContain('not an SQLite database');
    expect(readFileSync(damaged, 'utf8')).toBe('mean radius,mean texture\n13.8,19\n'); // left as it was
  }, 180_000);
});
