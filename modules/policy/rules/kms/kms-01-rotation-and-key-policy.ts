import { parseReference, readBool, readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { isAllow, isAnyone, readPolicy, statementLabel, unresolvedPolicy } from "../../private/iam";
import type { StackIndex } from "../../private/stack-index";
import type { Finding, PolicySubject, Rule } from "../../types";

/**
 * KMS-01: a key rotates automatically, has an explicit key policy (on the key or through an
 * `aws_kms_key_policy`), and no Allow for principal `*` without a condition (cdk-nag KMS5,
 * CKV_AWS_7/33). Rotation is only required for symmetric encryption keys, the only ones KMS
 * can rotate automatically.
 */
export const kms01RotationAndKeyPolicy: Rule = (subject, context) => {
  if (isResourceOf(subject, "aws_kms_key_policy")) {
    return verdict(policyFindings(subject.config.policy, "policy", context.stack));
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
  if (subject.config.policy === undefined || subject.config.policy === null) {
    if (!hasSeparateKeyPolicy(subject, context.stack)) {
      findings.push({
        id: "KeyPolicy::missing",
        message: "the key has no explicit policy, so it gets KMS's default policy",
        fix: "set policy with the account root as administrator and only the services that use the key",
      });
    }
  } else findings.push(...policyFindings(subject.config.policy, "policy", context.stack));
  return verdict(findings);
};

function hasSeparateKeyPolicy(subject: PolicySubject, stack: StackIndex): boolean {
  return stack
    .resources("aws_kms_key_policy")
    .some((p) => parseReference(p.config.key_id)?.address === subject.address);
}

function policyFindings(raw: unknown, path: string, stack: StackIndex): Finding[] {
  const policy = readPolicy(raw, stack);
  if (policy.state === "unresolved") return [unresolvedPolicy(path, raw, policy.reason)];
  if (policy.state === "absent") return [];
  return policy.statements.flatMap((statement, i): Finding[] =>
    isAllow(statement) && statement.principals.some(isAnyone) && statement.conditions.length === 0
      ? [
          {
            id: "Principal::*",
            message: `${statementLabel(statement, path, i)} allows anyone ("*") without a condition`,
            fix: "name the principals, or add conditions (kms:CallerAccount, kms:ViaService) that limit who can use the key",
          },
        ]
      : [],
  );
}
