import { isExpression } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  holds,
  isAnywhere,
  ruleLabel,
  rulePath,
  securityGroupRules,
} from "../../private/security-groups";
import type { Finding, Rule } from "../../types";

/** SG-01: no ingress from 0.0.0.0/0 or ::/0 (cdk-nag EC23, CKV_AWS_277, FSBP EC2.18). */
export const sg01NoIngressFromAnywhere: Rule = (subject) => {
  const held =
    subject.kind === "resource" ? securityGroupRules(subject.type, subject.config) : undefined;
  if (!held || !holds(held, "ingress")) return NOT_APPLICABLE;
  const findings: Finding[] = held.unresolved
    .filter((u) => u.path === "ingress")
    .map((u) => unresolved(u.path, u.value, "a list of rules without 0.0.0.0/0 or ::/0"));
  for (const rule of held.rules.filter((r) => r.direction === "ingress")) {
    for (const cidr of rule.cidrs) {
      if (isExpression(cidr))
        findings.push(
          unresolved(rulePath(rule, "cidr"), cidr, "a CIDR other than 0.0.0.0/0 and ::/0"),
        );
      else if (isAnywhere(cidr)) {
        findings.push({
          id: `Cidr::${String(cidr)}`,
          message: `${ruleLabel(rule)} admits ${String(cidr)}: anyone who can route to the VPC`,
          fix: "admit the clients' security groups (or the allowed CIDRs) instead",
        });
      }
    }
  }
  return verdict(findings);
};
