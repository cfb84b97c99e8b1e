import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { isClassicLoadBalancer, isLoadBalancer } from "../../private/elb";
import { firstBlock } from "../../private/json";
import type { Rule } from "../../types";

/**
 * ELB-05: access logs are enabled to a bucket (`access_logs { enabled = true }`; the provider
 * defaults `enabled` to false even with a bucket; for a classic `aws_elb` it defaults to true)
 * (cdk-nag ELB2, CKV_AWS_91, FSBP ELB.5).
 */
export const elb05AccessLogs: Rule = (subject) => {
  const classic = isClassicLoadBalancer(subject);
  if (!isLoadBalancer(subject) && !classic) return NOT_APPLICABLE;
  const logs = firstBlock(subject.config.access_logs);
  const enabled = readBool(logs?.enabled ?? (classic && logs ? true : undefined));
  if (enabled.state === "unresolved")
    return verdict([unresolved("access_logs.enabled", enabled.expression, "true")]);
  if (
    enabled.state === "literal" &&
    enabled.value &&
    typeof logs?.bucket === "string" &&
    logs.bucket !== ""
  ) {
    return verdict([]);
  }
  return verdict([
    {
      id: "AccessLogs",
      message: "access logs are not enabled",
      fix: "set access_logs { bucket = <log bucket>, enabled = true }",
    },
  ]);
};
