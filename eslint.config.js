// One lint gate, zero warnings. Also enforces where code runs: shared/ is pure, and the electron
// and renderer sides never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'bench-results/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'tests/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'node:*', 'react', 'react-*', 'react/*', 'dexie', 'dexie-*', 'zustand', 'zustand/*'], message: 'shared/ is pure: no Node, Electron, React or Dexie.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import a host.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The main process never imports renderer code.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', '**/electron/**', 'node:*'], message: 'The renderer only talks to the typed bridge.' },
            { group: ['**/platform/electron', '**/platform/web'], message: 'Import the platform through platform/index, not one host from another.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/platform/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'tests/e2e/**', 'tests/desktop/**', 'tests/bench/**'],
    rules: { 'no-console': 'off' },
  },
);
