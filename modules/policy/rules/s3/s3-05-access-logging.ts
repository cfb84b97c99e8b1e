import { NOT_APPLICABLE, isResourceOf, verdict } from "../../private/findings";
import { firstBlock } from "../../private/json";
import { asBucket, companionsOf } from "../../private/s3";
import type { Rule } from "../../types";

/** S3-05: server access logging is on (cdk-nag S1, CKV_AWS_18, FSBP S3.9). */
export const s305AccessLogging: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const logged =
    companionsOf(bucket, "aws_s3_bucket_logging", context.stack).some(
      (l) => typeof l.config.target_bucket === "string" && l.config.target_bucket !== "",
    ) || typeof firstBlock(bucket.config.logging)?.target_bucket === "string";
  return verdict(
    logged
      ? []
      : [
          {
            id: "AccessLogging",
            message: "the bucket has no server access logging",
            fix: "add an aws_s3_bucket_logging for the bucket with the account's access-log bucket as target_bucket",
          },
        ],
  );
};
