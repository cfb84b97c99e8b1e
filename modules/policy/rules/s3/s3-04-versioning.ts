import { readBool, readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { blocks, firstBlock, isAbsent } from "../../private/json";
import { asBucket, companionsOf } from "../../private/s3";
import type { Finding, Rule } from "../../types";

/**
 * S3-04: versioning is enabled, so overwritten or deleted objects can be restored (CKV_AWS_21,
 * AVD-AWS-0090). Every versioning configuration of the bucket (`aws_s3_bucket_versioning`, or the
 * bucket's own `versioning` block) must enable it; more than one is reported, since they
 * overwrite each other.
 */
export const s304Versioning: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_s3_bucket")) return NOT_APPLICABLE;
  const bucket = asBucket(subject.address, context.stack);
  if (!bucket) return NOT_APPLICABLE;
  const companions = companionsOf(bucket, "aws_s3_bucket_versioning", context.stack);
  const inline = firstBlock(bucket.config.versioning);
  const fix =
    'add one aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }';
  const findings: Finding[] = [];
  const count = companions.length + (inline && !isAbsent(inline.enabled) ? 1 : 0);
  if (count === 0) {
    return verdict([
      {
        id: "Versioning",
        message: "the bucket has no aws_s3_bucket_versioning with status Enabled",
        fix,
      },
    ]);
  }
  if (count > 1) {
    findings.push({
      id: "Versioning::duplicate",
      message: `${count} versioning configurations apply to the bucket (${[...companions.map((c) => c.address), ...(count > companions.length ? ["its versioning block"] : [])].join(", ")}), overwriting each other`,
      fix,
    });
  }
  for (const companion of companions) {
    const path = `${companion.address}.versioning_configuration.status`;
    const configuration = blocks(companion.config.versioning_configuration);
    const status = readLiteralString(configuration[0]?.status);
    if (status.state === "unresolved")
      findings.push(unresolved(path, status.expression, "Enabled"));
    else if (!(status.state === "literal" && status.value === "Enabled")) {
      findings.push({
        id: "Versioning",
        message: `${path} is ${status.state === "literal" ? status.value : "unset"}, not Enabled`,
        fix,
      });
    }
  }
  if (inline && !isAbsent(inline.enabled)) {
    const enabled = readBool(inline.enabled);
    if (enabled.state === "unresolved")
      findings.push(unresolved("versioning.enabled", enabled.expression, "true"));
    else if (!(enabled.state === "literal" && enabled.value)) {
      findings.push({
        id: "Versioning",
        message: "the bucket's versioning.enabled is not true",
        fix,
      });
    }
  }
  return verdict(findings);
};
