/**
 * Jest runs the TypeScript tests through @swc/jest: transpile only, no type checking.
 * Types are checked once, by `tsc --noEmit` (npm run typecheck), which is much faster
 * than type checking every test file inside jest.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  // Jest's transform cache stays with the project, not in the system temp folder.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  moduleFileExtensions: ["ts", "js", "json"],
};
