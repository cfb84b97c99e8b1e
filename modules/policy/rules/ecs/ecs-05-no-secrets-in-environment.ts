import { checkContainers } from "../../private/ecs";
import { referencesIn } from "../../private/expressions";
import { asList, isObject } from "../../private/json";
import { isHarmlessValue, isSecretName, secretValueKind } from "../../private/secrets";
import type { Finding, Rule } from "../../types";

/**
 * ECS-05: no secret-looking names or values in a container's `environment` (FSBP ECS.8,
 * AVD-AWS-0036, cdk-nag ECS2). Plain environment values are visible to anyone who can describe
 * the task definition; secrets go in `secrets` (SSM or Secrets Manager).
 */
export const ecs05NoSecretsInEnvironment: Rule = (subject) =>
  checkContainers(subject, ["environment"], ({ name, definition }) =>
    asList(definition.environment)
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
            kind ??
            `the secret attribute ${secretAttribute?.address}.${secretAttribute?.attribute}`;
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
      }),
  );
