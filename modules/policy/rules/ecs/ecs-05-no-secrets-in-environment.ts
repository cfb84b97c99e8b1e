import { checkContainers } from "../../private/ecs";
import { referencesIn } from "../../private/expressions";
import { asList, isObject, type JsonObject } from "../../private/json";
import { isHarmlessValue, isSecretName, secretValueKind } from "../../private/secrets";
import type { Finding, Rule } from "../../types";

/**
 * ECS-05: no secret-looking names or values in a container's `environment` (FSBP ECS.8,
 * AVD-AWS-0036, cdk-nag ECS2). Plain environment values are visible to anyone who can describe
 * the task definition; secrets go in `secrets` (SSM or Secrets Manager).
 */
export const ecs05NoSecretsInEnvironment: Rule = (subject) =>
  checkContainers(subject, ["environment"], ({ name, definition }) => [
    ...environmentFindings(name, definition),
    ...otherValueFindings(name, definition),
  ]);

// Fields whose values are names or references, not free text: checked by other rules.
const NOT_FREE_TEXT = new Set(["name", "image", "environment", "secrets", "logConfiguration"]);

/**
 * Secret-shaped values anywhere else in the definition (`command`, `entryPoint`, `dockerLabels`,
 * `healthCheck`...): a secret passed on the command line is as visible as one in `environment`.
 */
function otherValueFindings(name: string, definition: JsonObject): Finding[] {
  return Object.entries(definition)
    .filter(([field]) => !NOT_FREE_TEXT.has(field))
    .flatMap(([field, value]) => stringLeaves(value, field))
    .flatMap(([path, value]): Finding[] => {
      const kind = secretValueKind(value);
      return kind
        ? [
            {
              id: `Value::${name}/${path}`,
              message: `${path} of container ${name} holds ${kind}`,
              fix: `move the secret of container ${name} to secrets (valueFrom an SSM SecureString or a Secrets Manager secret) and read it from the environment`,
            },
          ]
        : [];
    });
}

function stringLeaves(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}[${i}]`));
  if (isObject(value))
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, `${path}.${k}`));
  return [];
}

function environmentFindings(name: string, definition: JsonObject): Finding[] {
  return asList(definition.environment)
    .filter(isObject)
    .flatMap((variable): Finding[] => {
      const key = String(variable.name);
      const value =
        typeof variable.value === "string" ? variable.value : String(variable.value ?? "");
      const fix = `move ${key} of container ${name} to secrets (valueFrom an SSM SecureString or a Secrets Manager secret)`;
      const kind = secretValueKind(value);
      const secretAttribute = referencesIn(value).find((ref) => isSecretName(ref.attribute));
      if (kind || secretAttribute) {
        const what =
          kind ?? `the secret attribute ${secretAttribute?.address}.${secretAttribute?.attribute}`;
        return [
          {
            id: `Env::${name}/${key}`,
            message: `environment variable ${key} of container ${name} holds ${what}`,
            fix,
          },
        ];
      }
      if (isSecretName(key) && !isHarmlessValue(value)) {
        return [
          {
            id: `Env::${name}/${key}`,
            message: `environment variable ${key} of container ${name} looks like a secret`,
            fix,
          },
        ];
      }
      return [];
    });
}
