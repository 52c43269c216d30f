// ESLint: typescript-eslint's type-aware rules (floating and misused promises, unused code,
// unsafe `any`) over the engine, the site's scripts, the tests and the benchmarks, plus a
// few rules that catch real bugs. Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', '.astro/', '.opsbook/', 'bench/out/', 'test/fixtures/', 'test-results/', 'playwright-report/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // The JavaScript files are outside tsconfig.json's program: they get a default one.
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'bin/*.js', 'src/*.js', 'src/run/*.cjs', 'bench/*.mjs', 'test/*.mjs', 'test/e2e/*.mjs'],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `return promise` inside try skips the catch: the one error handler must see it.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // A switch over a union (log entry kinds, severities) must handle every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
      // A command's `run` is async by its interface even when it awaits nothing.
      '@typescript-eslint/require-await': 'off',
      // Finding control characters in scripts and names is part of the job (rules `script-control-char`, `text-control-char`).
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-self-compare': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
    },
  },
  {
    // Plain JavaScript has no types to keep `any` out with, and tests read the JSON the
    // commands print (JSON.parse gives `any`) to assert on its fields.
    files: ['**/*.js', '**/*.mjs', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // A CommonJS preload (`node --require`, src/run/zx-output.cjs) can only require.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The site's browser scripts run in the page, not in Node.
    files: ['site/scripts/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
