import { isExpression } from "../../private/expressions";
import {
  actionMatches,
  checkAllowStatements,
  grants,
  unknownValues,
  wildcardResources,
  type Statement,
} from "../../private/iam";
import type { Finding, Rule } from "../../types";

// Reading these on "*" reads every secret of the account: never acceptable, so the finding is
// unsuppressible even though IAM-03 itself can be suppressed for actions that only work on "*".
const SECRET_READS = [
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
];

/**
 * IAM-03: no Allow on resource `*` or NotResource (cdk-nag IAM5, CKV_AWS_355). Each action is its
 * own finding, `Resource::*::<action>` (`Resource::*::NotAction:<list>` for NotAction,
 * `NotResource::<list>::<action>`), so a suppression for an action that has no resource-level
 * form (e.g. `Resource::*::ecr:GetAuthorizationToken`) covers that action only. Decrypting or
 * reading secrets on `*` (FSBP KMS.1/2) is an extra `SecretRead::<action>` finding that can never
 * be suppressed. A resource only known at plan time is an `Unresolved::` finding, as is an action
 * on `*` (both unsuppressible where they could hide a secret read).
 */
export const iam03NoWildcardResources: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, place): Finding[] => {
    const { label } = place;
    const wide = wildcardResources(statement);
    const everywhere = wide.length > 0;
    const notResource = statement.notResources.length > 0;
    const unknownResources = unknownValues(
      statement,
      place,
      ["Resource", "NotResource"],
      context.stack,
    );
    const unknownActions =
      everywhere || notResource || unknownResources.length > 0
        ? unknownValues(statement, place, ["Action", "NotAction"], context.stack)
        : [];
    const reads = secretReads(statement, label);
    const mayReadSecrets = reads.length > 0 || unknownActions.length > 0;
    const findings: Finding[] = [
      ...unknownResources.map((f) => (mayReadSecrets ? { ...f, unsuppressible: true } : f)),
      ...unknownActions.map((f) => ({ ...f, unsuppressible: true })),
    ];
    if (!everywhere && !notResource) return findings;
    // Actions only known at plan time are reported above, not as a suppressible finding here.
    const actions =
      statement.notActions.length > 0
        ? [`NotAction:${statement.notActions.join(",")}`]
        : statement.actions.filter((action) => !isExpression(action));
    const describe = (action: string): string =>
      action.startsWith("NotAction:")
        ? `every action but ${statement.notActions.join(", ")}`
        : action;
    for (const action of actions) {
      for (const resource of wide) {
        findings.push({
          id: `Resource::${resource}::${action}`,
          message: `${label} allows ${describe(action)} on ${JSON.stringify(resource)}${resource === "*" ? "" : ", every resource of its kind"}`,
          fix: `name the resources (ARNs built from data.aws_partition or resource attributes); if ${describe(action)} has no resource-level form, suppress "Resource::*::${action}" with that reason`,
        });
      }
      if (notResource) {
        const list = statement.notResources.join(",");
        findings.push({
          id: `NotResource::${list}::${action}`,
          message: `${label} allows ${describe(action)} on every resource except ${statement.notResources.join(", ")}`,
          fix: "use Resource with the specific ARNs",
        });
      }
    }
    return [...findings, ...reads];
  });

function secretReads(statement: Statement, label: string): Finding[] {
  const patterns =
    statement.notActions.length > 0
      ? SECRET_READS.filter((action) => grants(statement, action))
      : statement.actions.filter((pattern) =>
          SECRET_READS.some((action) => actionMatches(pattern, action)),
        );
  return patterns.map((pattern) => ({
    id: `SecretRead::${pattern}`,
    message: `${label} allows ${pattern} on every key, secret or parameter of the account`,
    fix: "name the key, secret or parameter ARNs; this finding cannot be suppressed",
    unsuppressible: true,
  }));
}
