import { isExpression, readNumber } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  cidrWithin,
  holds,
  isAllProtocols,
  ruleLabel,
  rulePath,
  scanCidrs,
  securityGroupRules,
  type SgRule,
} from "../../private/security-groups";
import type { Finding, Rule, RuleContext } from "../../types";

/**
 * SG-02: ingress only over TCP on the allowed ports (option `allowedIngressPorts`, default
 * 8080, 443, 80), one port per rule, from security groups or from CIDRs inside
 * `allowedIngressCidrs` (default none) (cdk-nag NIST EC2RestrictedCommonPorts).
 */
export const sg02IngressOwnPortsAndSources: Rule = (subject, context) => {
  const held =
    subject.kind === "resource" ? securityGroupRules(subject.type, subject.config) : undefined;
  if (!held || !holds(held, "ingress")) return NOT_APPLICABLE;
  const findings: Finding[] = held.unresolved
    .filter((u) => u.path === "ingress")
    .map((u) => unresolved(u.path, u.value, "a list of rules on the allowed ports"));
  for (const rule of held.rules.filter((r) => r.direction === "ingress")) {
    findings.push(...protocolAndPorts(rule, context), ...sources(rule, context));
  }
  return verdict(findings);
};

function protocolAndPorts(rule: SgRule, context: RuleContext): Finding[] {
  const allowed = context.settings.allowedIngressPorts;
  const portsFix = `admit one port of ${allowed.join(", ")} over tcp per rule, or change the allowedIngressPorts policy option`;
  if (isExpression(rule.protocol))
    return [unresolved(rulePath(rule, "protocol"), rule.protocol, "tcp")];
  if (isAllProtocols(rule.protocol)) {
    return [
      {
        id: "Protocol::all",
        message: `${ruleLabel(rule)} admits every protocol and port`,
        fix: portsFix,
      },
    ];
  }
  if (rule.protocol !== "tcp" && rule.protocol !== "6" && rule.protocol !== 6) {
    return [
      {
        id: `Protocol::${String(rule.protocol)}`,
        message: `${ruleLabel(rule)} admits protocol ${String(rule.protocol)}, not tcp`,
        fix: portsFix,
      },
    ];
  }
  const from = readNumber(rule.fromPort);
  const to = readNumber(rule.toPort);
  if (from.state === "unresolved")
    return [unresolved(rulePath(rule, "from_port"), from.expression, "an allowed port")];
  if (to.state === "unresolved")
    return [unresolved(rulePath(rule, "to_port"), to.expression, "an allowed port")];
  const low = from.state === "literal" ? from.value : undefined;
  const high = to.state === "literal" ? to.value : undefined;
  if (low !== undefined && low === high && allowed.includes(low)) return [];
  const ports = low === high ? String(low) : `${String(low)}-${String(high)}`;
  return [
    {
      id: `Port::${ports}`,
      message: `${ruleLabel(rule)} admits port ${ports}; allowed: ${allowed.join(", ")}`,
      fix: portsFix,
    },
  ];
}

function sources(rule: SgRule, context: RuleContext): Finding[] {
  const allowed = context.settings.allowedIngressCidrs;
  const fix = `admit the clients' security groups, or CIDRs inside ${allowed.length ? allowed.join(", ") : "the allowedIngressCidrs policy option (empty)"}`;
  const findings: Finding[] = rule.prefixLists.map((id) => ({
    id: `PrefixList::${String(id)}`,
    message: `${ruleLabel(rule)} admits prefix list ${String(id)}`,
    fix,
  }));
  for (const { state, cidr } of scanCidrs(rule)) {
    if (state === "unresolved")
      findings.push(unresolved(rulePath(rule, "cidr"), cidr, "an allowed CIDR"));
    else if (state === "malformed" || !allowed.some((outer) => cidrWithin(cidr, outer))) {
      findings.push({
        id: `Cidr::${String(cidr)}`,
        message: `${ruleLabel(rule)} admits ${String(cidr)}, outside the allowed CIDRs`,
        fix,
      });
    }
  }
  return findings;
}
