import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { isClassicLoadBalancer, isLoadBalancer } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-01: the load balancer, classic (`aws_elb`) included, is internal (`internal = true`; unset
 * means internet-facing) (AVD-AWS-0053).
 */
export const elb01Internal: Rule = (subject) => {
  if (!isLoadBalancer(subject) && !isClassicLoadBalancer(subject)) return NOT_APPLICABLE;
  const value = readBool(subject.config.internal);
  if (value.state === "unresolved")
    return verdict([unresolved("internal", value.expression, "true")]);
  if (value.state === "literal" && value.value) return verdict([]);
  return verdict([
    {
      id: "InternetFacing",
      message: "the load balancer is internet-facing (internal is not true)",
      fix: "set internal = true and place it in private subnets",
    },
  ]);
};
