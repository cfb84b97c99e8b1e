import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { isLoadBalancer, loadBalancerType } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-02: an application load balancer drops invalid HTTP header fields (request smuggling)
 * (FSBP ELB.4, CKV_AWS_131).
 */
export const elb02DropInvalidHeaders: Rule = (subject) => {
  if (!isLoadBalancer(subject)) return NOT_APPLICABLE;
  const type = loadBalancerType(subject);
  if (type.state === "unresolved")
    return verdict([unresolved("load_balancer_type", type.expression, "known")]);
  if (type.state !== "literal" || type.value !== "application") return NOT_APPLICABLE;
  const value = readBool(subject.config.drop_invalid_header_fields);
  if (value.state === "unresolved")
    return verdict([unresolved("drop_invalid_header_fields", value.expression, "true")]);
  if (value.state === "literal" && value.value) return verdict([]);
  return verdict([
    {
      id: "DropInvalidHeaders",
      message: "drop_invalid_header_fields is not true",
      fix: "set drop_invalid_header_fields = true",
    },
  ]);
};
