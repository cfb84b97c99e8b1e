import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import { firstBlock, isAbsent } from "../../private/json";
import { asBucket, companionsOf } from "../../private/s3";
import type { Finding, Rule } from "../../types";

/**
 * S3-06: object ownership is BucketOwnerEnforced (ACLs disabled), and no ACL is set: neither the
 * bucket's `acl` nor any `aws_s3_bucket_acl` resource (FSBP S3.12, CKV2_AWS_65).
 */
export const s306OwnerEnforcedNoAcls: Rule = (subject, context) => {
  if (isResourceOf(subject, "aws_s3_bucket_acl")) {
    return verdict([
      {
        id: "Acl",
        message: "an aws_s3_bucket_acl grants access through ACLs",
        fix: "remove the ACL resource; grant access with the bucket policy and IAM",
      },
    ]);
  }
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const findings: Finding[] = [];
  const enforced = companionsOf(bucket, "aws_s3_bucket_ownership_controls", context.stack).some(
    (c) => firstBlock(c.config.rule)?.object_ownership === "BucketOwnerEnforced",
  );
  if (!enforced) {
    findings.push({
      id: "Ownership",
      message:
        "the bucket has no aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced",
      fix: 'add an aws_s3_bucket_ownership_controls for the bucket with rule { object_ownership = "BucketOwnerEnforced" }',
    });
  }
  if (!isAbsent(bucket.config.acl)) {
    findings.push({
      id: "Acl",
      message: `the bucket sets acl ${JSON.stringify(bucket.config.acl)}`,
      fix: "remove acl",
    });
  }
  return verdict(findings);
};
