import { CLOUDWATCH_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../../../../environments/rules";
import { readNumber } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * LOG-01: retention is an explicit CloudWatch value of at least the floor, the rule environment
 * validation applies to `logRetentionDays` (environments/rules.ts): never "never expire" (0 or
 * unset), so what is kept, and for how long, is a decision a reviewer can read.
 */
export const log01Retention: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_cloudwatch_log_group")) return NOT_APPLICABLE;
  const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= MIN_RETENTION_DAYS);
  const fix = `set retention_in_days to a CloudWatch value of at least ${MIN_RETENTION_DAYS}: ${allowed.join(", ")}`;
  const days = readNumber(subject.config.retention_in_days);
  if (days.state === "unresolved")
    return verdict([
      unresolved("retention_in_days", days.expression, `one of ${allowed.join(", ")}`),
    ]);
  if (days.state !== "literal") {
    return verdict([{ id: "Retention::unset", message: "retention_in_days is not set", fix }]);
  }
  if ((allowed as readonly number[]).includes(days.value)) return verdict([]);
  return verdict([
    { id: `Retention::${days.value}`, message: `retention_in_days is ${days.value}`, fix },
  ]);
};
