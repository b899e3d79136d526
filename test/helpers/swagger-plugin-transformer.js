// Runs the @nestjs/swagger compiler plugin under ts-jest, as `nest build` does (nest-cli.json).
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) =>
    plugin.before({ introspectComments: true, classValidatorShim: true }, compiler.program),
};
