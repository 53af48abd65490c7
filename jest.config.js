// Two tiers: pure-logic unit tests, and integration tests that share one real engine per run
// (started in test/integration/global-setup.mjs on its own port and throwaway data directory).
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true } }],
    // ESM-only helpers required by CommonJS packages (bpmnlint); see the transform's comment.
    '^.+/node_modules/.+\\.js$': '<rootDir>/test/jest-esm-require-transform.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!(min-dash|bpmnlint-utils|@bpmn-io/moddle-utils|@bpmn-io/semver-compat|@bpmn-io/feel-analyzer|@bpmn-io/lezer-feel|@camunda/feel-builtins|@lezer)/)'],
};

export default {
  // Integration test files share one engine and one app database: run them one at a time.
  maxWorkers: 1,
  // Integration tests drive whole processes through a real engine.
  testTimeout: 120000,
  // Node's fetch keeps idle keep-alive sockets open for a few seconds after the last test.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.mjs',
      globalTeardown: '<rootDir>/test/integration/global-teardown.mjs',
    },
    // The fault suite (test/faults): `npm start` on MariaDB with processes killed under load. Only on
    // the MariaDB pass of .ci/run (LINKAGE_FAULT_SUITE=1 and scripts/start-mariadb.sh's variables).
    ...(process.env.LINKAGE_FAULT_SUITE === '1' ? [{ ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'] }] : []),
    {
      // The web modeler in Debian's Chromium (playwright-core), on the same engine as integration.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.mjs',
      globalTeardown: '<rootDir>/test/integration/global-teardown.mjs',
    },
  ],
};
