import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'e2e/screenshots/**', '.workspaces/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/main, electron/preload and electron/host may import electron.' }],
        },
      ],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'electron/host/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'path', 'child_process', 'os'].map((name) => ({
            name,
            message: 'The renderer has no Node, files or SQL engine.',
          })),
          patterns: [
            { group: ['node:*', '@duckdb/*'], message: 'The renderer has no Node, files or SQL engine.' },
            {
              group: ['**/electron/engine/**', '**/electron/bridge/**', '**/electron/main/**', '**/electron/host/**'],
              message: 'The renderer reaches the engine only through renderer/api and the contract.',
            },
          ],
        },
      ],
    },
  },
);
