import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli';

/**
 * The import rules of ARCHITECTURE.md live in eslint.config.mjs (no-restricted-imports per folder), and
 * `npm test` lints the tree with them. This checks that the configuration really refuses what the rules
 * forbid and lets through what they allow, so a loosened rule fails here and not in review.
 */
const eslint = new ESLint({
  cwd: ROOT,
  // Only the import rules, and no type information: the snippets below are not files of any project.
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function refused(file: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, {
    filePath: file,
  });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

const cases: [string, string, boolean][] = [
  // shared/ is pure: shared/ and zod only.
  ['shared/engine/x.ts', '../domain/audit', false],
  ['shared/engine/tabular/x.ts', '../../contract/limits', false],
  ['shared/engine/x.ts', 'zod', false],
  ['shared/engine/x.ts', 'node:fs', true],
  ['shared/engine/x.ts', 'fs', true],
  ['shared/engine/x.ts', 'react', true],
  ['shared/engine/x.ts', 'onnxruntime-node', true],
  ['shared/engine/x.ts', '../../electron/backend/store/runs', true],
  ['shared/report/x.ts', '../../renderer/src/charts/palette', true],
  // Only electron/main and electron/preload import electron.
  ['electron/main/x.ts', 'electron', false],
  ['electron/preload/x.ts', 'electron', false],
  ['electron/backend/store/x.ts', 'electron', true],
  ['electron/cli/x.ts', 'electron/main', true],
  ['test/cli/x.test.ts', 'electron', true],
  ['electron/backend/store/x.ts', 'node:fs', false],
  // The renderer: shared/ and browser libraries.
  ['renderer/src/features/x/X.tsx', '../../../../shared/contract/api', false],
  ['renderer/src/features/x/X.tsx', 'recharts', false],
  ['renderer/src/features/x/X.tsx', 'node:path', true],
  ['renderer/src/features/x/X.tsx', 'better-sqlite3-multiple-ciphers', true],
  ['renderer/src/features/x/X.tsx', 'electron', true],
  ['renderer/src/features/x/X.tsx', '../../../../electron/backend/app/createBackend', true],
];

describe('import rules (eslint.config.mjs)', () => {
  it.each(cases)('%s importing %s: refused %s', async (file, specifier, expected) => {
    expect(await refused(file, specifier)).toBe(expected);
  });
});
