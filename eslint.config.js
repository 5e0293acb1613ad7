// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Where SQL may be written: repositories, the database folder (migrations too), the search engine, and tests, scripts and benchmarks. */
const SQL_HOMES = ['src/**/*.repository.ts', 'src/db/**', 'src/modules/search/**', '**/*.test.ts', '**/*.test.tsx', 'test/**', 'scripts/**', 'bench/**'];
/** The composition roots open the database (`openDatabase`), and write no SQL. */
const OPENS_THE_DATABASE = ['src/boot.ts', 'src/cli/**'];
const SQL_MESSAGE = 'SQL lives in *.repository.ts, src/db/ and the search engine: call a repository function (type-only imports are fine).';
const NO_SQL_IMPORTS = {
  paths: [
    { name: 'kysely', allowTypeImports: true, message: SQL_MESSAGE },
    { name: 'pg', allowTypeImports: true, message: SQL_MESSAGE },
  ],
  patterns: [{ group: ['@electric-sql/*'], allowTypeImports: true, message: SQL_MESSAGE }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'scratch/**', 'public/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Imports resolved the way TypeScript resolves them; type-only imports are not runtime edges.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./src/modules', './src/lib', './src/db'],
              from: ['./src/http', './src/ui'],
              message: 'Dependencies point inward (http → modules → db, lib): modules, db and lib never import routes, pages or components.',
            },
          ],
        },
      ],
    },
  },
  {
    // No import cycles. A test file is imported by nothing, so it cannot close one: walking from tests would double the rule's time.
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Domain code never imports the HTTP framework.
    files: ['src/modules/**/*.ts', 'src/lib/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['hono', 'hono/*'], message: 'Dependencies point inward: modules, db and lib never import the HTTP framework.' }] },
      ],
    },
  },
  {
    // Pages and components never touch SQL.
    files: ['src/ui/**/*.{ts,tsx}', 'src/http/**/*.{ts,tsx}'],
    ignores: ['src/http/context.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kysely', 'pg', '@electric-sql/*', '**/*.repository', '**/db/*'],
              message: 'Pages and handlers call services; SQL lives in repositories.',
            },
          ],
        },
      ],
    },
  },
  {
    // No SQL outside its homes: no query builder (Kysely, pg, PGlite) or database connection as a value, and no query written on a `db` or `trx` handed in.
    files: ['src/**/*.{ts,tsx}'],
    ignores: [...SQL_HOMES, ...OPENS_THE_DATABASE],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...NO_SQL_IMPORTS, patterns: [...NO_SQL_IMPORTS.patterns, { group: ['**/db/connection'], allowTypeImports: true, message: SQL_MESSAGE }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]',
          message: SQL_MESSAGE,
        },
      ],
    },
  },
  {
    files: OPENS_THE_DATABASE,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', NO_SQL_IMPORTS],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]',
          message: SQL_MESSAGE,
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // node:test's describe() and it() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] }] },
      ],
    },
  },
);
