// Jest runs the TypeScript sources as native ESM (node --experimental-vm-modules),
// transformed by SWC; type checking is done separately by `tsc --noEmit` in `npm test`.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'es6' },
    }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
  // One PostgreSQL server for the run (DATABASE_URL, or an embedded one started here) and a migrated template
  // database that each test file clones: test/support/jest-global-setup.ts.
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  // Agenda (the library) checks a running job's lock with a delay of half its lock lifetime (2.5 minutes) that
  // nobody clears when the job ends; that timer alone would keep Jest alive for up to 150 s after the last
  // test. The service itself exits explicitly after a graceful stop (src/main.ts), so only tests wait for it.
  forceExit: true,
};
