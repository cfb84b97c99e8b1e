import * as path from "path";

/** Errors whose message is the whole story: the checks' own reports, with no code location. */
const MESSAGE_ONLY = new Set([
  "ConfigValidationError",
  "FlagFileValidationError",
  "SynthesisRefusedError",
  "OutputFolderRefusedError",
  "TypeScriptSyntaxError",
]);

/**
 * What a failed synth prints: the message and, for an error raised by code (a reference or
 * runtime error in `environments/` or `modules/`), the TypeScript `file:line:column` it came
 * from, relative to the repository. Never a stack trace, unless `debug` asks for one.
 */
export function describeFailure(error: unknown, repositoryRoot: string, debug = false): string {
  if (!(error instanceof Error)) return String(error);
  const stack = typeScriptPositions(error.stack ?? "");
  if (MESSAGE_ONLY.has(error.name))
    return debug ? `${error.message}\n${framesOf(stack)}` : error.message;
  const where = firstProjectFrame(stack, repositoryRoot);
  const head = `${where ? `${where}: ` : ""}${error.name}: ${error.message}`;
  return debug
    ? `${head}\n${framesOf(stack)}`
    : `${head}\n(set FLIPT_SYNTH_DEBUG=1 to see the stack trace)`;
}

/** `relative/file.ts:line:column` of the first stack frame in the project's own code. */
export function firstProjectFrame(stack: string, repositoryRoot: string): string | undefined {
  // `at fn (/path/to/file.ts:1:2)` or `at /path/to/file.ts:1:2`; paths may contain spaces.
  for (const match of stack.matchAll(/^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/gm)) {
    const file = match[1];
    if (!path.isAbsolute(file)) continue;
    const relative = path.relative(repositoryRoot, file);
    if (relative.startsWith("..") || relative.split(path.sep).includes("node_modules")) continue;
    return `${relative.split(path.sep).join("/")}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function framesOf(stack: string): string {
  return stack.split("\n").slice(1).join("\n");
}

/**
 * The stack with TypeScript positions, when the runner (scripts/run-ts.js) transpiled the code
 * and kept its source maps; as it is otherwise (jest maps positions itself).
 */
function typeScriptPositions(stack: string): string {
  const map = (globalThis as Record<symbol, unknown>)[Symbol.for("milmove-flipt.mapStack")];
  return typeof map === "function" ? String(map(stack)) : stack;
}
