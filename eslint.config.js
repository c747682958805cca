import { configApp } from '@adonisjs/eslint-config'

/**
 * AdonisJS's own ESLint preset, kept to the rules that find real errors, plus the project's
 * boundaries (issue 7, "One owner per concern"):
 *   - collectors/ is protocol code: it imports nothing from app/ (data flows collectors → app,
 *     so app imports from collectors, never the reverse);
 *   - the UI (ui/src) imports no server file; what both sides speak lives in shared/;
 *   - process.env is read in start/env.ts alone, everything else reads config/*.ts or `env`.
 *     Code that really is about its own process may read it: bin/, bench/, scripts/, tests/
 *     and the Vite config.
 */

const PROCESS_ENV = 'Settings are read through config/*.ts or `env` from #start/env: process.env is read only in start/env.ts.'

/** Folders of server code, as the UI would reach them by a relative path. */
const SERVER = '(app|bench|bin|collectors|commands|config|database|providers|start|tests)'

/** no-restricted-imports takes one setting per file, so each area's list is built whole. */
function restrictedImports(...patterns) {
  return [
    'error',
    {
      paths: ['node:process', 'process'].map((name) => ({ name, importNames: ['env'], message: PROCESS_ENV })),
      patterns: patterns.map((pattern) => ({ caseSensitive: true, ...pattern })),
    },
  ]
}

/** Rules of the preset that only restyle code (Prettier, spacing, line length, naming). */
const STYLE_OFF = {
  'prettier/prettier': 'off',
  'curly': 'off',
  'one-var': 'off',
  '@stylistic/brace-style': 'off',
  '@stylistic/comma-dangle': 'off',
  '@stylistic/eol-last': 'off',
  '@stylistic/max-len': 'off',
  '@stylistic/new-parens': 'off',
  '@stylistic/no-multi-spaces': 'off',
  '@stylistic/no-multiple-empty-lines': 'off',
  '@stylistic/no-trailing-spaces': 'off',
  '@stylistic/padded-blocks': 'off',
  '@stylistic/rest-spread-spacing': 'off',
  '@stylistic/space-in-parens': 'off',
  '@typescript-eslint/consistent-type-imports': 'off',
  '@typescript-eslint/naming-convention': 'off',
  '@typescript-eslint/no-shadow': 'off',
  '@unicorn/filename-case': 'off',
  '@unicorn/no-await-expression-member': 'off',
  '@unicorn/no-for-loop': 'off',
  '@unicorn/prefer-number-properties': 'off',
  // `x == null` (null or undefined) is the one loose comparison the code uses, on purpose.
  'eqeqeq': ['error', 'always', { null: 'ignore' }],
}

export default configApp(
  { name: 'GSN: not linted', ignores: ['ui/dist/**', 'tmp/**', 'build/**'] },
  { name: 'GSN: the UI is linted too', files: ['ui/**/*.{ts,tsx}'] },
  { name: 'GSN: real errors, not style', files: ['**/*.{ts,tsx}'], rules: STYLE_OFF },
  {
    name: 'GSN: process.env only in start/env.ts',
    files: ['**/*.{ts,tsx}'],
    ignores: ['start/env.ts', 'bin/**', 'bench/**', 'scripts/**', 'tests/**', 'ui/vite.config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: PROCESS_ENV }],
      'no-restricted-imports': restrictedImports(),
    },
  },
  {
    name: 'GSN: collectors import nothing from app/',
    files: ['collectors/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports({
        regex: '^#app/|(^|/)app(/|$)',
        message: 'collectors/ is protocol code and knows nothing of app/: data flows collectors → app, so app imports from collectors.',
      }),
    },
  },
  {
    name: 'GSN: the UI imports no server file',
    files: ['ui/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrictedImports({
        regex: `^#|^(\\.\\./)+${SERVER}(/|$)`,
        message: 'The UI imports no server file, types included: what both sides need lives in shared/.',
      }),
    },
  }
)
