import { pinsKey } from "../../../private/condition";
import { isOwnAccount } from "../../private/accounts";
import { isExpression } from "../../private/expressions";
import { isAllow, isAnyone, readPolicy, statementLabel, unresolvedPolicy } from "../../private/iam";
import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import type { Finding, Rule } from "../../types";

/**
 * IAM-05: a role trusts only the intended service principals (option `trustedServicePrincipals`,
 * default `ecs-tasks.amazonaws.com`), and each trusting statement has an `aws:SourceAccount`
 * condition against the confused deputy (CKV_AWS_60/61). `aws:SourceArn` is recommended but not
 * required: not every service sets it.
 */
export const iam05TrustedServicePrincipals: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_iam_role")) return NOT_APPLICABLE;
  const raw = subject.config.assume_role_policy;
  const policy = readPolicy(raw, context.stack);
  if (policy.state === "unresolved")
    return verdict([unresolvedPolicy("assume_role_policy", raw, policy.reason)]);
  if (policy.state === "absent") {
    return verdict([
      {
        id: "NoTrustPolicy",
        message: "assume_role_policy is missing",
        fix: "trust ecs-tasks.amazonaws.com with an aws:SourceAccount condition",
      },
    ]);
  }
  const trusted = context.settings.trustedServicePrincipals;
  const findings = policy.statements.flatMap((statement, i): Finding[] => {
    if (!isAllow(statement)) return [];
    const label = statementLabel(statement, "assume_role_policy", i);
    const found: Finding[] = [];
    for (const principal of statement.principals) {
      const ok = principal.type === "Service" && trusted.includes(principal.id);
      if (!ok) {
        const who = isAnyone(principal) ? "*" : `${principal.type}:${principal.id}`;
        found.push({
          id: `Principal::${who}`,
          message: `${label} trusts ${who}; only ${trusted.join(", ")} may assume this role`,
          fix: `trust only { Service: ${trusted.map((t) => JSON.stringify(t)).join(" | ")} }, or add the service to the trustedServicePrincipals policy option`,
        });
      }
    }
    if (statement.principals.length === 0 || statement.notPrincipals.length > 0) {
      found.push({
        id: "Principal::missing",
        message: `${label} names no Principal (or uses NotPrincipal)`,
        fix: "name the service principal",
      });
    }
    const own = (value: string): boolean =>
      isOwnAccount(value, subject.config, context.stack) ||
      context.stack.referencedBlock(value)?.type === "aws_caller_identity";
    if (!statement.conditions.some((c) => pinsKey(c, "aws:SourceAccount", own, isExpression))) {
      found.push({
        id: "Condition::aws:SourceAccount",
        message: `${label} has no aws:SourceAccount condition that pins this account (an IfExists, a wildcard or another account restricts nothing), so another account's tasks could assume the role (confused deputy)`,
        fix: 'add Condition { StringEquals: { "aws:SourceAccount": <this account id> } } (and ArnLike aws:SourceArn where the service sets it)',
      });
    }
    return found;
  });
  return verdict(findings);
};
