#!/usr/bin/env node
// Transpile-only TypeScript runner: `node scripts/run-ts.js main.ts [args]`.
//
// Types are checked separately by `tsc --noEmit` (npm run typecheck); running the app only
// needs the types stripped, which @swc/core does in milliseconds per file. The output is cached
// under node_modules/.cache/run-ts by file name and content, so an unchanged file is not
// transpiled again and swc (about a sixth of a synth, its native binding included) is not even
// loaded when nothing changed. The cache is bounded: when a new entry takes it past
// CACHE_MAX_ENTRIES files, the oldest are removed down to CACHE_KEEP_ENTRIES (a few MB).
//
// Stack traces point at the TypeScript: each file's source map is kept here and applied when a
// failure is reported. Node's own source-map support (--enable-source-maps) would do the
// same but parses the inline maps of every library module at load, which costs about a fifth
// of a synth. A syntax error is reported as `file.ts:line:column: message` with the offending
// lines, never as the transpiler's backtrace.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const swcOptions = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: true,
};
const cacheDir =
  process.env.RUN_TS_CACHE_DIR || path.join(__dirname, "..", "node_modules", ".cache", "run-ts");
// The project has about a hundred TypeScript files; room for a few versions of each.
const CACHE_MAX_ENTRIES = 600;
const CACHE_KEEP_ENTRIES = 400;
let swc;
let cacheKey;

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

/** Transpiles one file, through the cache: `{ code, map }` (map as a JSON string). */
function transpile(source, filename) {
  if (!cacheKey) {
    const swcVersion = require("@swc/core/package.json").version;
    cacheKey = `${swcVersion}:${JSON.stringify(swcOptions)}`;
  }
  const hash = crypto.createHash("sha1").update(cacheKey).update(filename).update(source);
  const cached = path.join(cacheDir, `${hash.digest("hex")}.json`);
  try {
    return JSON.parse(fs.readFileSync(cached, "utf8"));
  } catch {
    // not cached yet
  }
  swc = swc || require("@swc/core");
  let output;
  try {
    output = swc.transformSync(source, { ...swcOptions, filename });
  } catch (error) {
    throw syntaxError(filename, error);
  }
  const result = { code: output.code, map: output.map };
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, JSON.stringify(result));
    fs.renameSync(temporary, cached);
    pruneCache();
  } catch {
    // A read-only node_modules only costs speed.
  }
  return result;
}

/** Keeps the cache bounded: past CACHE_MAX_ENTRIES files, the oldest go. */
function pruneCache() {
  const names = fs.readdirSync(cacheDir);
  if (names.length <= CACHE_MAX_ENTRIES) return;
  const entries = names
    .map((name) => {
      const file = path.join(cacheDir, name);
      return { file, time: fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
    .sort((a, b) => a.time - b.time);
  for (const { file } of entries.slice(0, entries.length - CACHE_KEEP_ENTRIES)) {
    fs.rmSync(file, { force: true });
  }
}

const maps = new Map(); // filename -> raw source map (JSON string), decoded on first use
const decoded = new Map();

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code, map } = transpile(fs.readFileSync(filename, "utf8"), filename);
  if (map) maps.set(filename, map);
  module._compile(code, filename);
};

// ---- stack traces in TypeScript positions

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Per generated line, its segments as [generatedColumn, sourceLine, sourceColumn] (0-based). */
function decodeMappings(mappings) {
  const lines = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments = [];
    let generatedColumn = 0;
    for (const segment of lineText.split(",")) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedColumn += fields[0];
      if (fields.length >= 4) {
        // fields[1] (source file) and fields[4] (name) are not needed: one file per map.
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([generatedColumn, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** The TypeScript line and column (1-based) of a generated position, if the file has a map. */
function originalPosition(filename, line, column) {
  if (!maps.has(filename)) return undefined;
  if (!decoded.has(filename))
    decoded.set(filename, decodeMappings(JSON.parse(maps.get(filename)).mappings));
  const segments = decoded.get(filename)[line - 1];
  if (!segments || segments.length === 0) return undefined;
  let best = segments[0];
  for (const segment of segments) if (segment[0] <= column - 1) best = segment;
  return { line: best[1] + 1, column: best[2] + 1 };
}

/**
 * Rewrites the positions of transpiled files in a formatted stack trace to TypeScript ones.
 * Applied only when a failure is reported (modules/synth-failure.ts finds it under this symbol):
 * cdktf captures a full stack trace for every token it creates, so a global
 * Error.prepareStackTrace would cost a tenth of every synth.
 */
function mapStack(stack) {
  // `at fn (/path/to/file.ts:1:2)` or `at /path/to/file.ts:1:2`; paths may contain spaces.
  return String(stack).replace(
    /^(\s*at (?:.*? \()?)(.+?\.ts):(\d+):(\d+)(\)?)$/gm,
    (whole, before, file, line, column, after) => {
      const position = originalPosition(file, Number(line), Number(column));
      return position ? `${before}${file}:${position.line}:${position.column}${after}` : whole;
    },
  );
}
globalThis[Symbol.for("milmove-flipt.mapStack")] = mapStack;

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.js <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
try {
  require(path.resolve(entry));
} catch (error) {
  // The entry file itself does not parse: say where, without the runner's own backtrace.
  if (!(error instanceof TypeScriptSyntaxError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
