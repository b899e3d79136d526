// @ts-check
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'client/dist/',
      'client/.angular/',
      'client/out-tsc/',
      'eslint.config.mjs',
    ],
  },
  {
    // Scripts only: the typed rules cannot read the client's HTML templates.
    files: ['**/*.{ts,js,mjs}'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked, prettier],
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The client runs in the browser, not Node; its TypeScript projects are client/tsconfig.*.
    files: ['client/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'app', style: 'kebab-case' },
      ],
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'app', style: 'camelCase' },
      ],
    },
  },
  {
    // Templates, in .html files and inline (the processor above extracts those).
    files: ['client/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // One seam per platform and engine: only src/http/ knows Express, only
    // src/database/sqlite/ knows better-sqlite3 (see STYLE.md, "Layout and layers").
    files: ['src/**/*.ts'],
    ignores: ['src/http/**', 'src/database/sqlite/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'express', message: 'Use the types in src/http/http-types.ts.' },
            { name: 'better-sqlite3', message: 'Go through src/database/sqlite/.' },
          ],
          patterns: [
            {
              group: ['typeorm/*'],
              message: 'Deep TypeORM imports go through src/database/sqlite/typeorm-internals.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests poke at untyped JSON replies and send deliberately ill-typed payloads; the strict
    // unsafe-* rules add noise, not safety, there.
    files: [
      'test/**/*.ts',
      'src/**/*.spec.ts',
      'client/src/**/*.spec.ts',
      'client/src/app/testing/**',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
