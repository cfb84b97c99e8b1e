import { NOT_APPLICABLE, expectBool, verdict } from "../../private/findings";
import { isLoadBalancer } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-06: deletion protection is on (CKV_AWS_150, FSBP ELB.6). The pack makes it an error in
 * production and a warning elsewhere, where stacks are torn down on purpose.
 */
export const elb06DeletionProtection: Rule = (subject) => {
  if (!isLoadBalancer(subject)) return NOT_APPLICABLE;
  return verdict(
    expectBool(subject.config.enable_deletion_protection, "enable_deletion_protection", true, {
      id: "DeletionProtection",
      message: "enable_deletion_protection is not true",
      fix: "set enable_deletion_protection = true",
    }),
  );
};
