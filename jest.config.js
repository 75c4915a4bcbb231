/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // tsconfig.jest.json sets isolatedModules: ts-jest then only transpiles (type-checking is `npm run typecheck`'s
  // job, run by pretest), which keeps the suite fast on 2 cores.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testTimeout: 120000,
  setupFilesAfterEnv: ['<rootDir>/test/helpers/poly-equality.ts'],
};
