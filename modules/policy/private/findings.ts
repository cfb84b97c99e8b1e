/** Small helpers every rule uses to build its answer. */
import type { Finding, PolicySubject, RuleResult } from "../types";
import { show } from "./json";

/** The subject passes. */
export const COMPLIANT: RuleResult = { outcome: "compliant" };
/** The rule says nothing about the subject. */
export const NOT_APPLICABLE: RuleResult = { outcome: "not-applicable" };

/**
 * Compliant when there are no findings, else non-compliant. Findings with the same id are
 * merged (one suppression `appliesTo` entry covers them all, so the report shows them as one).
 */
export function verdict(findings: readonly Finding[]): RuleResult {
  if (findings.length === 0) return COMPLIANT;
  const byId = new Map<string, Finding>();
  for (const finding of findings) {
    const seen = byId.get(finding.id);
    byId.set(
      finding.id,
      seen
        ? {
            ...seen,
            message: seen.message.includes(finding.message)
              ? seen.message
              : `${seen.message}; ${finding.message}`,
            unsuppressible: seen.unsuppressible || finding.unsuppressible,
          }
        : finding,
    );
  }
  return { outcome: "non-compliant", findings: [...byId.values()] };
}

/** True when the subject is a resource of one of the types. */
export function isResourceOf(subject: PolicySubject, ...types: string[]): boolean {
  return subject.kind === "resource" && types.includes(subject.type);
}

/**
 * The finding for a value the rule needs but Terraform only knows at plan time (`${var.x}`,
 * a function call, a local): never a silent pass.
 */
export function unresolved(path: string, value: unknown, needed: string): Finding {
  return {
    id: `Unresolved::${path}`,
    message: `${path} is ${show(value)}, which is only known at plan time, so the policy cannot verify that it is ${needed}`,
    fix: `set ${path} to a literal value (or a reference to a resource of this stack) that is ${needed}`,
  };
}

/** The finding for a value Terraform would not accept where the rule needs one it can judge. */
export function invalid(path: string, value: unknown, needed: string): Finding {
  return {
    id: `Invalid::${path}`,
    message: `${path} is ${show(value)}, which is not ${needed}`,
    fix: `set ${path} to ${needed}`,
  };
}
