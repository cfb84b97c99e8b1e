/**
 * Load balancer helpers: `aws_alb*` are the older names of the same resources; `aws_elb` is the
 * classic load balancer, with its listeners inline.
 */
import type { PolicySubject, RuleResult } from "../types";
import { NOT_APPLICABLE, unresolved, verdict } from "./findings";
import { isExpression, readLiteralString, type Literal } from "./expressions";
import { blocks } from "./json";

/** True for a load balancer (`aws_lb`, `aws_alb`). */
export function isLoadBalancer(subject: PolicySubject): boolean {
  return subject.kind === "resource" && (subject.type === "aws_lb" || subject.type === "aws_alb");
}

/** True for a classic load balancer (`aws_elb`). */
export function isClassicLoadBalancer(subject: PolicySubject): boolean {
  return subject.kind === "resource" && subject.type === "aws_elb";
}

/** One inline listener of a classic load balancer. */
export interface ClassicListener {
  /** `listener[0]`. */
  readonly path: string;
  readonly protocol: Literal<string>;
  readonly certificate: unknown;
}

/** A classic load balancer's listeners, or the `listener` expression that hides them. */
export function classicListeners(subject: PolicySubject): {
  readonly listeners: readonly ClassicListener[];
  readonly unresolved?: string;
} {
  const value = subject.config.listener;
  if (isExpression(value)) return { listeners: [], unresolved: value };
  return {
    listeners: blocks(value).map((listener, i) => ({
      path: `listener[${i}]`,
      protocol: readLiteralString(listener.lb_protocol),
      certificate: listener.ssl_certificate_id,
    })),
  };
}

/** True for a listener (`aws_lb_listener`, `aws_alb_listener`). */
export function isListener(subject: PolicySubject): boolean {
  return (
    subject.kind === "resource" &&
    (subject.type === "aws_lb_listener" || subject.type === "aws_alb_listener")
  );
}

/** The load balancer's type; unset means `application`. */
export function loadBalancerType(subject: PolicySubject): Literal<string> {
  const type = readLiteralString(subject.config.load_balancer_type);
  return type.state === "absent" ? { state: "literal", value: "application" } : type;
}

/** The listener's protocol; unset means HTTP (for an application load balancer). */
export function listenerProtocol(subject: PolicySubject): Literal<string> {
  const protocol = readLiteralString(subject.config.protocol);
  return protocol.state === "absent" ? { state: "literal", value: "HTTP" } : protocol;
}

/** FIPS TLS policies of ELB with TLS 1.2 as the minimum (the `-1-0-`/`-1-1-` FIPS ones are not). */
export const FIPS_TLS_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  // Hybrid post-quantum key exchange (2025-09), still FIPS and TLS 1.2 minimum.
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/**
 * The guard of rules that only apply to application load balancers: not-applicable for other
 * subjects and other types, an `Unresolved::load_balancer_type` verdict when the type is an
 * expression, and `undefined` when the rule goes on.
 */
export function unlessApplicationLoadBalancer(subject: PolicySubject): RuleResult | undefined {
  if (!isLoadBalancer(subject)) return NOT_APPLICABLE;
  const type = loadBalancerType(subject);
  if (type.state === "unresolved")
    return verdict([unresolved("load_balancer_type", type.expression, "known")]);
  return type.state === "literal" && type.value === "application" ? undefined : NOT_APPLICABLE;
}
