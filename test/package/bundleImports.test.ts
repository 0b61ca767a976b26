import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAZY_OPTIONAL, NATIVE_DEPENDENCIES } from '../../build/scripts/runtimeExternals.mjs';
import { ROOT } from '../support/fixtures';

/**
 * What the built bundles import at run time. electron-builder packs `dependencies` only, so every bare
 * import a bundle makes when it loads must be a dependency, a Node built-in, or (desktop shell only)
 * `electron`; a development dependency may only be loaded lazily, when its feature is used (playwright-core,
 * for PDFs outside the desktop app).
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const BUNDLES = {
  'dist/electron/main.mjs': { electron: true },
  'dist/explainWorker.mjs': { electron: false },
  'dist/lime-workbench.mjs': { electron: false },
} as const;

const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);
/** `lodash/fp` → lodash; `@scope/name/x` → @scope/name. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * What a bundle imports, its chunks included (the command line is split into chunks it imports by
 * relative path): bare and built-in specifiers, static, dynamic (loaded when a feature is used) and required.
 */
function importsOf(
  file: string,
  seen = new Set<string>(),
): { static: string[]; dynamic: string[]; required: string[] } {
  const out = { static: [] as string[], dynamic: [] as string[], required: [] as string[] };
  if (seen.has(file)) return out;
  seen.add(file);
  const source = readFileSync(join(ROOT, file), 'utf8');
  const [imports] = parse(source);
  out.required = [...source.matchAll(/\b(?:__)?require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  for (const i of imports) {
    if (!i.n) continue;
    if (i.n.startsWith('.')) {
      const inner = importsOf(join(dirname(file), i.n), seen);
      // A chunk loaded dynamically is lazy, and so is everything it imports.
      if (i.d >= 0) out.dynamic.push(...inner.static, ...inner.dynamic);
      else {
        out.static.push(...inner.static);
        out.dynamic.push(...inner.dynamic);
      }
      out.required.push(...inner.required);
    } else if (i.d === -1) out.static.push(i.n);
    else out.dynamic.push(i.n);
  }
  return out;
}

/** The files a bundle loads as it starts (itself and the chunks it imports statically). */
function staticFiles(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const [imports] = parse(readFileSync(join(ROOT, file), 'utf8'));
  for (const i of imports) if (i.n?.startsWith('.') && i.d === -1) staticFiles(join(dirname(file), i.n), seen);
  return seen;
}

/** The libraries (node_modules packages) whose code those files carry, from their source maps. */
function bundledPackages(files: Iterable<string>): Set<string> {
  const packages = new Set<string>();
  for (const file of files) {
    const map = JSON.parse(readFileSync(join(ROOT, `${file}.map`), 'utf8')) as { sources: string[] };
    for (const source of map.sources) {
      const inside = source.split('node_modules/').at(-1);
      if (inside !== source && inside) packages.add(packageOf(inside));
    }
  }
  return packages;
}

describe('the bundles the package runs', () => {
  beforeAll(async () => {
    await init;
  });

  it('declares its native modules as the only production dependencies, and bundles everything else', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...NATIVE_DEPENDENCIES].sort());
  });

  for (const [file, allows] of Object.entries(BUNDLES)) {
    it(`${file} loads only dependencies, Node built-ins${allows.electron ? ' and electron' : ''}; devDependencies only lazily`, () => {
      const found = importsOf(file);
      const allowed = (spec: string) =>
        isBuiltin(spec) || packageOf(spec) in pkg.dependencies || (allows.electron && spec === 'electron');
      expect(found.static.length + found.dynamic.length).toBeGreaterThan(3); // the lexer really read the bundle
      expect([...found.static, ...found.required].filter((spec) => !allowed(spec))).toEqual([]);
      expect(found.dynamic.filter((spec) => !allowed(spec) && !LAZY_OPTIONAL.includes(spec))).toEqual([]);
    });
  }

  it('dist/electron/preload.cjs requires electron and nothing else', () => {
    const { required } = importsOf('dist/electron/preload.cjs');
    expect(required).toEqual(['electron']);
  });

  it('prints PDFs from the command line with playwright-core loaded lazily, not at start', () => {
    for (const file of ['dist/lime-workbench.mjs', 'dist/electron/main.mjs']) {
      const found = importsOf(file);
      expect(found.static).not.toContain('playwright-core');
    }
    expect(importsOf('dist/lime-workbench.mjs').dynamic).toContain('playwright-core');
  });

  it('loads no native module at the command line’s start: each command comes with what it needs', () => {
    const cli = importsOf('dist/lime-workbench.mjs');
    for (const native of NATIVE_DEPENDENCIES) {
      expect(cli.static).not.toContain(native);
      expect(cli.dynamic).toContain(native);
    }
  });

  it('starts the explanation workers before loading the readers: the explain command and the worker carry only what they run', () => {
    // The worker opens sessions on described models; decoding a model's protobuf and validating a profile
    // are the command's, and the command starts its workers before it loads either (lazily, with the data's
    // readers), so that a worker's start-up runs beside them.
    const worker = bundledPackages(['dist/explainWorker.mjs']);
    expect(worker).toContain('@huggingface/tokenizers'); // the source maps were read
    expect([...worker].filter((p) => ['onnx-proto', 'protobufjs', 'zod', 'csv-parse'].includes(p))).toEqual([]);
    const explain = readdirSync(join(ROOT, 'dist/chunks')).find((f) => /^explain-.*\.mjs$/.test(f));
    expect(explain).toBeDefined();
    const files = staticFiles(`dist/chunks/${explain}`);
    expect(files.size).toBeGreaterThan(1);
    expect([...bundledPackages(files)]).toEqual([]);
    const lazily = importsOf(`dist/chunks/${explain}`).dynamic;
    for (const library of ['onnxruntime-node']) expect(lazily).toContain(library);
  });
});
