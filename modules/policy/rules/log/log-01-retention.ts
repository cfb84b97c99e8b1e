import { logRetentionProblem } from "../../../../environments/rules";
import { readNumber } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * LOG-01: retention is the rule environment validation applies to `logRetentionDays`
 * (`logRetentionProblem` in environments/rules.ts, the one place it is written), checked again
 * on the stack for a FliptStack built without that validation.
 */
export const log01Retention: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_cloudwatch_log_group")) return NOT_APPLICABLE;
  const days = readNumber(subject.config.retention_in_days);
  if (days.state === "unresolved") {
    return verdict([unresolved("retention_in_days", days.expression, logRetentionProblem(-1)!)]);
  }
  const value = days.state === "literal" ? days.value : undefined;
  const problem = logRetentionProblem(value);
  if (problem === undefined) return verdict([]);
  return verdict([
    {
      id: `Retention::${value ?? "unset"}`,
      message: `retention_in_days is ${value ?? "not set"}`,
      fix: `set retention_in_days to ${problem}`,
    },
  ]);
};
