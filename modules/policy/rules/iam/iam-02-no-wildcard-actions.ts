import { actionScope } from "../../../private/iam-action";
import { isExpression } from "../../private/expressions";
import { checkAllowStatements, unknownValues } from "../../private/iam";
import type { Finding, Rule } from "../../types";

/**
 * IAM-02: no `*` or `service:*` actions, and no Allow with NotAction (which allows everything
 * not listed) (cdk-nag IAM5, CKV_AWS_63, FSBP IAM.21). Narrower wildcards such as `s3:Get*` pass;
 * an action only known at plan time (`${var.x}`) is an `Unresolved::` finding.
 */
export const iam02NoWildcardActions: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, place): Finding[] => {
    const { label } = place;
    const findings: Finding[] = statement.actions
      .filter((action): boolean => actionScope(action) !== "narrow" && !isExpression(action))
      .map((action) => ({
        id: `Action::${action}`,
        message: `${label} allows ${JSON.stringify(action)}, every action of ${actionScope(action) === "every-action" ? "every service" : `the services matching ${action.split(":")[0]}`}`,
        fix: `replace ${JSON.stringify(action)} with the specific actions needed`,
      }));
    if (statement.notActions.length > 0) {
      findings.push({
        id: `NotAction::${statement.notActions.join(",")}`,
        message: `${label} is an Allow with NotAction, which allows every action not listed`,
        fix: "use Action with the specific actions needed",
      });
    }
    findings.push(...unknownValues(statement, place, ["Action", "NotAction"], context.stack));
    return findings;
  });
