import * as fs from "fs";
import * as path from "path";

/**
 * The output folder synth replaces. Synth replaces what it wrote there (on success, to swap in
 * the new stacks; on failure, it removes it, so nothing stale can be applied) and keeps
 * everything else: Terraform's working files in a stack's folder (`.terraform/`, the lock file,
 * saved plans, state) belong to whoever ran Terraform there. This module decides, before
 * anything is touched, whether a folder is one synth may write to: never the repository or a
 * folder that holds it, never a folder that is not a synth output. It needs only Node's fs and
 * path, so main.ts can load it before anything that could fail.
 */

/** The repository this code runs from. */
const REPOSITORY = path.resolve(__dirname, "..");

/** What cdktf writes at the top of its output folder. */
const SYNTH_OUTPUT = ["manifest.json", "stacks"];

/**
 * What synth writes in a stack's folder: cdktf's stack and assets, and the policy pack's report
 * (modules/policy/report.ts). Everything else there is kept, whatever it is: an allow-list of
 * what may be removed, so a file nobody foresaw is never lost.
 */
const STACK_OUTPUT = ["cdk.tf.json", "assets"];

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

/**
 * Removes what synth wrote in `outdir` (as after a failed synth), keeping every other file of a
 * stack's folder, and then the folders left empty. Does nothing when synth may not write there.
 */
export function removeOutput(outdir: string): void {
  if (outputFolderProblem(outdir) !== undefined) return;
  const stacks = path.join(outdir, "stacks");
  for (const stack of subfolders(stacks)) {
    for (const entry of STACK_OUTPUT) {
      fs.rmSync(path.join(stacks, stack, entry), { recursive: true, force: true });
    }
    removeIfEmpty(path.join(stacks, stack));
  }
  removeIfEmpty(stacks);
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  removeIfEmpty(outdir);
}

/**
 * Moves the files synth did not write (Terraform's working files) from each stack folder of
 * `from` into the same stack folder of `to`, unless `to` already has one of that name. A stack
 * that `to` no longer has keeps its folder, with those files only.
 */
export function carryWorkingFiles(from: string, to: string): void {
  for (const stack of subfolders(path.join(from, "stacks"))) {
    const source = path.join(from, "stacks", stack);
    const target = path.join(to, "stacks", stack);
    for (const entry of fs.readdirSync(source)) {
      if (STACK_OUTPUT.includes(entry) || fs.existsSync(path.join(target, entry))) continue;
      fs.mkdirSync(target, { recursive: true });
      fs.renameSync(path.join(source, entry), path.join(target, entry));
    }
  }
}

function subfolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

function removeIfEmpty(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

/**
 * Cleans up after interrupted synths: removes `<outdir>.staging-<pid>` (synth output only), and
 * gives the working files in `<outdir>.previous-<pid>` back to `outdir` before removing the
 * rest, for every such folder whose process no longer runs.
 */
export function removeAbandonedStaging(outdir: string): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return;
  const prefix = `${path.basename(target)}.`;
  for (const entry of fs.readdirSync(parent)) {
    const m = /^(?:staging|previous)-(\d+)$/.exec(entry.slice(prefix.length));
    if (!entry.startsWith(prefix) || !m || isRunning(Number(m[1]))) continue;
    const abandoned = path.join(parent, entry);
    carryWorkingFiles(abandoned, target);
    removeOutput(abandoned);
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
