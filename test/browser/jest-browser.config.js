const esm = require('../helpers/esm-packages');

/** Browser tests of the web client: real Chromium against the real server and built client. */
module.exports = {
  rootDir: '../..',
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  // The server they start imports file-type, an ES module: compiled as the e2e config does.
  transform: { '^.+\\.ts$': ['ts-jest', {}], ...esm.esmTransform },
  transformIgnorePatterns: esm.transformIgnorePatterns,
  moduleNameMapper: esm.moduleNameMapper,
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/helpers/suite-summary-reporter.js'],
};
