import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { blocks, firstBlock, type JsonObject } from "../../private/json";
import { classifyKey } from "../../private/kms";
import { asBucket, companionsOf } from "../../private/s3";
import type { StackIndex } from "../../private/stack-index";
import type { Finding, Rule } from "../../types";

/**
 * S3-02: default encryption is SSE-KMS with a customer-managed key (cdk-nag NIST
 * S3DefaultEncryptionKMS, CKV_AWS_145), through exactly one
 * `aws_s3_bucket_server_side_encryption_configuration` (or the bucket's legacy inline block);
 * a second configuration is `Encryption::duplicate`, and each must comply.
 */
export const s302KmsEncryption: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const configurations = [
    ...companionsOf(
      bucket,
      "aws_s3_bucket_server_side_encryption_configuration",
      context.stack,
    ).map((c) => ({
      where: c.address,
      config: c.config,
    })),
    ...blocks(bucket.config.server_side_encryption_configuration).map((config) => ({
      where: "server_side_encryption_configuration",
      config,
    })),
  ];
  const fix =
    'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and kms_master_key_id set to a customer-managed aws_kms_key';
  if (configurations.length === 0) {
    return verdict([
      {
        id: "Encryption::missing",
        message: "the bucket has no default encryption configuration (S3 would use SSE-S3)",
        fix,
      },
    ]);
  }
  // Every configuration must comply: two of them fight over the bucket, and whichever Terraform
  // applies last is the one S3 keeps.
  const findings = configurations.flatMap(({ where, config }) =>
    ruleProblems(where, config, context.stack, fix),
  );
  if (configurations.length > 1) {
    findings.push({
      id: "Encryption::duplicate",
      message: `the bucket has ${configurations.length} default encryption configurations (${configurations.map((c) => c.where).join(", ")}); the last applied wins`,
      fix: "keep exactly one aws_s3_bucket_server_side_encryption_configuration for the bucket",
    });
  }
  return verdict(findings);
};

function ruleProblems(
  where: string,
  config: JsonObject,
  stack: StackIndex,
  fix: string,
): Finding[] {
  const rules = blocks(config.rule);
  if (rules.length === 0)
    return [{ id: "Encryption::missing", message: `${where} has no rule`, fix }];
  return rules.flatMap((rule, i): Finding[] => {
    const defaults = firstBlock(rule.apply_server_side_encryption_by_default);
    const algorithm = defaults?.sse_algorithm;
    if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
      return [
        {
          id: `Encryption::${String(algorithm)}`,
          message: `${where} rule ${i} uses sse_algorithm ${JSON.stringify(algorithm)}, not aws:kms`,
          fix,
        },
      ];
    }
    const key = classifyKey(defaults?.kms_master_key_id, stack);
    if (key.state === "customer-managed") return [];
    if (key.state === "unresolved")
      return [unresolved(`${where}.kms_master_key_id`, key.value, "a customer-managed KMS key")];
    return [
      {
        id: "Key::aws-managed",
        message: `${where} rule ${i} encrypts with the AWS-managed key aws/s3`,
        fix,
      },
    ];
  });
}
