import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import { firstBlock } from "../../private/json";
import { asBucket, companionsOf } from "../../private/s3";
import type { Rule } from "../../types";

/** S3-04: versioning is enabled, so overwritten or deleted objects can be restored (CKV_AWS_21, AVD-AWS-0090). */
export const s304Versioning: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const viaCompanion = companionsOf(bucket, "aws_s3_bucket_versioning", context.stack).some(
    (v) => firstBlock(v.config.versioning_configuration)?.status === "Enabled",
  );
  const inline = readBool(firstBlock(bucket.config.versioning)?.enabled);
  const enabled = viaCompanion || (inline.state === "literal" && inline.value);
  return verdict(
    enabled
      ? []
      : [
          {
            id: "Versioning",
            message: "the bucket has no aws_s3_bucket_versioning with status Enabled",
            fix: 'add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }',
          },
        ],
  );
};
