import * as fs from "fs";
import * as path from "path";

/**
 * The output folder synth replaces. Synth deletes it whole (on success, to swap in the new
 * stacks; on failure, so nothing stale can be applied), so this module decides, before anything
 * is touched, whether a folder is one synth may replace: never the repository or a folder that
 * holds it, never a folder that is not a synth output. It needs only Node's fs and path, so
 * main.ts can load it before anything that could fail.
 */

/** The repository this code runs from. */
const REPOSITORY = path.resolve(__dirname, "..");

/** What cdktf writes at the top of its output folder. */
const SYNTH_OUTPUT = ["manifest.json", "stacks"];

/** Thrown when synth refuses to touch an output folder; nothing was changed. */
export class OutputFolderRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFolderRefusedError";
  }
}

/**
 * Why synth may not replace `outdir`, or undefined when it may: it is missing, or holds nothing
 * but what synth writes (`manifest.json`, `stacks/`), and it is not the repository, the working
 * folder or a folder that contains either.
 */
export function outputFolderProblem(outdir: string): string | undefined {
  const target = path.resolve(outdir);
  if (path.dirname(target) === target) return `${outdir} is the root of the file system`;
  for (const kept of [REPOSITORY, process.cwd()]) {
    if (target === kept || kept.startsWith(`${target}${path.sep}`)) {
      return `${outdir} is ${kept} or a folder above it, and synth deletes the folder it writes to`;
    }
  }
  if (!fs.existsSync(target)) return undefined;
  if (!fs.statSync(target).isDirectory()) return `${outdir} exists and is not a folder`;
  const foreign = fs.readdirSync(target).filter((entry) => !SYNTH_OUTPUT.includes(entry));
  if (foreign.length > 0) {
    return `${outdir} holds files that are not synth output (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", ..." : ""}); synth deletes the folder it writes to`;
  }
  return undefined;
}

/** Throws {@link OutputFolderRefusedError} when synth may not replace `outdir`. */
export function assertReplaceable(outdir: string): void {
  const problem = outputFolderProblem(outdir);
  if (problem) {
    throw new OutputFolderRefusedError(
      `Refusing to write to ${outdir}: ${problem}. Nothing was changed; choose an output folder of its own (the default is cdktf.out).`,
    );
  }
}

/** Removes `outdir` when synth may replace it (as after a failed synth); leaves it otherwise. */
export function removeOutput(outdir: string): void {
  if (outputFolderProblem(outdir) === undefined)
    fs.rmSync(outdir, { recursive: true, force: true });
}

/**
 * Removes staging folders that interrupted synths left beside `outdir`
 * (`<outdir>.staging-<pid>`, `<outdir>.previous-<pid>`) whose process no longer runs.
 */
export function removeAbandonedStaging(outdir: string): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return;
  const prefix = `${path.basename(target)}.`;
  for (const entry of fs.readdirSync(parent)) {
    const m = /^(?:staging|previous)-(\d+)$/.exec(entry.slice(prefix.length));
    if (!entry.startsWith(prefix) || !m || isRunning(Number(m[1]))) continue;
    fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
