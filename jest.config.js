/**
 * Jest runs the TypeScript sources through ts-jest as CommonJS.
 * lowdb and steno ship only ES modules: Node 20.19+ loads them with require() at run time,
 * but Jest's own module loader does not, so those two packages are transformed to CommonJS here.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
    '^.+/node_modules/(lowdb|steno)/.+\\.js$': [
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
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  moduleNameMapper: {
    '^lowdb/node$': '<rootDir>/node_modules/lowdb/lib/node.js',
  },
  testTimeout: 20000,
};
