/**
 * file-type (and the packages it imports) ship only as ES modules. Node ≥ 20.19 requires them
 * natively, but Jest's own module loader does so only from Node 24.9: under Jest they are
 * compiled to CommonJS instead. Shared by the unit, e2e and cluster configs.
 */
const ESM_PACKAGES = [
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer/inflate',
  'uint8array-extras',
  '@borewit/text-codec',
];

const { join } = require('node:path');

module.exports = {
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  esmTransform: {
    '^.+/node_modules/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true }, isolatedModules: true },
    ],
  },
  // Its "exports" offer Node only `import` and `module-sync` conditions, which Jest's
  // CommonJS resolver does not ask for.
  moduleNameMapper: { '^file-type$': join(__dirname, '../../node_modules/file-type/index.js') },
};
