import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import appLayers from './scripts/eslint/app-layers.js';

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      '**/.svelte-kit/',
      'app/build/',
      '**/data/',
      '**/test-results/',
      '**/playwright-report/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Layer boundaries (DESIGN.md): the model has no UI and no I/O; the server never imports the app.
    files: ['packages/model/src/**/*.ts'],
    ignores: ['packages/model/src/testing/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'svelte',
            'svelte/*',
            'node:*',
            'y-websocket',
            'y-indexeddb',
            '@branchbook/app*',
          ],
        },
      ],
    },
  },
  {
    // UI → state → model: a component reads state classes and the model's typed views; the Yjs
    // documents behind them (and the model's files by path) are the state layer's business.
    files: ['app/src/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['yjs', 'y-indexeddb', 'y-websocket', 'y-protocols/awareness'].map((name) => ({
            name,
            message:
              "Components do not touch Yjs: go through a state class (the feature's *.svelte.ts).",
            allowTypeImports: true,
          })),
          patterns: [
            {
              group: ['**/packages/model/**', '@branchbook/model/src/**'],
              message: "Import the model's public API: '@branchbook/model'.",
            },
          ],
        },
      ],
    },
  },
  {
    // The app by feature (scripts/eslint/app-layers.js): features import shared folders and the
    // model, another feature only through its public.ts; shared folders never import a feature;
    // no module imports a component. Routes and tests wire everything together.
    files: ['app/src/lib/**/*.ts', 'app/src/lib/**/*.svelte'],
    ignores: ['**/*.test.ts'],
    plugins: { 'app-layers': appLayers },
    rules: { 'app-layers/boundaries': 'error' },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@branchbook/app', '@branchbook/app/*', '../app/*'] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...ts.configs.disableTypeChecked,
  },
);
