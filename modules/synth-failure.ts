import * as path from "path";

/** Errors whose message is the whole story: the checks' own reports, with no code location. */
const MESSAGE_ONLY = new Set([
  "ConfigValidationError",
  "FlagFileValidationError",
  "SynthesisRefusedError",
  "TypeScriptSyntaxError",
]);

/**
 * What a failed synth prints: the message and, for an error raised by code (a reference or
 * runtime error in `environments/` or `modules/`), the TypeScript `file:line:column` it came
 * from, relative to the repository. Never a stack trace, unless `debug` asks for one.
 */
export function describeFailure(error: unknown, repositoryRoot: string, debug = false): string {
  if (!(error instanceof Error)) return String(error);
  if (MESSAGE_ONLY.has(error.name))
    return debug ? `${error.message}\n${stackOf(error)}` : error.message;
  const where = firstProjectFrame(error.stack ?? "", repositoryRoot);
  const head = `${where ? `${where}: ` : ""}${error.name}: ${error.message}`;
  return debug
    ? `${head}\n${stackOf(error)}`
    : `${head}\n(set FLIPT_SYNTH_DEBUG=1 to see the stack trace)`;
}

/** `relative/file.ts:line:column` of the first stack frame in the project's own code. */
export function firstProjectFrame(stack: string, repositoryRoot: string): string | undefined {
  for (const match of stack.matchAll(/\(?((?:[A-Za-z]:)?[^\s():]+):(\d+):(\d+)\)?$/gm)) {
    const file = match[1];
    if (!path.isAbsolute(file)) continue;
    const relative = path.relative(repositoryRoot, file);
    if (relative.startsWith("..") || relative.split(path.sep).includes("node_modules")) continue;
    return `${relative.split(path.sep).join("/")}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function stackOf(error: Error): string {
  return (error.stack ?? "").split("\n").slice(1).join("\n");
}
