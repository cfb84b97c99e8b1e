import { checkAllowStatements, unknownValues } from "../../private/iam";
import type { Finding, Rule } from "../../types";

// `*`, `*:*` (and spellings such as `**`): every action of every service.
const EVERY_ACTION = /^\*+(:\*+)?$/;

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
    const everyAction = notAction || statement.actions.some((a) => EVERY_ACTION.test(a));
    const everyResource = notResource || statement.resources.includes("*");
    const fix = "list the specific actions the role needs, on the specific resources";
    if (everyAction && everyResource) {
      const actions = notAction
        ? `every action but ${statement.notActions.join(", ")}`
        : `"${statement.actions.find((a) => EVERY_ACTION.test(a))}"`;
      const resources = notResource
        ? `every resource but ${statement.notResources.join(", ")}`
        : '"*"';
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
