/**
 * The one place that reaches into cdktf beyond its public API. Everything here names a module
 * path inside the `cdktf` package; moving to CDK Terrain (`cdktn`) or another release changes
 * only this file's import specifiers, and the tests in `__tests__/cdktf-adapter.test.ts` say
 * at once if a release moved or changed what is used here.
 */
import type { ISynthesisSession, TerraformStack } from "cdktf";
// Not exported from the package root in cdktf 0.21: the hook that runs after every aspect and
// before annotations are collected.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
// cdktf adds one of these to every `terraform_data` resource, import block and moved block. At
// synthesis it runs `terraform version` as a child process, which makes synth need terraform
// on PATH and costs a process start per stack.
import { ValidateTerraformVersion } from "cdktf/lib/validations/validate-terraform-version";
import { Construct, type IConstruct } from "constructs";

/** Runs `onSynthesize` when the stack holding `scope` is synthesized, after every aspect. */
export function onStackSynthesis(
  scope: Construct,
  id: string,
  onSynthesize: (session: ISynthesisSession) => void,
): void {
  addCustomSynthesis(new Construct(scope, id), { onSynthesize });
}

/** A Terraform version requirement that cdktf would have checked by running terraform. */
export interface TerraformVersionRequirement {
  /** Construct path of the resource that needs it. */
  readonly path: string;
  /** The semver range, e.g. `>=1.4`. */
  readonly constraint: string;
}

/**
 * Removes cdktf's `terraform version` checks from every construct under `root` and returns what
 * they required. The stack states its requirement as `required_version`, which terraform itself
 * enforces at init on the machine that plans; the caller checks that it covers every returned
 * requirement, so nothing is lost by not asking the synthesizing machine's terraform.
 */
export function takeTerraformVersionChecks(root: IConstruct): TerraformVersionRequirement[] {
  assertValidationsField();
  const taken: TerraformVersionRequirement[] = [];
  for (const node of root.node.findAll()) {
    const validations = validationsOf(node);
    // constructs >= 10.6 creates the list on the first addValidation only.
    if (validations === undefined) continue;
    if (!Array.isArray(validations)) {
      throw new Error(
        `cdktf adapter: constructs no longer keeps validations where this project expects them (${node.node.path}); update modules/private/cdktf-adapter.ts`,
      );
    }
    for (let i = validations.length - 1; i >= 0; i--) {
      const validation = validations[i];
      if (validation instanceof ValidateTerraformVersion) {
        taken.push({
          path: node.node.path,
          constraint: (validation as unknown as { versionConstraint: string }).versionConstraint,
        });
        validations.splice(i, 1);
      }
    }
  }
  return taken;
}

function validationsOf(scope: IConstruct): unknown {
  return (scope.node as unknown as { _validations?: unknown })._validations;
}

/**
 * Fails closed when constructs keeps validations somewhere else: finding no list would otherwise
 * look like "no version checks", and cdktf would start `terraform version` after all.
 */
function assertValidationsField(): void {
  const probe = new Construct(undefined as unknown as Construct, "validations-probe");
  const validation = { validate: () => [] };
  probe.node.addValidation(validation);
  const validations = validationsOf(probe);
  if (!Array.isArray(validations) || !validations.includes(validation)) {
    throw new Error(
      "cdktf adapter: constructs no longer keeps validations where this project expects them; update modules/private/cdktf-adapter.ts",
    );
  }
}

/**
 * Lets `stack` be written (into the caller's staging folder) despite error annotations, as
 * `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS` would, so that one synthesis reports the policy
 * errors of every stack rather than stopping at the first; the caller refuses the output.
 */
export function continuePastErrorAnnotations(stack: TerraformStack): void {
  const synthesizer = stack.synthesizer as unknown as { continueOnErrorAnnotations?: unknown };
  if (typeof synthesizer.continueOnErrorAnnotations !== "boolean") {
    throw new Error(
      "cdktf adapter: the stack synthesizer no longer has continueOnErrorAnnotations; update modules/private/cdktf-adapter.ts",
    );
  }
  synthesizer.continueOnErrorAnnotations = true;
}
