import { checkAllowStatements, unknownValues } from "../../private/iam";
import type { Finding, Rule } from "../../types";

const SERVICE_WILDCARD = /^[A-Za-z0-9-]+:\*$/;

/**
 * IAM-02: no `*` or `service:*` actions, and no Allow with NotAction (which allows everything
 * not listed) (cdk-nag IAM5, CKV_AWS_63, FSBP IAM.21). Narrower wildcards such as `s3:Get*` pass;
 * an action only known at plan time (`${var.x}`) is an `Unresolved::` finding.
 */
export const iam02NoWildcardActions: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, place): Finding[] => {
    const { label } = place;
    const findings: Finding[] = statement.actions
      .filter((action) => action === "*" || action === "*:*" || SERVICE_WILDCARD.test(action))
      .map((action) => ({
        id: `Action::${action}`,
        message: `${label} allows ${JSON.stringify(action)}, every action of ${action === "*" ? "every service" : action.split(":")[0]}`,
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
