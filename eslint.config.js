// One lint gate, zero warnings. Also enforces where code runs: shared/ is pure, the electron and
// renderer sides never import each other, only renderer/src/db/ touches Dexie, and the renderer's
// rooms stay apart (lint/rooms-rule.mjs: a feature never imports another feature).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { roomsRule } from './lint/rooms-rule.mjs';

const rendererPatterns = [
  { group: ['electron', '**/electron/**', 'node:*'], message: 'The renderer only talks to the typed bridge.' },
  { group: ['**/platform/electron', '**/platform/web'], message: 'Import the platform through platform/index, not one host from another.' },
];
const dexiePattern = {
  group: ['dexie', 'dexie/*', 'dexie-react-hooks', 'dexie-react-hooks/*'],
  message: 'Only renderer/src/db/ touches Dexie: read and write through the hooks and functions it exports.',
};

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
    plugins: { margin: { rules: { rooms: roomsRule } } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rendererPatterns, dexiePattern] }],
      'margin/rooms': 'error',
      // Reads and writes go through db/ (writes through its change funnel): no table or transaction outside it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='db'][property.name=/^(transaction|documents|texts|annotations|statuses|schemas|settings|audit|table|tables)$/]",
          message: 'Only renderer/src/db/ touches the database; call a repository or a db/ hook.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/db/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: rendererPatterns }], 'no-restricted-syntax': 'off' },
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
