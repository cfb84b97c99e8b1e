import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * ECS-11: ECS Exec is off, unless the environment's policy options allow it
 * (`allowExecuteCommand`), in which case the report still shows the service using it
 * (CKV_AWS_223/224).
 */
export const ecs11NoExecuteCommand: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const value = readBool(subject.config.enable_execute_command);
  if (value.state === "unresolved")
    return verdict([unresolved("enable_execute_command", value.expression, "false")]);
  if (value.state !== "literal" || !value.value || context.settings.allowExecuteCommand)
    return verdict([]);
  return verdict([
    {
      id: "ExecuteCommand",
      message:
        "enable_execute_command is true: anyone with ecs:ExecuteCommand gets a shell in the tasks",
      fix: "set enable_execute_command = false, or allow it for this environment with the allowExecuteCommand policy option",
    },
  ]);
};
