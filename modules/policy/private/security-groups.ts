/**
 * Security group rules in every form Terraform offers, normalized: inline `ingress`/`egress`
 * blocks of `aws_security_group` and `aws_default_security_group` (the VPC's default group,
 * which Terraform adopts), `aws_security_group_rule`, and the newer
 * `aws_vpc_security_group_ingress_rule` / `aws_vpc_security_group_egress_rule`.
 */
import { isExpression } from "./expressions";
import { asList, blocks, isAbsent, type JsonObject } from "./json";

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
  for (const direction of ["ingress", "egress"] as const) {
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

/** True for a CIDR that means anywhere. */
export function isAnywhere(cidr: unknown): boolean {
  return cidr === "0.0.0.0/0" || cidr === "::/0";
}

/** Parses an IPv4 CIDR into a network number and prefix length. */
function parseIpv4Cidr(cidr: string): { network: number; bits: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { network: Math.floor(address / size) * size, bits };
}

/** True for a syntactically valid IPv4 or IPv6 CIDR. */
export function isCidr(value: string): boolean {
  return parseIpv4Cidr(value) !== undefined || /^[0-9a-fA-F:]+\/\d{1,3}$/.test(value);
}

/**
 * True when `inner` lies within `outer`. IPv4 by arithmetic; IPv6 only by exact match (the
 * stacks use no IPv6 ingress, so a full parser would be code without a user).
 */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseIpv4Cidr(inner);
  const b = parseIpv4Cidr(outer);
  if (!a || !b) return inner.toLowerCase() === outer.toLowerCase();
  if (a.bits < b.bits) return false;
  const size = 2 ** (32 - b.bits);
  return Math.floor(a.network / size) * size === b.network;
}
