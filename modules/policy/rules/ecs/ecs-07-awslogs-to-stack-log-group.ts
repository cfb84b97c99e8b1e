import { checkContainers } from "../../private/ecs";
import { isExpression, parseReference } from "../../private/expressions";
import { unresolved } from "../../private/findings";
import { isObject, show } from "../../private/json";
import type { Finding, Rule, RuleContext } from "../../types";

/**
 * ECS-07: every container logs with the `awslogs` driver to a log group of this stack (FSBP
 * ECS.9, cdk-nag ECS7), named by reference or by the literal name of the stack's log group, so
 * retention and encryption (LOG-01, LOG-02) are checked on the group the logs go to.
 */
export const ecs07AwslogsToStackLogGroup: Rule = (subject, context) =>
  checkContainers(subject, ["logConfiguration"], ({ name, definition }): Finding[] => {
    const fix = `give container ${name} logConfiguration { logDriver: "awslogs", options: { "awslogs-group": <an aws_cloudwatch_log_group of this stack>, "awslogs-region", "awslogs-stream-prefix" } }`;
    const config = definition.logConfiguration;
    if (!isObject(config)) {
      return [
        { id: name, message: `container ${name} has no logConfiguration; its output is lost`, fix },
      ];
    }
    if (isExpression(config.logDriver)) {
      return [unresolved(`${name}.logConfiguration.logDriver`, config.logDriver, "awslogs")];
    }
    if (config.logDriver !== "awslogs") {
      return [
        {
          id: name,
          message: `container ${name} logs with driver ${show(config.logDriver)}, not awslogs`,
          fix,
        },
      ];
    }
    const group = isObject(config.options) ? config.options["awslogs-group"] : undefined;
    const verdict = logGroupOfStack(group, context);
    if (verdict === "unresolved") {
      return [
        unresolved(
          `${name}.logConfiguration.options.awslogs-group`,
          group,
          "a log group of this stack",
        ),
      ];
    }
    return verdict
      ? []
      : [
          {
            id: name,
            message: `container ${name} logs to ${show(group)}, which is not a log group of this stack`,
            fix,
          },
        ];
  });

function logGroupOfStack(group: unknown, context: RuleContext): boolean | "unresolved" {
  if (typeof group !== "string" || group === "") return false;
  const groups = context.stack.resources("aws_cloudwatch_log_group");
  const reference = parseReference(group);
  if (reference) {
    return (
      groups.some((g) => g.address === reference.address) &&
      ["name", "id"].includes(reference.attribute)
    );
  }
  if (isExpression(group)) return "unresolved";
  return groups.some((g) => g.config.name === group);
}
