// ESLint (flat config): typescript-eslint with type information on the TypeScript projects, the rules of
// hooks on the renderer, and the import rules of ARCHITECTURE.md (who may import what), enforced here
// rather than by review. `npm run lint` runs it with Prettier's check; `npm test` runs both.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, by either spelling. */
const NODE_BUILTINS = { regex: '^(node:|(fs|path|os|child_process|worker_threads|crypto|http|net|url|stream)(/|$))' };

/** Imports of 'electron', allowed only in electron/main and electron/preload. */
const ELECTRON = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload import electron.' }],
  patterns: [{ regex: '^electron/', message: 'Only electron/main and electron/preload import electron.' }],
};

/** shared/ is pure: shared/ itself and the pure libraries named here, nothing else. */
const SHARED = {
  patterns: [
    {
      regex: '(^|/)(electron|renderer|test|build|node_modules)(/|$)',
      message: 'shared/ imports only shared/ (ARCHITECTURE.md).',
    },
    { regex: '^(?![.]|zod$)', message: 'shared/ imports only shared/ and pure libraries (zod).' },
  ],
};

/** The renderer runs in a sandboxed page: shared/ and browser libraries only. */
const RENDERER = {
  paths: ELECTRON.paths,
  patterns: [
    ...ELECTRON.patterns,
    { ...NODE_BUILTINS, message: 'The renderer takes no Node module.' },
    {
      regex: '^(onnxruntime-node|better-sqlite3-multiple-ciphers|sharp|playwright-core)$',
      message: 'The renderer takes no Node module.',
    },
    { regex: '(^|/)(electron|test|build)/', message: 'The renderer imports shared/ and browser libraries only.' },
  ],
};

export default tseslint.config(
  {
    // build/wasm/ is AssemblyScript, checked by its own compiler (build/scripts/wasm.mjs).
    ignores: ['dist/', 'node_modules/', 'test-output/', 'coverage/', 'build/demo/', 'test/fixtures/', 'build/wasm/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // API handlers are async so that a throw becomes a rejected promise, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword',
          message: 'No `as unknown as`: give the value its type where it is made.',
        },
      ],
    },
  },
  // Scripts and configs outside the TypeScript projects: linted without type information.
  {
    files: ['**/*.mjs', '**/*.mts', '**/*.js', 'build/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Tests read JSON that child processes print and assert its shape; the assertions are the type check.
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', SHARED] },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts', 'test/**/*.ts', 'test/**/*.tsx', 'build/**'],
    rules: { 'no-restricted-imports': ['error', ELECTRON] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'no-restricted-imports': ['error', RENDERER] },
  },
);
