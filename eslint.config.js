import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';

/**
 * Node's modules by exact name (a pattern 'path' would also refuse core/path/ and core/charts/path),
 * every node: import, and the given patterns.
 */
const pureImports = (message, patterns) => ({
  paths: ['fs', 'path', 'child_process', 'worker_threads', 'better-sqlite3', 'electron'].map((name) => ({ name, message })),
  patterns: [{ group: ['node:*', ...patterns], message }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  // vue-tsc checks names in .vue files, as tsc does for .ts (where typescript-eslint turns no-undef off too).
  { files: ['**/*.vue'], languageOptions: { parserOptions: { parser: tseslint.parser } }, rules: { 'no-undef': 'off' } },
  prettier,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main/ may import electron.' }] }],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', pureImports('core/ is pure: no I/O, no Node modules, nothing outside core.', ['../electron/*', '../../electron/*', '../renderer/*'])],
    },
  },
  {
    // the renderer runs in the browser and reaches the host only through the contract (core/contract)
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', pureImports('The renderer talks to the host only through the contract (core/contract); it imports nothing of Node or the backend.', ['**/electron/**'])],
    },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/cli/**/*.ts', 'electron/serve/**/*.ts', 'electron/solver/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main/ may import electron.' }], patterns: [{ group: ['**/renderer/**'], message: 'The backend never imports the renderer.' }] }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
