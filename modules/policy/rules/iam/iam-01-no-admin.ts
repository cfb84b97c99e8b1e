import { checkAllowStatements } from "../../private/iam";
import type { Rule } from "../../types";

/** IAM-01: no statement allows every action on every resource (FSBP IAM.1, CKV_AWS_62). */
export const iam01NoAdmin: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, label) =>
    statement.actions.some((a) => a === "*" || a === "*:*") && statement.resources.includes("*")
      ? [
          {
            id: "Action::*",
            message: `${label} allows "*" on "*" (administrator access)`,
            fix: "list the specific actions the role needs, on the specific resources",
          },
        ]
      : [],
  );
