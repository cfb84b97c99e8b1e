#!/usr/bin/env node
// Transpile-only TypeScript runner: `node scripts/run-ts.js main.ts [args]`.
//
// Types are checked separately by `tsc --noEmit` (npm run typecheck); running the app only
// needs the types stripped, which @swc/core does in milliseconds per file. This keeps
// `npm run synth` for all environments fast, where ts-node's type-checking mode needs seconds.
//
// Source maps are on, so a runtime error points at the TypeScript line and column; a syntax
// error is reported as `file.ts:line:column: message` with the offending lines, never as the
// transpiler's own backtrace.
"use strict";
const fs = require("fs");
const path = require("path");
const { transformSync } = require("@swc/core");

process.setSourceMapsEnabled(true);

const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};

/** A syntax error in a TypeScript file, located in that file. */
class TypeScriptSyntaxError extends Error {
  constructor(message) {
    super(message);
    this.name = "TypeScriptSyntaxError";
  }
}

/** Turns swc's report (`x message` / `,-[file:line:col]` / excerpt / backtrace) into one message. */
function syntaxError(filename, error) {
  const text = String((error && error.message) || error);
  const relative = path.relative(process.cwd(), filename);
  const lines = text.split("\n");
  const message = (lines.find((l) => /^\s*x /.test(l)) || "syntax error").replace(/^\s*x /, "");
  const header = text.match(/,-\[(?:.*):(\d+):(\d+)\]/);
  let line = header ? Number(header[1]) : undefined;
  let column = header ? Number(header[2]) : undefined;
  // The caret line below the excerpt gives the exact column: ` 3 |   b: 2,` then `   :   ^`.
  const excerpt = [];
  for (let i = 0; i < lines.length; i++) {
    const code = lines[i].match(/^\s*(\d+) \| (.*)$/);
    if (code) excerpt.push(`  ${code[1]} | ${code[2]}`);
    const caret = lines[i].match(/^(\s*): (\s*)\^/);
    if (caret && i > 0) {
      const above = lines[i - 1].match(/^\s*(\d+) \| /);
      if (above) {
        line = Number(above[1]);
        column = caret[2].length + 1;
      }
      excerpt.push(`  ${" ".repeat(String(line).length)} | ${caret[2]}^`);
    }
    if (/^\s*`----/.test(lines[i])) break;
  }
  const where = line === undefined ? relative : `${relative}:${line}:${column}`;
  return new TypeScriptSyntaxError(`${where}: ${message}\n${excerpt.join("\n")}`);
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  let code;
  try {
    ({ code } = transformSync(source, { ...swcOptions, filename }));
  } catch (error) {
    throw syntaxError(filename, error);
  }
  module._compile(code, filename);
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
