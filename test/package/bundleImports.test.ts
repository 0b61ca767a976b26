import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
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
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

function importsOf(file: string): { static: string[]; dynamic: string[]; required: string[] } {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const [imports] = parse(source);
  const required = [...source.matchAll(/\b(?:__)?require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  return {
    static: imports.filter((i) => i.d === -1 && i.n).map((i) => i.n!),
    dynamic: imports.filter((i) => i.d >= 0 && i.n).map((i) => i.n!),
    required,
  };
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
      const allowed = (spec: string) => isBuiltin(spec) || packageOf(spec) in pkg.dependencies || (allows.electron && spec === 'electron');
      expect(found.static.length).toBeGreaterThan(3); // the lexer really read the bundle
      expect([...found.static, ...found.required].filter((spec) => !allowed(spec))).toEqual([]);
      expect(found.dynamic.filter((spec) => !allowed(spec) && !(LAZY_OPTIONAL as readonly string[]).includes(spec))).toEqual([]);
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
});
