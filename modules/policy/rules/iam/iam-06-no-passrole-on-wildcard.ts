import { actionMatches, checkAllowStatements, grants } from "../../private/iam";
import type { Finding, Rule } from "../../types";

/**
 * IAM-06: no `iam:PassRole` (or `iam:*`, or a wildcard covering them) on resource `*`
 * (CKV_AWS_286, AVD-AWS-0342): passing any role to any service is privilege escalation.
 */
export const iam06NoPassRoleOnWildcard: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, label): Finding[] => {
    if (!statement.resources.includes("*") && statement.notResources.length === 0) return [];
    const patterns =
      statement.notActions.length > 0
        ? grants(statement, "iam:PassRole")
          ? [`NotAction:${statement.notActions.join(",")}`]
          : []
        : statement.actions.filter((pattern) => actionMatches(pattern, "iam:PassRole"));
    return patterns.map((pattern) => ({
      id: `Action::${pattern}`,
      message: `${label} allows ${pattern} on every resource, which lets the holder pass any role to a service`,
      fix: "name the role ARNs that may be passed, with an iam:PassedToService condition",
    }));
  });
