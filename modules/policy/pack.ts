/**
 * The policy pack: the stack contract (CON-01) and the rules a contract cannot express: what an
 * IAM statement grants, CIDR ranges, key and bucket policies, retention, secrets in values.
 * Rules are pure functions in `rules/<area>/`; the pack only composes them.
 */
import { con01Contract } from "./rules/con/con-01-contract";
import { iam01NoAdmin } from "./rules/iam/iam-01-no-admin";
import { iam02NoWildcardActions } from "./rules/iam/iam-02-no-wildcard-actions";
import { iam03NoWildcardResources } from "./rules/iam/iam-03-no-wildcard-resources";
import { iam04NoAwsManagedPolicies } from "./rules/iam/iam-04-no-aws-managed-policies";
import { iam05TrustedServicePrincipals } from "./rules/iam/iam-05-trusted-service-principals";
import { iam06NoPassRoleOnWildcard } from "./rules/iam/iam-06-no-passrole-on-wildcard";
import { kms01RotationAndKeyPolicy } from "./rules/kms/kms-01-rotation-and-key-policy";
import { log01Retention } from "./rules/log/log-01-retention";
import { s303DenyInsecureTransport } from "./rules/s3/s3-03-deny-insecure-transport";
import { s307NoPublicOrForeignPrincipals } from "./rules/s3/s3-07-no-public-or-foreign-principals";
import { sec01NoSecretsInValues } from "./rules/sec/sec-01-no-secrets-in-values";
import { sg01NoIngressFromAnywhere } from "./rules/sg/sg-01-no-ingress-from-anywhere";
import { sg02IngressOwnPortsAndSources } from "./rules/sg/sg-02-ingress-own-ports-and-sources";
import type { Rule, Severity } from "./types";

/** A rule as the pack runs it. */
export interface PackRule {
  /** Stable id, e.g. `IAM-03`: what suppressions and reports name. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule requires and why. */
  readonly explanation: string;
  readonly check: Rule;
}

const E: Severity = "error";
const E_UNSUPPRESSIBLE: Severity = "error-unsuppressible";

/** Every rule of the pack, in table order. */
export const POLICY_PACK: readonly PackRule[] = [
  {
    id: "CON-01",
    severity: E_UNSUPPRESSIBLE,
    check: con01Contract,
    explanation:
      "The stack holds only what the reviewed contract (modules/policy/contract.ts) names for its configuration.",
  },
  {
    id: "IAM-01",
    severity: E_UNSUPPRESSIBLE,
    check: iam01NoAdmin,
    explanation: "No policy allows every action on every resource.",
  },
  {
    id: "IAM-02",
    severity: E,
    check: iam02NoWildcardActions,
    explanation: "No '*' or 'service:*' actions, and no Allow with NotAction.",
  },
  {
    id: "IAM-03",
    severity: E,
    check: iam03NoWildcardResources,
    explanation: "No Allow on resource '*'; reading secrets or decrypting on '*' is never allowed.",
  },
  {
    id: "IAM-04",
    severity: E,
    check: iam04NoAwsManagedPolicies,
    explanation: "No AWS-managed policies: they grant more than needed and change without review.",
  },
  {
    id: "IAM-05",
    severity: E,
    check: iam05TrustedServicePrincipals,
    explanation:
      "Roles trust only the intended service principal, with an aws:SourceAccount condition.",
  },
  {
    id: "IAM-06",
    severity: E,
    check: iam06NoPassRoleOnWildcard,
    explanation: "No iam:PassRole (or iam:*) on resource '*'.",
  },
  {
    id: "SG-01",
    severity: E_UNSUPPRESSIBLE,
    check: sg01NoIngressFromAnywhere,
    explanation: "No ingress from 0.0.0.0/0 or ::/0.",
  },
  {
    id: "SG-02",
    severity: E,
    check: sg02IngressOwnPortsAndSources,
    explanation: "Ingress only on the service's ports, from security groups or allowed CIDRs.",
  },
  {
    id: "LOG-01",
    severity: E,
    check: log01Retention,
    explanation:
      "Log groups keep events for an explicit retention of at least the floor (365 days).",
  },
  {
    id: "S3-03",
    severity: E,
    check: s303DenyInsecureTransport,
    explanation: "Bucket policies deny requests without TLS, for the bucket and its objects.",
  },
  {
    id: "S3-07",
    severity: E,
    check: s307NoPublicOrForeignPrincipals,
    explanation: "Bucket policies allow neither '*' nor other accounts.",
  },
  {
    id: "KMS-01",
    severity: E,
    check: kms01RotationAndKeyPolicy,
    explanation: "Keys rotate, have an explicit policy, and allow no unconditioned '*' principal.",
  },
  {
    id: "SEC-01",
    severity: E_UNSUPPRESSIBLE,
    check: sec01NoSecretsInValues,
    explanation: "No value in the stack looks like a secret (keys, tokens, passwords in URLs).",
  },
];

/** The pack's rule ids, in table order. */
export const POLICY_RULE_IDS: readonly string[] = POLICY_PACK.map((rule) => rule.id);

/** The rule with an id, if the pack has it. */
export function findRule(id: string): PackRule | undefined {
  return POLICY_PACK.find((rule) => rule.id === id);
}

/** True when the rule's findings can never be suppressed. */
export function isUnsuppressible(rule: PackRule): boolean {
  return rule.severity === "error-unsuppressible";
}
