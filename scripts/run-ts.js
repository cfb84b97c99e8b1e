#!/usr/bin/env node
// Transpile-only TypeScript runner: `node scripts/run-ts.js main.ts [args]`.
//
// Types are checked separately by `tsc --noEmit` (npm run typecheck); running the app only
// needs the types stripped, which @swc/core does in milliseconds per file. This keeps
// `npm run synth` for all environments well inside its 1.5 s budget, where ts-node's
// type-checking mode needs seconds.
"use strict";
const path = require("path");
const { transformSync } = require("@swc/core");

const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const source = require("fs").readFileSync(filename, "utf8");
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
