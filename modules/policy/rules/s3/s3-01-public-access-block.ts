import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { JsonObject } from "../../private/json";
import { asBucket, companionsOf } from "../../private/s3";
import type { Finding, Rule } from "../../types";

const FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
];

/**
 * S3-01: the bucket has a public access block with all four flags true (cdk-nag S2, CKV2_AWS_6,
 * FSBP S3.8); an account-level block of the stack with all four also counts.
 */
export const s301PublicAccessBlock: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const candidates = [
    ...companionsOf(bucket, "aws_s3_bucket_public_access_block", context.stack),
    ...context.stack.resources("aws_s3_account_public_access_block"),
  ];
  if (candidates.length === 0) {
    return verdict([
      {
        id: "PublicAccessBlock::missing",
        message: "the bucket has no aws_s3_bucket_public_access_block",
        fix: "add an aws_s3_bucket_public_access_block for the bucket with all four flags true",
      },
    ]);
  }
  const problems = candidates.map((block) => flagProblems(block.config, block.address));
  // One fully blocking resource is enough; otherwise report the first one's gaps.
  return verdict(problems.some((p) => p.length === 0) ? [] : problems[0]);
};

function flagProblems(config: JsonObject, address: string): Finding[] {
  return FLAGS.flatMap((flag): Finding[] => {
    const value = readBool(config[flag]);
    if (value.state === "unresolved")
      return [unresolved(`${address}.${flag}`, value.expression, "true")];
    if (value.state === "literal" && value.value) return [];
    return [
      {
        id: `PublicAccessBlock::${flag}`,
        message: `${address} does not set ${flag} = true`,
        fix: `set ${flag} = true`,
      },
    ];
  });
}
