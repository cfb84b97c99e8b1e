/**
 * Resource policies (bucket, topic) read for who they let in: principal `*` (or an Allow with
 * NotPrincipal, which allows everyone not listed), and accounts other than this one, in any
 * spelling. Used by S3-07.
 */
import { principalAccount } from "../../private/arn";
import { isExpression, parseReference } from "./expressions";
import { verdict } from "./findings";
import {
  isAllow,
  isAnyone,
  readPolicy,
  statementLabel,
  unresolvedPolicy,
  type Principal,
} from "./iam";
import { asList, type JsonObject } from "./json";
import type { Finding, RuleContext, RuleResult } from "../types";

// Data sources whose account ids are this account (caller identity) or AWS's own service
// account for ELB access-log delivery, which a log bucket must trust.
const OWN_OR_AWS_ACCOUNT_SOURCES = new Set(["aws_caller_identity", "aws_elb_service_account"]);

/**
 * The verdict on a resource policy argument: unresolved when it cannot be read, else one
 * finding per Allow that lets in anyone or another account.
 */
export function publicOrForeignPrincipals(
  raw: unknown,
  config: JsonObject,
  context: RuleContext,
): RuleResult {
  const policy = readPolicy(raw, context.stack);
  if (policy.state === "unresolved")
    return verdict([unresolvedPolicy("policy", raw, policy.reason)]);
  if (policy.state === "absent") return verdict([]);
  const own = ownAccounts(config, context);
  const findings = policy.statements.flatMap((statement, i): Finding[] => {
    if (!isAllow(statement)) return [];
    const label = statementLabel(statement, "policy", i);
    const notPrincipal: Finding[] =
      statement.notPrincipals.length > 0
        ? [
            {
              id: "Principal::*",
              message: `${label} is an Allow with NotPrincipal, which allows everyone not listed`,
              fix: "use Principal with this account's roles or AWS service principals",
            },
          ]
        : [];
    return [
      ...notPrincipal,
      ...statement.principals.flatMap((principal) =>
        principalProblem(principal, label, own, context),
      ),
    ];
  });
  return verdict(findings);
}

function ownAccounts(config: JsonObject, context: RuleContext): string[] {
  const provider = context.stack.providerOf(config);
  return [
    ...asList(provider?.config.allowed_account_ids).filter(
      (v): v is string => typeof v === "string",
    ),
    ...context.settings.allowedAccountIds,
  ];
}

function principalProblem(
  principal: Principal,
  label: string,
  own: string[],
  context: RuleContext,
): Finding[] {
  const fix =
    "allow only this account's roles or AWS service principals; add a trusted account to the allowedAccountIds policy option only with a reason";
  if (isAnyone(principal)) {
    return [{ id: "Principal::*", message: `${label} allows anyone ("*")`, fix }];
  }
  if (principal.type === "Service") return [];
  if (principal.type !== "AWS") {
    return [
      {
        id: `Principal::${principal.type}:${principal.id}`,
        message: `${label} allows the ${principal.type} principal ${principal.id}`,
        fix,
      },
    ];
  }
  const target = context.stack.referencedBlock(principal.id);
  if (target) {
    const ok =
      target.kind === "resource"
        ? target.type.startsWith("aws_iam_")
        : OWN_OR_AWS_ACCOUNT_SOURCES.has(target.type);
    return ok
      ? []
      : [
          {
            id: `Principal::${principal.id}`,
            message: `${label} allows ${principal.id}, which is not this account`,
            fix,
          },
        ];
  }
  const account = accountOf(principal.id);
  if (account === undefined) {
    return [
      {
        id: `Principal::${principal.id}`,
        message: `${label} allows ${principal.id}, whose account cannot be determined at synth time`,
        fix,
      },
    ];
  }
  if (own.includes(account) || isOwnAccountReference(account)) return [];
  return [
    {
      id: `Principal::${principal.id}`,
      message: `${label} allows ${principal.id}, an account other than this one`,
      fix,
    },
  ];
}

/** The account part of an AWS principal: a bare id, or the account field of an IAM or STS ARN. */
function accountOf(id: string): string | undefined {
  const account = principalAccount(id);
  if (account !== undefined) return account;
  // A lone expression (`${var.account_id}`) may still be this account: compared by text below.
  return parseReference(id) || !isExpression(id) ? undefined : id;
}

function isOwnAccountReference(account: string): boolean {
  const reference = parseReference(account);
  return reference?.kind === "data" && OWN_OR_AWS_ACCOUNT_SOURCES.has(reference.type);
}
