const esm = require('./helpers/esm-packages');

/** End-to-end suites: the whole app on a random port, a real database, real clients. */
module.exports = {
  rootDir: '..',
  testRegex: 'test/.*\\.e2e-spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // The Swagger CLI plugin runs in `nest build` but not under ts-jest; without it the
        // OpenAPI document the tests read would lack every DTO property.
        astTransformers: { before: ['<rootDir>/test/helpers/swagger-plugin-transformer.js'] },
      },
    ],
    ...esm.esmTransform,
  },
  transformIgnorePatterns: esm.transformIgnorePatterns,
  moduleNameMapper: esm.moduleNameMapper,
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/test/helpers/suite-summary-reporter.js'],
  testTimeout: 30000,
  // Suites share one machine's two cores; running them one at a time keeps timings honest.
  maxWorkers: 1,
};
