/**
 * Scale-out suites: several real server processes (the build in dist/) sharing one
 * PostgreSQL schema and one Redis. Needs `npm run build:server` first.
 */
module.exports = {
  rootDir: '../..',
  testRegex: 'test/cluster/.*\\.cluster-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/helpers/suite-summary-reporter.js'],
};
