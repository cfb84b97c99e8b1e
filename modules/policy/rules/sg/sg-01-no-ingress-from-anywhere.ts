import { invalid, NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  holds,
  isAnywhere,
  parsedCidrs,
  rulePath,
  scanCidrs,
  securityGroupRules,
  siblingIngressRules,
} from "../../private/security-groups";
import type { Finding, Rule } from "../../types";

/**
 * SG-01: no ingress from anywhere (cdk-nag EC23, CKV_AWS_277, FSBP EC2.18), in any spelling:
 * `0.0.0.0/0`, `::0/0`, `0:0::/0`, or ranges that together cover a family (`0.0.0.0/1` and
 * `128.0.0.0/1`), within one block or across the rules of the same security group. A CIDR that
 * cannot be parsed or is only known at plan time is a finding, never a pass.
 */
export const sg01NoIngressFromAnywhere: Rule = (subject, context) => {
  const held =
    subject.kind === "resource" ? securityGroupRules(subject.type, subject.config) : undefined;
  if (!held || !holds(held, "ingress")) return NOT_APPLICABLE;
  const findings: Finding[] = held.unresolved
    .filter((u) => u.path === "ingress")
    .map((u) => unresolved(u.path, u.value, "a list of rules without 0.0.0.0/0 or ::/0"));
  const own = held.rules.filter((r) => r.direction === "ingress");
  for (const rule of own) {
    for (const scanned of scanCidrs(rule)) {
      const path = rulePath(rule, "cidr");
      if (scanned.state === "unresolved")
        findings.push(unresolved(path, scanned.cidr, "a CIDR other than 0.0.0.0/0 and ::/0"));
      else if (scanned.state === "malformed")
        findings.push(invalid(path, scanned.cidr, "an IPv4 or IPv6 CIDR such as 10.0.0.0/16"));
    }
  }
  const cidrs = parsedCidrs(own);
  if (cidrs.length === 0) return verdict(findings);
  const single = cidrs.find((cidr) => isAnywhere([cidr]));
  const fix = "admit the clients' security groups (or the allowed CIDRs) instead";
  if (single !== undefined) {
    findings.push({
      id: `Cidr::${single}`,
      message: `ingress admits ${single}: anyone who can route to the VPC`,
      fix,
    });
  } else if (isAnywhere(cidrs)) {
    findings.push({
      id: `Cidr::${cidrs.join(",")}`,
      message: `ingress admits ${cidrs.join(", ")}, which together cover every address: anyone who can route to the VPC`,
      fix,
    });
  } else if (isAnywhere([...cidrs, ...parsedCidrs(siblingIngressRules(subject, context.stack))])) {
    findings.push({
      id: `Cidr::${cidrs.join(",")}`,
      message: `ingress admits ${cidrs.join(", ")}, which with the other ingress rules of the same security group cover every address`,
      fix,
    });
  }
  return verdict(findings);
};
