import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Loads .sql files as text, as esbuild's text loader does for the bundle. */
const sqlAsText = {
  name: 'sql-as-text',
  transform(code: string, id: string) {
    return id.endsWith('.sql') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
  },
};

export default defineConfig({
  plugins: [sqlAsText],
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Bundles dist/ (CLI and explanation worker) first, so no test runs a stale build.
    globalSetup: ['build/scripts/testSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
