import {
  actionMatches,
  checkAllowStatements,
  grants,
  unknownValues,
  wildcardResources,
} from "../../private/iam";
import type { Finding, Rule } from "../../types";

/**
 * IAM-06: no `iam:PassRole` (or `iam:*`, or a wildcard covering them) on resource `*`
 * (CKV_AWS_286, AVD-AWS-0342): passing any role to any service is privilege escalation. An action
 * on `*`, or a resource of a statement that may pass roles, only known at plan time is an
 * `Unresolved::` finding.
 */
export const iam06NoPassRoleOnWildcard: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, place): Finding[] => {
    const wide = wildcardResources(statement).length > 0 || statement.notResources.length > 0;
    const unknownActions = unknownValues(statement, place, ["Action", "NotAction"], context.stack);
    const unknownResources = unknownValues(
      statement,
      place,
      ["Resource", "NotResource"],
      context.stack,
    );
    const patterns =
      statement.notActions.length > 0
        ? grants(statement, "iam:PassRole")
          ? [`NotAction:${statement.notActions.join(",")}`]
          : []
        : statement.actions.filter((pattern) => actionMatches(pattern, "iam:PassRole"));
    const findings: Finding[] = wide
      ? patterns.map((pattern) => ({
          id: `Action::${pattern}`,
          message: `${place.label} allows ${pattern} on every resource, which lets the holder pass any role to a service`,
          fix: "name the role ARNs that may be passed, with an iam:PassedToService condition",
        }))
      : [];
    const unknownMatters = wide || unknownResources.length > 0;
    if (unknownMatters) findings.push(...unknownActions);
    if (patterns.length > 0 || unknownActions.length > 0) findings.push(...unknownResources);
    return findings;
  });
