import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import { ruleLabel, securityGroupRules } from "../../private/security-groups";
import type { Finding, Rule } from "../../types";

// The provider's default when no description is given: says nothing about the group.
const PROVIDER_DEFAULT = "Managed by Terraform";

const missing = (value: unknown): boolean =>
  typeof value !== "string" || value.trim() === "" || value === PROVIDER_DEFAULT;

/** SG-04: every security group and rule has a description (cdk-nag EC27, CKV_AWS_23). */
export const sg04Descriptions: Rule = (subject) => {
  const held =
    subject.kind === "resource" ? securityGroupRules(subject.type, subject.config) : undefined;
  if (!held) return NOT_APPLICABLE;
  const findings: Finding[] = [];
  if (isResourceOf(subject, "aws_security_group") && missing(subject.config.description)) {
    findings.push({
      id: "Description::group",
      message: `the security group has no description (${JSON.stringify(subject.config.description ?? PROVIDER_DEFAULT)})`,
      fix: "describe what the group protects and who may reach it",
    });
  }
  for (const rule of held.rules.filter((r) => missing(r.description))) {
    findings.push({
      id: `Description::${rule.path === "" ? "rule" : rule.path}`,
      message: `${ruleLabel(rule)} has no description`,
      fix: "describe who the rule admits and why",
    });
  }
  return verdict(findings);
};
