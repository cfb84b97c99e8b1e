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
 * FSBP S3.8); an account-level block of the stack with all four also counts. Every block that
 * applies must have all four (one with a flag off would undo the others when applied last), and
 * more than one block for the bucket (or for the account) is reported: they overwrite each other.
 */
export const s301PublicAccessBlock: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const own = companionsOf(bucket, "aws_s3_bucket_public_access_block", context.stack);
  const account = context.stack.resources("aws_s3_account_public_access_block");
  const candidates = [...own, ...account];
  if (candidates.length === 0) {
    return verdict([
      {
        id: "PublicAccessBlock::missing",
        message: "the bucket has no aws_s3_bucket_public_access_block",
        fix: "add an aws_s3_bucket_public_access_block for the bucket with all four flags true",
      },
    ]);
  }
  const duplicates = [own, account]
    .filter((blocks) => blocks.length > 1)
    .map(
      (blocks): Finding => ({
        id: "PublicAccessBlock::duplicate",
        message: `${blocks.map((b) => b.address).join(", ")} all set the ${blocks === own ? "bucket's" : "account's"} public access block, overwriting each other`,
        fix: "keep one public access block per bucket (and per account), with all four flags true",
      }),
    );
  return verdict([
    ...duplicates,
    ...candidates.flatMap((block) => flagProblems(block.config, block.address)),
  ]);
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
