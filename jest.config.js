/**
 * Jest runs the TypeScript sources through ts-jest as CommonJS.
 * lowdb, steno and file-type (with its tokenizer packages) ship only ES modules: Node 20.19+ loads them with require() at run time,
 * but Jest's own module loader does not, so those packages are transformed to CommonJS here.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
    '^.+/node_modules/(lowdb|steno|file-type|strtok3|token-types|@tokenizer/inflate|uint8array-extras|@borewit/text-codec)/.+\\.js$':
      [
        'ts-jest',
        {
          tsconfig: {
            allowJs: true,
            module: 'commonjs',
            moduleResolution: 'node10',
            target: 'ES2022',
            esModuleInterop: true,
          },
          isolatedModules: true,
        },
      ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(lowdb|steno|file-type|strtok3|token-types|@tokenizer/inflate|uint8array-extras|@borewit/text-codec)/)',
  ],
  moduleNameMapper: {
    '^lowdb/node$': '<rootDir>/node_modules/lowdb/lib/node.js',
    // file-type exports only "import"/"module-sync" conditions, which Jest's resolver does not match.
    '^file-type$': '<rootDir>/node_modules/file-type/core.js',
    '^strtok3/core$': '<rootDir>/node_modules/strtok3/lib/core.js',
  },
  testTimeout: 20000,
};
