import { expectBool, verdict } from "../../private/findings";
import { unlessApplicationLoadBalancer } from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-02: an application load balancer drops invalid HTTP header fields (request smuggling)
 * (FSBP ELB.4, CKV_AWS_131).
 */
export const elb02DropInvalidHeaders: Rule = (subject) =>
  unlessApplicationLoadBalancer(subject) ??
  verdict(
    expectBool(subject.config.drop_invalid_header_fields, "drop_invalid_header_fields", true, {
      id: "DropInvalidHeaders",
      message: "drop_invalid_header_fields is not true",
      fix: "set drop_invalid_header_fields = true",
    }),
  );
