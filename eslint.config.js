// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // Domain code never imports the HTTP framework or the HTTP layer.
    files: ['src/modules/**/*.ts', 'src/lib/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['hono', 'hono/*', '**/http/**', '../http/*'], message: 'Dependencies point inward: modules, db and lib never import the HTTP layer.' }] }],
    },
  },
  {
    // Pages and components never touch SQL.
    files: ['src/ui/**/*.{ts,tsx}', 'src/http/**/*.{ts,tsx}'],
    ignores: ['src/http/context.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['kysely', 'pg', '@electric-sql/*', '**/*.repository', '**/db/*'], message: 'Pages and handlers call services; SQL lives in repositories.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // node:test's describe() and it() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] }] }],
    },
  },
);
