// ESLint with typescript-eslint's type-aware recommended rules, plus a few rules that hold this
// codebase's own conventions (see the README's Development section).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'demo/**', 'test/fixtures/**', 'node_modules/**', 'bench-results/**', 'test-results/**', '.editor-state/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error: every one is awaited, returned or marked `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Type-only imports stay type-only, so the webview and worker bundles pull in no host code.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A switch over a union handles every member (new webview messages, new item fields).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Re-throwing what a catch caught (unknown) is fine; throwing a literal is not.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      // Named exports only: one name for each thing across the codebase.
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use a named export.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Matching control characters is this codebase's job: untrusted text is made inert by them.
      'no-control-regex': 'off',
      // `async` on a method without `await` is deliberate here: it turns a synchronous throw into
      // a rejection at interfaces that promise one (BacklogFiles, webview handlers, test fakes).
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read the CLI's --json output and fakes' results as plain JSON: typing every parse
    // would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The core is pure: it runs in the CLI, the extension host, workers and the webview.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core never imports vscode: put editor code in a feature adapter.' }] }],
    },
  },
  {
    // Plain JavaScript (scripts, e2e specs, config): not part of a TypeScript project.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // CommonJS entry points (loaded by the extension host as plain scripts) use require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // ESLint reads its configuration from a default export.
    files: ['eslint.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
