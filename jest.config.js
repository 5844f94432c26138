/** Jest in ESM mode (client-node >= 1 is ESM-only); ts-jest transpiles, `npm run lint` type-checks. */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/harness/globalSetup.ts',
  // One block at the end naming every skipped file and why; with CI=true a skip fails the run.
  reporters: ['default', '<rootDir>/test/harness/skipSummary.js'],
};
