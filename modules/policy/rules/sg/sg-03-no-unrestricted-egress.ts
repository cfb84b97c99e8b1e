import { isExpression } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  holds,
  isAllProtocols,
  isAnywhere,
  parsedCidrs,
  ruleLabel,
  rulePath,
  securityGroupRules,
} from "../../private/security-groups";
import type { Finding, Rule } from "../../types";

/**
 * SG-03: no egress of every protocol to anywhere (CKV_AWS_382, AVD-AWS-0104); name the port
 * (e.g. 443 to reach AWS APIs) so a compromised task cannot open arbitrary connections.
 */
export const sg03NoUnrestrictedEgress: Rule = (subject) => {
  const held =
    subject.kind === "resource" ? securityGroupRules(subject.type, subject.config) : undefined;
  if (!held || !holds(held, "egress")) return NOT_APPLICABLE;
  const findings: Finding[] = held.unresolved
    .filter((u) => u.path === "egress")
    .map((u) => unresolved(u.path, u.value, "a list of rules with named ports"));
  for (const rule of held.rules.filter((r) => r.direction === "egress")) {
    if (isExpression(rule.protocol)) {
      findings.push(unresolved(rulePath(rule, "protocol"), rule.protocol, "a named protocol"));
      continue;
    }
    const cidrs = parsedCidrs([rule]);
    const anywhere = isAnywhere(cidrs) ? cidrs.join(", ") : undefined;
    if (isAllProtocols(rule.protocol) && anywhere !== undefined) {
      findings.push({
        id: `Egress::${rule.path === "" ? "all" : rule.path}`,
        message: `${ruleLabel(rule)} allows every protocol and port to ${String(anywhere)}`,
        fix: "allow only the protocol and ports the service needs (e.g. tcp 443)",
      });
    }
  }
  return verdict(findings);
};
