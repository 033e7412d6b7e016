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
  // One file at a time, but in a worker process that is replaced once it holds more than this between files: with
  // native ESM (vm modules) every test file's module graph stays in the heap, and the whole suite in one process
  // grew past Node's 4 GB default and died (JavaScript heap out of memory). Setting it also makes Jest use the worker
  // rather than run in band (jest-core's shouldRunInBand).
  workerIdleMemoryLimit: '1GB',
  // One PostgreSQL server for the run (DATABASE_URL, or an embedded one started here) and a migrated template
  // database that each test file clones: test/support/jest-global-setup.ts.
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  // Agenda (the library) checks a running job's lock with a delay of half its lock lifetime (2.5 minutes) that
  // nobody clears when the job ends; that timer alone would keep Jest alive for up to 150 s after the last
  // test. The service itself exits explicitly after a graceful stop (src/main.ts), so only tests wait for it.
  forceExit: true,
};
