import { actionMatches, actionScope, isAllWildcard } from "../../../private/iam-action";
import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import { isAllow, isAnyone, readPolicy, unresolvedPolicy, type Statement } from "../../private/iam";
import { asBucket, companionsOf, isBucketArn } from "../../private/s3";
import type { TfBlock } from "../../private/stack-index";
import type { Finding, Rule } from "../../types";

/**
 * S3-03: the bucket policy denies every request made without TLS (`aws:SecureTransport` false),
 * to anyone, for the bucket and its objects (cdk-nag S10, FSBP S3.5).
 */
export const s303DenyInsecureTransport: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const fix =
    'add to the bucket policy { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket arn>, "<bucket arn>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }';
  const policies = [
    ...companionsOf(bucket, "aws_s3_bucket_policy", context.stack).map((p) => ({
      path: `${p.address}.policy`,
      raw: p.config.policy,
    })),
    ...(bucket.config.policy ? [{ path: "policy", raw: bucket.config.policy }] : []),
  ];
  if (policies.length === 0) {
    return verdict([
      {
        id: "BucketPolicy::missing",
        message: "the bucket has no bucket policy, so plain-HTTP requests are not denied",
        fix,
      },
    ]);
  }
  const findings: Finding[] = [];
  for (const { path, raw } of policies) {
    const policy = readPolicy(raw, context.stack);
    if (policy.state === "unresolved") findings.push(unresolvedPolicy(path, raw, policy.reason));
    else if (
      policy.state === "parsed" &&
      policy.statements.some((s) => deniesInsecureTransport(s, bucket))
    ) {
      return verdict([]);
    }
  }
  return verdict(
    findings.length > 0
      ? findings
      : [
          {
            id: "SecureTransport",
            message:
              "no bucket policy statement denies aws:SecureTransport false for the bucket and its objects",
            fix,
          },
        ],
  );
};

/**
 * True for a Deny that applies to every request without TLS: its only condition is
 * `aws:SecureTransport` false (any other condition is ANDed and narrows the Deny), for anyone,
 * for every S3 action, on the bucket and its objects, with no Not* element narrowing it.
 */
function deniesInsecureTransport(statement: Statement, bucket: TfBlock): boolean {
  if (isAllow(statement)) return false;
  const [only, ...others] = statement.conditions;
  const condition =
    others.length === 0 &&
    only !== undefined &&
    /^Bool(IfExists)?$/.test(only.operator) &&
    only.key.toLowerCase() === "aws:securetransport" &&
    only.values.some((v) => v.toLowerCase() === "false");
  const narrowed =
    statement.notPrincipals.length > 0 ||
    statement.notActions.length > 0 ||
    statement.notResources.length > 0;
  const everyone = statement.principals.some(isAnyone);
  const everything = statement.actions.some(coversEveryS3Action);
  const covers = (objects: boolean): boolean =>
    statement.resources.some((r) => isBucketArn(r, bucket, objects));
  return condition && !narrowed && everyone && everything && covers(false) && covers(true);
}

/** True for an action pattern covering every S3 action (`*`, `s3:*`, `s3:**`, `S3:*`, `s?:*`). */
function coversEveryS3Action(pattern: string): boolean {
  const scope = actionScope(pattern);
  if (scope === "every-action") return true;
  const [service, name] = pattern.split(":");
  return name !== undefined && isAllWildcard(name) && actionMatches(service, "s3");
}
