const esm = require('../helpers/esm-packages');

/**
 * Scale-out suites: several real server processes (the build in dist/) sharing one
 * PostgreSQL schema and one Redis. Needs `npm run build:server` first.
 */
module.exports = {
  rootDir: '../..',
  testRegex: 'test/cluster/.*\\.cluster-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  // The suites import test-app.ts (and so the app's modules, file-type among them): the same
  // ES-module handling as the e2e config.
  transform: { '^.+\\.ts$': ['ts-jest', {}], ...esm.esmTransform },
  transformIgnorePatterns: esm.transformIgnorePatterns,
  moduleNameMapper: esm.moduleNameMapper,
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/helpers/suite-summary-reporter.js'],
};
