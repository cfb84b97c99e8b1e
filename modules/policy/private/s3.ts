/**
 * S3 buckets are configured through companion resources (`aws_s3_bucket_versioning`,
 * `aws_s3_bucket_policy`, ...) that name the bucket in their `bucket` argument, by reference
 * (`${aws_s3_bucket.b.id}`) or by the bucket's literal name.
 */
import { parseReference } from "./expressions";
import type { StackIndex, TfBlock } from "./stack-index";

/** True when a companion's `bucket` argument names this bucket. */
export function namesBucket(value: unknown, bucket: TfBlock): boolean {
  const reference = parseReference(value);
  if (reference) {
    return reference.address === bucket.address && ["id", "bucket"].includes(reference.attribute);
  }
  return typeof value === "string" && value !== "" && value === bucket.config.bucket;
}

/** The companion resources of a type that configure this bucket. */
export function companionsOf(bucket: TfBlock, type: string, stack: StackIndex): TfBlock[] {
  return stack.resources(type).filter((c) => namesBucket(c.config.bucket, bucket));
}

/** The bucket resource of the stack a bucket-level subject is, as a block. */
export function asBucket(address: string, stack: StackIndex): TfBlock | undefined {
  const block = stack.get(address);
  return block && block.type === "aws_s3_bucket" && block.kind === "resource" ? block : undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * True when an ARN in a policy is this bucket's ARN (`objects`: its objects, `<arn>/*`):
 * `${aws_s3_bucket.b.arn}` or `arn:<partition>:s3:::<literal name>`.
 */
export function isBucketArn(arn: string, bucket: TfBlock, objects: boolean): boolean {
  const suffix = objects ? "/*" : "";
  if (arn === "${" + bucket.address + ".arn}" + suffix) return true;
  const name = bucket.config.bucket;
  if (typeof name !== "string" || name === "") return false;
  return new RegExp(`^arn:[^:]+:s3:::${escape(name)}${escape(suffix)}$`).test(arn);
}
