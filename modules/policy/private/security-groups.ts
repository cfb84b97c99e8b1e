/**
 * Security group rules in every form Terraform offers, normalized: inline `ingress`/`egress`
 * blocks of `aws_security_group` and `aws_default_security_group` (the VPC's default group,
 * which Terraform adopts), `aws_security_group_rule`, and the newer
 * `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule`.
 */
import { cidrWithin, coversAnywhere, isCidr } from "../../../environments/cidr";
import { isExpression } from "./expressions";
import { asList, blocks, isAbsent, isObject, type JsonObject } from "./json";
import type { StackIndex } from "./stack-index";

/** One rule, normalized. Values are raw (possibly expressions); paths are for messages. */
export interface SgRule {
  /** Where the rule sits in the subject: `ingress[0]`, or `` for a standalone rule resource. */
  readonly path: string;
  readonly direction: "ingress" | "egress";
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  /** IPv4 and IPv6 CIDRs, raw. */
  readonly cidrs: readonly unknown[];
  /** Prefix list ids, raw. */
  readonly prefixLists: readonly unknown[];
  /** True when the source or destination is a security group (or the group itself). */
  readonly fromSecurityGroup: boolean;
  readonly description: unknown;
}

/** What a subject holds: its rules, and any rule list that is an expression. */
export interface SgRules {
  readonly rules: readonly SgRule[];
  /** Paths whose whole rule list is a Terraform expression (cannot be inspected). */
  readonly unresolved: readonly { readonly path: string; readonly value: unknown }[];
}

/** The security group rules a resource holds, or `undefined` for other types. */
export function securityGroupRules(type: string, config: JsonObject): SgRules | undefined {
  switch (type) {
    case "aws_security_group":
    case "aws_default_security_group":
      return inlineRules(config);
    case "aws_security_group_rule": {
      const direction = config.type === "egress" ? "egress" : "ingress";
      return {
        rules: [
          {
            path: "",
            direction,
            protocol: config.protocol,
            fromPort: config.from_port,
            toPort: config.to_port,
            cidrs: [...asList(config.cidr_blocks), ...asList(config.ipv6_cidr_blocks)],
            prefixLists: asList(config.prefix_list_ids),
            fromSecurityGroup: !isAbsent(config.source_security_group_id) || config.self === true,
            description: config.description,
          },
        ],
        unresolved: [],
      };
    }
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule":
      return {
        rules: [
          {
            path: "",
            direction: type.endsWith("ingress_rule") ? "ingress" : "egress",
            protocol: config.ip_protocol,
            fromPort: config.from_port,
            toPort: config.to_port,
            cidrs: [...asList(config.cidr_ipv4), ...asList(config.cidr_ipv6)],
            prefixLists: asList(config.prefix_list_id),
            fromSecurityGroup: !isAbsent(config.referenced_security_group_id),
            description: config.description,
          },
        ],
        unresolved: [],
      };
    default:
      return undefined;
  }
}

function inlineRules(config: JsonObject): SgRules {
  const rules: SgRule[] = [];
  const unresolved: { path: string; value: unknown }[] = [];
  const dynamic = isObject(config.dynamic) ? config.dynamic : {};
  for (const direction of ["ingress", "egress"] as const) {
    if (!isAbsent(dynamic[direction])) {
      unresolved.push({ path: direction, value: dynamic[direction] });
      continue;
    }
    const value = config[direction];
    if (isExpression(value)) {
      unresolved.push({ path: direction, value });
      continue;
    }
    blocks(value).forEach((rule, i) =>
      rules.push({
        path: `${direction}[${i}]`,
        direction,
        protocol: rule.protocol,
        fromPort: rule.from_port,
        toPort: rule.to_port,
        cidrs: [...asList(rule.cidr_blocks), ...asList(rule.ipv6_cidr_blocks)],
        prefixLists: asList(rule.prefix_list_ids),
        fromSecurityGroup: asList(rule.security_groups).length > 0 || rule.self === true,
        description: rule.description,
      }),
    );
  }
  return { rules, unresolved };
}

/** True when a subject holds rules (or an unreadable rule list) of a direction. */
export function holds(held: SgRules, direction: "ingress" | "egress"): boolean {
  return (
    held.rules.some((r) => r.direction === direction) ||
    held.unresolved.some((u) => u.path === direction)
  );
}

/** A label for a rule in messages: `ingress[0]` or the rule resource itself. */
export function ruleLabel(rule: SgRule): string {
  return rule.path === "" ? `this ${rule.direction} rule` : rule.path;
}

/** A path inside the subject for a rule's argument, e.g. `ingress[0].cidr_blocks`. */
export function rulePath(rule: SgRule, argument: string): string {
  return rule.path === "" ? argument : `${rule.path}.${argument}`;
}

/** True for "all protocols" (`-1`, `all`). */
export function isAllProtocols(protocol: unknown): boolean {
  return protocol === "-1" || protocol === -1 || protocol === "all";
}

/** A rule's CIDRs, each classified for the checks that scan them. */
export type ScannedCidr =
  | { readonly state: "unresolved"; readonly cidr: string }
  | { readonly state: "malformed"; readonly cidr: unknown }
  | { readonly state: "parsed"; readonly cidr: string };

/**
 * The CIDR scan every SG rule shares: each CIDR of a rule is an expression only known at plan
 * time, a malformed value (which the checks cannot judge, so report), or a parsed range.
 */
export function scanCidrs(rule: SgRule): ScannedCidr[] {
  return rule.cidrs.map((cidr): ScannedCidr => {
    if (isExpression(cidr)) return { state: "unresolved", cidr };
    return typeof cidr === "string" && isCidr(cidr)
      ? { state: "parsed", cidr }
      : { state: "malformed", cidr };
  });
}

/** The parsed CIDRs of rules. */
export function parsedCidrs(rules: readonly SgRule[]): string[] {
  return rules.flatMap((rule) =>
    scanCidrs(rule).flatMap((c) => (c.state === "parsed" ? [c.cidr] : [])),
  );
}

/**
 * True when the CIDRs reach every address of a family: `0.0.0.0/0`, `::0/0`, or ranges that
 * together cover one (see environments/cidr.ts).
 */
export function isAnywhere(cidrs: readonly unknown[]): boolean {
  return coversAnywhere(cidrs);
}

export { cidrWithin, isCidr };

/**
 * The ingress rules of the same security group held by other blocks of the stack: rule resources
 * naming the group, and the group's inline rules. Ranges are judged per group, since a group
 * admits the union of its rules.
 */
export function siblingIngressRules(
  subject: { readonly address: string; readonly type: string; readonly config: JsonObject },
  stack: StackIndex,
): SgRule[] {
  const inline =
    subject.type === "aws_security_group" || subject.type === "aws_default_security_group";
  const group = inline ? "${" + subject.address + ".id}" : subject.config.security_group_id;
  if (typeof group !== "string") return [];
  const found: SgRule[] = [];
  for (const block of stack.blocks) {
    if (block.kind !== "resource" || block.address === subject.address) continue;
    const isGroup = "${" + block.address + ".id}" === group;
    if (!isGroup && block.config.security_group_id !== group) continue;
    const held = securityGroupRules(block.type, block.config);
    if (held) found.push(...held.rules.filter((r) => r.direction === "ingress"));
  }
  return found;
}
