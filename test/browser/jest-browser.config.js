/** Browser tests of the web client: real Chromium against the real server and built client. */
module.exports = {
  rootDir: '../..',
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testEnvironment: 'node',
  testTimeout: 60000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/helpers/suite-summary-reporter.js'],
};
