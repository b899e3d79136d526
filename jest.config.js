const esm = require('./test/helpers/esm-packages');

/** Unit specs, beside the code they test. */
module.exports = {
  rootDir: 'src',
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: false }], ...esm.esmTransform },
  transformIgnorePatterns: esm.transformIgnorePatterns,
  moduleNameMapper: esm.moduleNameMapper,
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/../test/helpers/suite-summary-reporter.js'],
};
