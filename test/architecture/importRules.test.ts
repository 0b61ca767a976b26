import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli';

/**
 * The import rules of ARCHITECTURE.md, checked mechanically: shared/ is pure (only shared/ and the pure
 * libraries listed here); nothing but electron/main and electron/preload imports 'electron'; the renderer
 * takes no Node module.
 */
const PURE_LIBRARIES = ['zod'];

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(relative(ROOT, path));
    return /\.(ts|tsx|mts)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

describe('import rules', () => {
  it('shared/ imports only shared/ and pure libraries', () => {
    const allowed = (file: string, spec: string) =>
      spec.startsWith('.')
        ? relative(ROOT, join(ROOT, file, '..', spec)).startsWith('shared/')
        : PURE_LIBRARIES.includes(spec);
    const offenders = sources('shared').flatMap((file) =>
      imports(file)
        .filter((spec) => !allowed(file, spec))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(sources('shared').length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it('only electron/main and electron/preload import electron', () => {
    expect(sources('electron/main').length + sources('electron/preload').length).toBe(2);
    const files = [...sources('electron'), ...sources('renderer'), ...sources('shared')].filter(
      (f) => !/^electron\/(main|preload)\//.test(f),
    );
    const offenders = files.filter((file) =>
      imports(file).some((spec) => spec === 'electron' || spec.startsWith('electron/')),
    );
    expect(offenders).toEqual([]);
    expect(sources('electron').length).toBeGreaterThan(10); // the scan really saw the tree
  });

  it('the renderer imports no Node module', () => {
    const offenders = sources('renderer').filter((file) =>
      imports(file).some(
        (spec) =>
          spec.startsWith('node:') ||
          ['fs', 'path', 'child_process', 'onnxruntime-node', 'better-sqlite3-multiple-ciphers'].includes(spec),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
