import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, invalid, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * ECS-11: ECS Exec is off, unless the environment's policy options allow it
 * (`allowExecuteCommand`), in which case the outcome is compliant with a note in the report row
 * naming the service (CKV_AWS_223/224).
 */
export const ecs11NoExecuteCommand: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const raw = subject.config.enable_execute_command;
  const value = readBool(raw);
  if (value.state === "unresolved")
    return verdict([unresolved("enable_execute_command", value.expression, "false")]);
  if (value.state === "invalid")
    return verdict([invalid("enable_execute_command", raw, "a boolean (false)")]);
  if (value.state !== "literal" || !value.value) return verdict([]);
  if (context.settings.allowExecuteCommand) {
    return {
      outcome: "compliant",
      note: "ECS Exec is on (enable_execute_command is true), allowed in this environment by the allowExecuteCommand policy option",
    };
  }
  return verdict([
    {
      id: "ExecuteCommand",
      message:
        "enable_execute_command is true: anyone with ecs:ExecuteCommand gets a shell in the tasks",
      fix: "set enable_execute_command = false, or allow it for this environment with the allowExecuteCommand policy option",
    },
  ]);
};
