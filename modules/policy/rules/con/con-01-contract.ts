import { CONTRACT } from "../../contract";
import { checkContract } from "../../private/contract-check";
import { NOT_APPLICABLE, verdict } from "../../private/findings";
import type { Rule } from "../../types";

const FIX =
  "build the stack as the contract says; a new reviewed need is a change to modules/policy/contract.ts, which its code owners review";

/**
 * CON-01: the stack holds exactly what the contract (../../contract.ts) names for its
 * environment's configuration: sections, block kinds, types, arguments, values and counts.
 */
export const con01Contract: Rule = (subject, context) => {
  if (subject.kind !== "stack") return NOT_APPLICABLE;
  if (!context.environment) {
    return verdict([
      {
        id: "Contract::no-environment",
        message: "the stack was checked without its environment, so the contract could not be",
        fix: "apply PolicyChecks with the environment the stack is built from",
      },
    ]);
  }
  const problems = checkContract(
    subject.config as Record<string, unknown>,
    context.environment,
    CONTRACT,
    context.settings.repositoryRoot,
  );
  return verdict(
    problems.map((p, i) => ({
      id: `Contract::${p.address}#${i}`,
      message: `${p.address}: ${p.message}`,
      fix: FIX,
    })),
  );
};
