import * as fs from "fs";
import * as path from "path";
import { AnnotationMetadataEntryType, App, TerraformStack } from "cdktf";
import {
  continuePastErrorAnnotations,
  takeTerraformVersionChecks,
  type TerraformVersionRequirement,
} from "./private/cdktf-adapter";
import {
  assertReplaceable,
  carryWorkingFiles,
  removeAbandonedStaging,
  removeOutput,
} from "./output-folder";
import { PolicyChecks } from "./policy/policy-aspect";
import { uncovered } from "./terraform-version";
import type { PolicyReport } from "./policy/report";

/** What a successful {@link synthesizeAtomically} wrote. */
export interface SynthesisResult {
  /** The stacks written, in construction order. */
  readonly stacks: readonly string[];
  /** The folder they were written to. */
  readonly outdir: string;
  /** The policy pack's report of each stack, by stack name. */
  readonly reports: ReadonlyMap<string, PolicyReport>;
}

/** A synthesis refused on purpose (validation, policy, state in the way): no location to show. */
export class SynthesisRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthesisRefusedError";
  }
}

/**
 * Synthesizes an app all or nothing. cdktf writes stacks one by one and throws at the first
 * failing one, which would leave some stacks new and others stale. Here every stack is written
 * to a staging directory first and moved into `outdir` only when all succeeded; on any failure
 * the staging directory and the previous output are removed, so nothing stale or partial is
 * left that someone could `terraform apply`. Terraform's working files in a stack's folder
 * (`.terraform/`, the lock file, saved plans, local state) are never removed: they move into
 * the new output, or stay where they are after a failure.
 *
 * `build` runs inside the same guard: an error while constructing (bad config, a bug in a
 * construct) removes the previous output too.
 *
 * Construct validations run here rather than in cdktf, without the `terraform version` child
 * process cdktf would start: synthesis needs Node only, and the Terraform version each construct
 * needs must be covered by the stack's own `required_version`, which terraform enforces at init.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void): SynthesisResult {
  // Checked before anything is touched: synth deletes the folder it replaces.
  assertReplaceable(outdir);
  removeAbandonedStaging(outdir);
  const staging = `${outdir}.staging-${process.pid}`;
  fs.mkdirSync(path.dirname(path.resolve(staging)), { recursive: true });
  let stacks: TerraformStack[];
  const reports = new Map<string, PolicyReport>();
  try {
    const app = new App({ outdir: staging, stackTraces: false, skipValidation: true });
    build(app);
    stacks = app.node.findAll().filter(TerraformStack.isStack);
    // Every stack is synthesized (into staging) even when an earlier one has policy errors, so
    // one run reports the errors of all of them; the check below refuses the whole output.
    stacks.forEach(continuePastErrorAnnotations);
    const versionChecks = takeTerraformVersionChecks(app);
    app.synth();
    const problems = [
      ...app.node
        .findAll()
        .flatMap((node) => node.node.validate().map((e) => `[${node.node.path}] ${e}`)),
      ...stacks.flatMap((stack) => uncoveredVersionChecks(stack, staging, versionChecks)),
    ];
    if (problems.length > 0) {
      throw new SynthesisRefusedError(
        `Validation failed with the following errors:\n  ${problems.join("\n  ")}`,
      );
    }
    // Every stack written must have been checked against the contract: a stack added without
    // PolicyChecks (a second `new TerraformStack(app, ...)`) would reach `terraform apply` unchecked.
    const unchecked = stacks.filter((stack) => !PolicyChecks.reportOf(stack));
    if (unchecked.length > 0) {
      throw new SynthesisRefusedError(
        `Stack ${unchecked.map((s) => s.node.path).join(", ")} was not checked against the stack contract; every stack must be a FliptStack (which applies PolicyChecks with its environment); nothing was written`,
      );
    }
    for (const stack of stacks) reports.set(stack.node.id, PolicyChecks.reportOf(stack)!);
    // Every stack was written to staging despite error annotations (see above); a policy
    // violation must never reach the output.
    const errors = errorAnnotations(app);
    if (errors.length > 0) {
      throw new SynthesisRefusedError(
        `The policy pack found ${errors.length} error${errors.length === 1 ? "" : "s"}; nothing was written:\n${errors.join("\n")}`,
      );
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    removeOutput(outdir);
    throw error;
  }
  const previous = `${outdir}.previous-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  carryWorkingFiles(previous, outdir);
  removeOutput(previous);
  return { stacks: stacks.map((s) => s.node.id), outdir, reports };
}

/** Every error annotation in the app (the policy pack's findings among them), with its path. */
function errorAnnotations(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((node) =>
      node.node.metadata
        .filter((entry) => entry.type === AnnotationMetadataEntryType.ERROR)
        .map((entry) => `[${node.node.path}] ${String(entry.data)}`),
    );
}

/** The version checks of `stack` that its synthesized `required_version` does not guarantee. */
function uncoveredVersionChecks(
  stack: TerraformStack,
  outdir: string,
  checks: readonly TerraformVersionRequirement[],
): string[] {
  const own = checks.filter(
    (c) => c.path === stack.node.path || c.path.startsWith(`${stack.node.path}/`),
  );
  if (own.length === 0) return [];
  const file = path.join(outdir, "stacks", stack.node.id, "cdk.tf.json");
  const required = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as { terraform?: { required_version?: unknown } })
        .terraform?.required_version
    : undefined;
  return uncovered(own, typeof required === "string" ? required : undefined);
}
