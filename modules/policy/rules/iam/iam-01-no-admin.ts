import { actionScope } from "../../../private/iam-action";
import { checkAllowStatements, unknownValues, wildcardResources } from "../../private/iam";
import type { Finding, Rule } from "../../types";

// `*`, `*:*` and every other spelling IAM reads as every action of every service (`**`, `*?:*`).
const isEveryAction = (action: string): boolean => actionScope(action) === "every-action";

/**
 * IAM-01: no statement allows every action on every resource (FSBP IAM.1, CKV_AWS_62). Allow with
 * NotAction allows every action not listed, and NotResource every resource not listed, so
 * `NotAction` on `*`, or every action on `NotResource`, is administrator access too. An action or
 * resource only known at plan time (`${var.x}`) where it could make the statement one is an
 * `Unresolved::` finding; like every IAM-01 finding it cannot be suppressed.
 */
export const iam01NoAdmin: Rule = (subject, context) =>
  checkAllowStatements(subject, context, (statement, place): Finding[] => {
    const { label } = place;
    const notAction = statement.notActions.length > 0;
    const notResource = statement.notResources.length > 0;
    const everyAction = notAction || statement.actions.some(isEveryAction);
    const wide = wildcardResources(statement);
    const everyResource = notResource || wide.length > 0;
    const fix = "list the specific actions the role needs, on the specific resources";
    if (everyAction && everyResource) {
      const actions = notAction
        ? `every action but ${statement.notActions.join(", ")}`
        : `"${statement.actions.find(isEveryAction)}"`;
      const resources = notResource
        ? `every resource but ${statement.notResources.join(", ")}`
        : wide.map((r) => JSON.stringify(r)).join(", ");
      return [
        {
          id: notAction
            ? `NotAction::${statement.notActions.join(",")}`
            : notResource
              ? `NotResource::${statement.notResources.join(",")}`
              : "Action::*",
          message: `${label} allows ${actions} on ${resources} (administrator access)`,
          fix,
        },
      ];
    }
    const actions = unknownValues(statement, place, ["Action", "NotAction"], context.stack);
    const resources = unknownValues(statement, place, ["Resource", "NotResource"], context.stack);
    return [
      ...(actions.length > 0 && (everyResource || resources.length > 0) ? actions : []),
      ...(resources.length > 0 && (everyAction || actions.length > 0) ? resources : []),
    ];
  });
