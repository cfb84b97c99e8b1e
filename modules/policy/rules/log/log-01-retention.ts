import { readNumber } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * LOG-01: retention is set explicitly and is at least the floor (option `minLogRetentionDays`,
 * default 365) (cdk-nag NIST retention, CKV_AWS_338). An explicit 0 ("never expire") keeps the
 * logs at least as long as the floor and passes; an unset retention also never expires, but
 * fails, because the retention must be a decision written in the code.
 */
export const log01Retention: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_cloudwatch_log_group")) return NOT_APPLICABLE;
  const floor = context.settings.minLogRetentionDays;
  const fix = `set retention_in_days to ${floor} or more (a CloudWatch value such as 365, 400, 545, 731)`;
  const days = readNumber(subject.config.retention_in_days);
  if (days.state === "unresolved")
    return verdict([unresolved("retention_in_days", days.expression, `at least ${floor}`)]);
  if (days.state !== "literal") {
    return verdict([{ id: "Retention::unset", message: "retention_in_days is not set", fix }]);
  }
  if (days.value === 0 || days.value >= floor) return verdict([]);
  return verdict([
    {
      id: `Retention::${days.value}`,
      message: `retention_in_days is ${days.value}, below ${floor}`,
      fix,
    },
  ]);
};
