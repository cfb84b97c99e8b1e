import type { IConstruct } from "constructs";
import {
  takeTerraformVersionChecks,
  type TerraformVersionRequirement,
} from "./private/cdktf-adapter";

/**
 * The Terraform version every stack requires: 1.10 for the S3 backend's native lock file (and
 * 1.5 for import blocks, 1.4 for terraform_data, which it covers). Terraform enforces it at init.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/**
 * Replaces cdktf's `terraform version` checks under `scope` (a child process each, at every
 * synthesis, and a hard dependency on terraform for synth and tests) by the stack's own
 * `required_version`. Returns one problem per check that `requiredVersion` does not guarantee.
 */
export function replaceTerraformVersionChecks(
  scope: IConstruct,
  requiredVersion: string | undefined,
): string[] {
  return uncovered(takeTerraformVersionChecks(scope), requiredVersion);
}

/** The checks that `requiredVersion` (a `>= x.y.z` constraint) does not guarantee. */
export function uncovered(
  checks: readonly TerraformVersionRequirement[],
  requiredVersion: string | undefined,
): string[] {
  const floor = requiredVersion === undefined ? undefined : lowerBound(requiredVersion);
  return checks
    .filter((check) => {
      const needed = lowerBound(check.constraint);
      return floor === undefined || needed === undefined || compare(floor, needed) < 0;
    })
    .map(
      (check) =>
        `[${check.path}] needs Terraform ${check.constraint}, which the stack's required_version ${JSON.stringify(requiredVersion ?? "(unset)")} does not guarantee; raise required_version`,
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
