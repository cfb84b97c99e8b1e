import { checkContainers } from "../../private/ecs";
import { isExpression, parseReference, unresolvedExpressions } from "../../private/expressions";
import { unresolved } from "../../private/findings";
import { asList, isObject, show } from "../../private/json";
import type { Finding, Rule, RuleContext } from "../../types";

// Types whose ARN is a valid valueFrom: parameters and secrets of the stack or looked up by it.
const SECRET_STORE_TYPES = new Set([
  "aws_ssm_parameter",
  "aws_secretsmanager_secret",
  "aws_secretsmanager_secret_version",
]);

/**
 * ECS-06: every `secrets[].valueFrom` is an SSM parameter or Secrets Manager secret ARN in the
 * stack's partition (cdk-nag ECS2): a literal `arn:aws-us-gov:ssm:...` /
 * `arn:aws-us-gov:secretsmanager:...`, an ARN built from `data.aws_partition`, or a reference to
 * such a parameter or secret of the stack. Bare parameter names are refused: the ARN states the
 * service and partition explicitly.
 */
export const ecs06SecretsFromPartitionStores: Rule = (subject, context) =>
  checkContainers(subject, ["secrets"], ({ name, definition }) =>
    asList(definition.secrets)
      .filter(isObject)
      .flatMap((secret): Finding[] => {
        const key = String(secret.name);
        const problem = valueFromProblem(secret.valueFrom, context);
        if (problem === undefined) return [];
        if (problem === "unresolved") {
          return [
            unresolved(
              `${name}.secrets.${key}.valueFrom`,
              secret.valueFrom,
              "an SSM or Secrets Manager ARN",
            ),
          ];
        }
        return [
          {
            id: `Secret::${name}/${key}`,
            message: `secret ${key} of container ${name} has valueFrom ${show(secret.valueFrom)}, ${problem}`,
            fix: `use the ARN of an SSM parameter or Secrets Manager secret: arn:${context.settings.partition}:ssm:... or arn:\${data.aws_partition.<x>.partition}:secretsmanager:..., or the .arn of such a resource`,
          },
        ];
      }),
  );

function valueFromProblem(value: unknown, context: RuleContext): string | "unresolved" | undefined {
  if (typeof value !== "string" || value === "") return "which is not an ARN";
  const reference = parseReference(value);
  if (reference) {
    const target = context.stack.resolve(reference);
    if (!target) return "unresolved";
    return SECRET_STORE_TYPES.has(target.type) && reference.attribute === "arn"
      ? undefined
      : `which is not the ARN of an SSM parameter or Secrets Manager secret (${target.address})`;
  }
  if (isExpression(value) && unresolvedExpressions(value, context.stack).length > 0)
    return "unresolved";
  const match = /^arn:([^:]+):([^:]+):/.exec(value);
  if (!match) return "which is not an ARN";
  const [, partition, service] = match;
  const partitionOk =
    partition === context.settings.partition ||
    /^\$\{data\.aws_partition\.[^}]+\.partition\}$/.test(partition);
  if (!partitionOk) return `whose partition is ${partition}, not ${context.settings.partition}`;
  if (service !== "ssm" && service !== "secretsmanager")
    return `whose service is ${service}, not ssm or secretsmanager`;
  return undefined;
}
