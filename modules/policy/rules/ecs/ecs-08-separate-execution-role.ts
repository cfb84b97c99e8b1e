import { isExpression, parseReference } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { isAbsent } from "../../private/json";
import type { Rule, RuleContext } from "../../types";

/**
 * ECS-08: the execution role (used by ECS to pull the image and write logs) is not the task role
 * (used by the application) (CKV_AWS_249): otherwise the application holds ECS's permissions.
 */
export const ecs08SeparateExecutionRole: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_ecs_task_definition")) return NOT_APPLICABLE;
  const execution = subject.config.execution_role_arn;
  const task = subject.config.task_role_arn;
  if (isAbsent(execution) || isAbsent(task)) return verdict([]);
  const a = roleIdentity(execution, context);
  const b = roleIdentity(task, context);
  if (a === undefined)
    return verdict([
      unresolved("execution_role_arn", execution, "a role other than the task role"),
    ]);
  if (b === undefined)
    return verdict([unresolved("task_role_arn", task, "a role other than the execution role")]);
  return verdict(
    a === b
      ? [
          {
            id: "SameRole",
            message: `execution_role_arn and task_role_arn are the same role (${a})`,
            fix: "give the task its own role with only what the application needs",
          },
        ]
      : [],
  );
};

/** The identity of a role ARN value: the referenced role's address, or the literal ARN. */
function roleIdentity(value: unknown, context: RuleContext): string | undefined {
  const target = context.stack.referencedBlock(value);
  if (target) return target.address;
  if (parseReference(value) || isExpression(value) || typeof value !== "string") return undefined;
  return value;
}
