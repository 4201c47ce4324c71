// Type-aware lint for the TypeScript tree; the browser scripts in web/ get the recommended JS rules.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'reports/', 'test-artifacts/'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Ports return promises; an async implementation that happens not to await keeps a throw a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['web/**/*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, WebChat: 'readonly' }, sourceType: 'script' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ignores: ['web/**'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
