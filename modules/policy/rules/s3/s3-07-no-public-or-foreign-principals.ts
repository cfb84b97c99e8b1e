import { NOT_APPLICABLE, isResourceOf } from "../../private/findings";
import { isAbsent } from "../../private/json";
import { publicOrForeignPrincipals } from "../../private/resource-policy";
import type { Rule } from "../../types";

/**
 * S3-07: no bucket policy Allow for principal `*`, and no account outside this one
 * (CKV_AWS_70, FSBP S3.6). "This account" is what the provider's `allowed_account_ids` names
 * (the provider refuses any other), `data.aws_caller_identity`, roles of the stack, or the
 * `allowedAccountIds` policy option; service principals are fine. An Allow with NotPrincipal
 * allows everyone not listed, so it counts as `*`. Checks `aws_s3_bucket_policy` and the inline
 * `policy` argument of `aws_s3_bucket`.
 */
export const s307NoPublicOrForeignPrincipals: Rule = (subject, context) => {
  const inline = isResourceOf(subject, "aws_s3_bucket");
  if (!inline && !isResourceOf(subject, "aws_s3_bucket_policy")) return NOT_APPLICABLE;
  const raw = subject.config.policy;
  if (inline && (isAbsent(raw) || raw === "")) return NOT_APPLICABLE;
  return publicOrForeignPrincipals(raw, subject.config, context);
};
