import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';

const processEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through getConfig() in lib/config.ts; nothing else reads process.env.',
};
const sqlRawNonLiteral = {
  selector: "CallExpression[callee.object.name='sql'][callee.property.name='raw'][arguments.0.type!='Literal']",
  message: 'sql.raw() only with a string literal: anything else is an SQL injection waiting to happen.',
};

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.data/**',
      '.bench/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'db/migrations/**',
      'sst.config.ts',
      '.sst/**',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'react/no-danger': 'error',
      'no-restricted-syntax': ['error', processEnv, sqlRawNonLiteral],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Configuration itself, Next's runtime switch, the launchers in scripts/ (pass the
    // environment to its child) and tests that set up their own environment.
    files: ['lib/config.ts', 'instrumentation.ts', 'scripts/**', 'tests/**', 'playwright.config.ts'],
    rules: { 'no-restricted-syntax': ['error', sqlRawNonLiteral] },
  },
];

export default config;
