import * as fs from "fs";
import * as path from "path";
import { AnnotationMetadataEntryType, App, TerraformStack } from "cdktf";
import { takeTerraformVersionChecks, type TerraformVersionRequirement } from "./cdktf-adapter";

/** What a successful {@link synthesizeAtomically} wrote. */
export interface SynthesisResult {
  /** The stacks written, in construction order. */
  readonly stacks: readonly string[];
  /** The folder they were written to. */
  readonly outdir: string;
}

/**
 * Synthesizes an app all or nothing. cdktf writes stacks one by one and throws at the first
 * failing one, which would leave some stacks new and others stale. Here every stack is written
 * to a staging directory first and moved into `outdir` only when all succeeded; on any failure
 * the staging directory and the previous output are removed, so nothing stale or partial is
 * left that someone could `terraform apply`.
 *
 * `build` runs inside the same guard: an error while constructing (bad config, a bug in a
 * construct) removes the previous output too.
 *
 * Construct validations run here rather than in cdktf, without the `terraform version` child
 * process cdktf would start: synthesis needs Node only, and the Terraform version each construct
 * needs must be covered by the stack's own `required_version`, which terraform enforces at init.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void): SynthesisResult {
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  let stacks: TerraformStack[];
  try {
    const app = new App({ outdir: staging, stackTraces: false, skipValidation: true });
    build(app);
    stacks = app.node.findAll().filter(TerraformStack.isStack);
    const versionChecks = takeTerraformVersionChecks(app);
    app.synth();
    const problems = [
      ...app.node
        .findAll()
        .flatMap((node) => node.node.validate().map((e) => `[${node.node.path}] ${e}`)),
      ...stacks.flatMap((stack) => uncoveredVersionChecks(stack, staging, versionChecks)),
    ];
    if (problems.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${problems.join("\n  ")}`);
    }
    // cdktf writes stacks despite error annotations when CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS
    // is set; a policy violation must never reach the output, whatever the environment says.
    const errors = app.node
      .findAll()
      .flatMap((node) =>
        node.node.metadata
          .filter((entry) => entry.type === AnnotationMetadataEntryType.ERROR)
          .map((entry) => `[${node.node.path}] ${String(entry.data)}`),
      );
    if (errors.length > 0) {
      throw new Error(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}`);
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const previous = `${outdir}.previous-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
  return { stacks: stacks.map((s) => s.node.id), outdir };
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
  const floor = typeof required === "string" ? lowerBound(required) : undefined;
  return own
    .filter((c) => {
      const needed = lowerBound(c.constraint);
      return floor === undefined || needed === undefined || compare(floor, needed) < 0;
    })
    .map(
      (c) =>
        `[${c.path}] needs Terraform ${c.constraint}, which the stack's required_version ${JSON.stringify(required ?? "(unset)")} does not guarantee; raise required_version`,
    );
}

/** The version a `>= x.y.z` constraint starts at; undefined for any other form (fails closed). */
function lowerBound(constraint: string): number[] | undefined {
  const m = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(constraint);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
