import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { isLoadBalancer } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-06: deletion protection is on (CKV_AWS_150, FSBP ELB.6). The pack makes it an error in
 * production and a warning elsewhere, where stacks are torn down on purpose.
 */
export const elb06DeletionProtection: Rule = (subject) => {
  if (!isLoadBalancer(subject)) return NOT_APPLICABLE;
  const value = readBool(subject.config.enable_deletion_protection);
  if (value.state === "unresolved")
    return verdict([unresolved("enable_deletion_protection", value.expression, "true")]);
  if (value.state === "literal" && value.value) return verdict([]);
  return verdict([
    {
      id: "DeletionProtection",
      message: "enable_deletion_protection is not true",
      fix: "set enable_deletion_protection = true",
    },
  ]);
};
