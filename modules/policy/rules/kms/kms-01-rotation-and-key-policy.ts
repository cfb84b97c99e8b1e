import { principalAccount } from "../../../private/arn";
import { restricts } from "../../../private/condition";
import { isOwnAccount } from "../../private/accounts";
import {
  isExpression,
  parseReference,
  readBool,
  readLiteralString,
} from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import {
  isAllow,
  isAnyone,
  readPolicy,
  statementLabel,
  unknownValues,
  unresolvedPolicy,
  type Principal,
} from "../../private/iam";
import { isAbsent, type JsonObject } from "../../private/json";
import type { StackIndex } from "../../private/stack-index";
import type { Finding, PolicySubject, Rule, RuleContext } from "../../types";

/**
 * KMS-01: a key rotates automatically, has an explicit key policy (on the key or through an
 * `aws_kms_key_policy`), and no Allow for principal `*` without a condition (cdk-nag KMS5,
 * CKV_AWS_7/33). Rotation is only required for symmetric encryption keys, the only ones KMS
 * can rotate automatically. An empty policy is no policy (KMS applies its default one); an
 * Allow with NotPrincipal allows everyone not listed, so it counts as `*`; a principal only
 * known at plan time, in an Allow without conditions, is an `Unresolved::` finding.
 */
export const kms01RotationAndKeyPolicy: Rule = (subject, context) => {
  if (isResourceOf(subject, "aws_kms_key_policy")) {
    if (isEmptyPolicy(subject.config.policy)) return verdict([missingPolicy()]);
    return verdict(policyFindings(subject.config.policy, "policy", subject.config, context));
  }
  if (!isResourceOf(subject, "aws_kms_key")) return NOT_APPLICABLE;
  const findings: Finding[] = [];
  const spec = readLiteralString(
    subject.config.customer_master_key_spec ?? subject.config.key_spec,
  );
  const symmetric =
    spec.state === "absent" || (spec.state === "literal" && spec.value === "SYMMETRIC_DEFAULT");
  const rotation = readBool(subject.config.enable_key_rotation);
  if (rotation.state === "unresolved")
    findings.push(unresolved("enable_key_rotation", rotation.expression, "true"));
  else if (symmetric && !(rotation.state === "literal" && rotation.value)) {
    findings.push({
      id: "Rotation",
      message: "enable_key_rotation is not true",
      fix: "set enable_key_rotation = true",
    });
  }
  if (isEmptyPolicy(subject.config.policy)) {
    if (!hasSeparateKeyPolicy(subject, context.stack)) findings.push(missingPolicy());
  } else findings.push(...policyFindings(subject.config.policy, "policy", subject.config, context));
  return verdict(findings);
};

/** Unset, null or blank: KMS gives the key its default policy. */
function isEmptyPolicy(value: unknown): boolean {
  return isAbsent(value) || (typeof value === "string" && value.trim() === "");
}

function missingPolicy(): Finding {
  return {
    id: "KeyPolicy::missing",
    message: "the key has no explicit policy (unset or empty), so it gets KMS's default policy",
    fix: "set policy with the account root as administrator and only the services that use the key",
  };
}

function hasSeparateKeyPolicy(subject: PolicySubject, stack: StackIndex): boolean {
  return stack
    .resources("aws_kms_key_policy")
    .some(
      (p) =>
        parseReference(p.config.key_id)?.address === subject.address &&
        !isEmptyPolicy(p.config.policy),
    );
}

function policyFindings(
  raw: unknown,
  path: string,
  config: JsonObject,
  context: RuleContext,
): Finding[] {
  const stack = context.stack;
  const policy = readPolicy(raw, stack);
  if (policy.state === "unresolved") return [unresolvedPolicy(path, raw, policy.reason)];
  if (policy.state === "absent") return [];
  return policy.statements.flatMap((statement, i): Finding[] => {
    if (!isAllow(statement)) return [];
    const label = statementLabel(statement, path, i);
    const foreign = foreignAccountFindings(statement.principals, label, config, context);
    // A condition that cannot restrict (StringLike "*", ...IfExists, Null) is no condition.
    if (statement.conditions.some((c) => restricts(c, isExpression))) return foreign;
    const fix =
      "name the principals, or add conditions (kms:CallerAccount, kms:ViaService) that limit who can use the key";
    const findings: Finding[] = [...foreign];
    if (statement.principals.some(isAnyone)) {
      findings.push({
        id: "Principal::*",
        message: `${label} allows anyone ("*") without a condition that restricts it`,
        fix,
      });
    }
    if (statement.notPrincipals.length > 0) {
      findings.push({
        id: "Principal::*",
        message: `${label} is an Allow with NotPrincipal, which allows everyone not listed, without a condition`,
        fix,
      });
    }
    const place = { label, at: `${path}.Statement[${i}]` };
    return [...findings, ...unknownValues(statement, place, ["Principal", "NotPrincipal"], stack)];
  });
}

/**
 * Principals of another account, however spelt: its root ARN, a bare account id, or any user
 * or role ARN of it (`arn:...:iam::*:root` is every account). A key policy that names another
 * account lets that account grant itself the key.
 */
function foreignAccountFindings(
  principals: readonly Principal[],
  label: string,
  config: JsonObject,
  context: RuleContext,
): Finding[] {
  return principals
    .filter((p) => p.type === "AWS")
    .flatMap((p): Finding[] => {
      const account = principalAccount(p.id);
      if (account === undefined) return [];
      if (
        isOwnAccount(account, config, context.stack) ||
        context.settings.allowedAccountIds.includes(account) ||
        context.stack.referencedBlock(account)?.type === "aws_caller_identity"
      )
        return [];
      return [
        {
          id: `Principal::${p.id}`,
          message: `${label} grants ${p.id}, ${account.includes("*") ? "every account" : `account ${account}`}, not this stack's account`,
          fix: "grant only this account's root or roles; add a trusted account to the allowedAccountIds policy option only with a reason",
        },
      ];
    });
}
