import { actionMatches, checkAllowStatements, grants, type Statement } from "../../private/iam";
import type { Finding, Rule } from "../../types";

// Reading these on "*" reads every secret of the account: never acceptable, so the finding is
// unsuppressible even though IAM-03 itself can be suppressed for actions that only work on "*".
const SECRET_READS = [
  "kms:Decrypt",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
];

/**
 * IAM-03: no Allow on resource `*` or NotResource (cdk-nag IAM5, CKV_AWS_355), reported as
 * `Resource::*` with the actions, suppressible with a reason for actions that have no
 * resource-level form (e.g. `ecr:GetAuthorizationToken`). Decrypting or reading secrets on `*`
 * (FSBP KMS.1/2) is an extra `SecretRead::<action>` finding that can never be suppressed.
 */
export const iam03NoWildcardResources: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, label): Finding[] => {
    const everywhere = statement.resources.includes("*");
    const notResource = statement.notResources.length > 0;
    if (!everywhere && !notResource) return [];
    const actions =
      statement.notActions.length > 0
        ? `everything but ${statement.notActions.join(", ")}`
        : statement.actions.join(", ");
    const findings: Finding[] = [
      everywhere
        ? {
            id: "Resource::*",
            message: `${label} allows ${actions} on "*"`,
            fix: 'name the resources (ARNs built from data.aws_partition or resource attributes); if an action has no resource-level form, suppress "Resource::*" with that reason',
          }
        : {
            id: `NotResource::${statement.notResources.join(",")}`,
            message: `${label} allows ${actions} on every resource except ${statement.notResources.join(", ")}`,
            fix: "use Resource with the specific ARNs",
          },
    ];
    return [...findings, ...secretReads(statement, label)];
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
