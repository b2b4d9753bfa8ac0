// `npm run lint`: ESLint with typescript-eslint over src/, test/, scripts/, bench/ and the build scripts.
// Type-aware rules run only on src/ (where a dropped promise is a user-visible defect); tests and scripts get the
// syntax rules, which keeps the whole run fast. Formatting: no Prettier (a reformat of every file for nothing); the
// @stylistic rules below hold the style the code is written in (single quotes, semicolons, 2-space indent, trailing
// commas in multi-line literals, long lines allowed), and `npm run lint -- --fix` applies them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import stylistic from '@stylistic/eslint-plugin';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', 'bench/.data/**', 'examples/**', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's signature, a field left out of a rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Wire formats are about control characters: XML 1.0 forbids most of them, JSON escapes them, logs strip ANSI.
      'no-control-regex': 'off',
    },
  },
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, ignoredNodes: ['ConditionalExpression *', 'TSUnionType > TSTypeLiteral', 'TSUnionType > TSTypeLiteral *'] }],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
    },
  },
  // CommonJS files: the esbuild script and the preload module the resource-usage test loads with --require.
  { files: ['**/*.cjs', 'esbuild.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Webview scripts run in the webview's page (acquireVsCodeApi is the one global VS Code adds there).
  { files: ['src/**/webview/**/*.js'], languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } } },
  // UI tests pass functions to page.evaluate: they run in the workbench page, where the browser globals are.
  { files: ['test/ui/**/*.mjs'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // `require('./x') as typeof import('./x')` is how a feature loads on first use: esbuild.js turns those
      // requires into chunks, so activation does not load the feature's code.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
