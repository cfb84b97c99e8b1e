import { NOT_APPLICABLE, expectBool, verdict } from "../../private/findings";
import { isClassicLoadBalancer, isLoadBalancer } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-01: the load balancer, classic (`aws_elb`) included, is internal (`internal = true`; unset
 * means internet-facing) (AVD-AWS-0053).
 */
export const elb01Internal: Rule = (subject) => {
  if (!isLoadBalancer(subject) && !isClassicLoadBalancer(subject)) return NOT_APPLICABLE;
  return verdict(
    expectBool(subject.config.internal, "internal", true, {
      id: "InternetFacing",
      message: "the load balancer is internet-facing (internal is not true)",
      fix: "set internal = true and place it in private subnets",
    }),
  );
};
