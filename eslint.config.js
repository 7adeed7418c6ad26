// ESLint flat config: typescript-eslint's recommended rules for all code, the Lit and web-components
// plugins for the elements, browser or Node globals by folder. Formatting is Prettier's job
// (`npm run format`), so no stylistic rules here.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'examples/**/node_modules/',
      'examples/**/dist/',
      'examples/**/.next/',
      'examples/**/.angular/',
      'bench/peers/',
      '.tmp/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'demo/**/*.ts', 'test/**/*.ts', 'examples/**/*.{js,ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts', 'demo/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'demo/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: [
      'scripts/**/*.mjs',
      '*.js',
      '*.mjs',
      '*.ts',
      'src/server/**/*.ts',
      'test/node/**/*.ts',
      'test/unit/**/*.ts',
      'test/server/**/*.mjs',
      'test/browsers/**/*.mjs',
      'demo/server/**/*.ts',
      'bench/**/*.{ts,mjs,js}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The bench's baselines and vendor stand-in run in the page.
    files: ['bench/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // chai's `expect(x).to.be.true` style assertions are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `interface HTMLElementEventMap extends ToucanEventMap {}` is how events are declared globally.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `declare global { namespace JSX … }` is how JSX typings are declared.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
);
