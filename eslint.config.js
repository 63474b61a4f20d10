// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Package boundaries of design.md §1: only db imports mongoose, only jobs imports bullmq. */
const boundary = (/** @type {string} */ name, /** @type {string} */ owner) => ({
  name,
  message: `Only ${owner} may import ${name}; go through its exports.`,
});

/**
 * Data access goes through packages/db's repositories (docs/database.md): no other package sees
 * mongoose, a model or `Models`, tests included (they get `@roster/db/testing`).
 */
const dataAccess = {
  paths: [
    boundary('mongoose', 'packages/db'),
    {
      name: '@roster/db',
      importNames: ['Models', 'createModels'],
      message: 'Models stay inside packages/db; use createRepositories (or @roster/db/testing in tests).',
    },
  ],
  patterns: [
    {
      group: ['@roster/db/*', '!@roster/db/testing', '**/db/src/**'],
      message: 'Import @roster/db (or @roster/db/testing in tests), not its files.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['apps/**', 'packages/api/**', 'packages/testkit/**', 'packages/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...dataAccess, paths: [...dataAccess.paths, boundary('bullmq', 'packages/jobs')] },
      ],
    },
  },
  {
    files: ['packages/db/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [boundary('bullmq', 'packages/jobs')] }] },
  },
  {
    files: ['packages/jobs/**'],
    rules: { 'no-restricted-imports': ['error', dataAccess] },
  },
  {
    files: ['apps/demo/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@roster/api', message: 'The demo imports types only.', allowTypeImports: true }] },
      ],
    },
  },
);
