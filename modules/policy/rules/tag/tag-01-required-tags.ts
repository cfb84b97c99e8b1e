import { isExpression } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { firstBlock, isAbsent, isObject, type JsonObject } from "../../private/json";
import type { Finding, Rule } from "../../types";

// Taggable types this project uses or is likely to (a resource with a `tags` argument in its
// JSON is taggable too). Listing them catches a taggable resource that sets no tags at all.
const TAGGABLE = new Set([
  "aws_acm_certificate",
  "aws_alb",
  "aws_alb_listener",
  "aws_alb_target_group",
  "aws_appautoscaling_target",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_metric_alarm",
  "aws_ecr_repository",
  "aws_ecs_cluster",
  "aws_ecs_service",
  "aws_ecs_task_definition",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_kms_key",
  "aws_lb",
  "aws_lb_listener",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_s3_bucket",
  "aws_secretsmanager_secret",
  "aws_security_group",
  "aws_service_discovery_http_namespace",
  "aws_service_discovery_private_dns_namespace",
  "aws_service_discovery_public_dns_namespace",
  "aws_service_discovery_service",
  "aws_sns_topic",
  "aws_ssm_parameter",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
]);

/**
 * TAG-01: every taggable resource carries the required tag keys (option `requiredTagKeys`,
 * default Environment, Application, Automation), from the provider's `default_tags` or its own
 * `tags` (FSBP tagging standard, absent in GovCloud).
 */
export const tag01RequiredTags: Rule = (subject, context) => {
  if (subject.kind !== "resource" || !(TAGGABLE.has(subject.type) || "tags" in subject.config)) {
    return NOT_APPLICABLE;
  }
  const provider = context.stack.providerOf(subject.config);
  const defaults = firstBlock(provider?.config.default_tags)?.tags;
  const sources = [
    { path: `${provider?.address ?? "provider.aws"}.default_tags.tags`, value: defaults },
    { path: "tags", value: subject.config.tags },
  ];
  const keys = new Set<string>();
  const findings: Finding[] = [];
  for (const { path, value } of sources) {
    if (isExpression(value))
      findings.push(unresolved(path, value, "a map with the required tag keys"));
    else if (isObject(value)) tagKeys(value).forEach((key) => keys.add(key));
  }
  if (findings.length > 0) return verdict(findings);
  const missing = context.settings.requiredTagKeys.filter((key) => !keys.has(key));
  return verdict(
    missing.map((key) => ({
      id: `Tag::${key}`,
      message: `tag ${key} is missing (neither the provider's default_tags nor the resource's tags set it)`,
      fix: `add ${key} to the provider's default tags (or to this resource's tags)`,
    })),
  );
};

function tagKeys(tags: JsonObject): string[] {
  return Object.entries(tags)
    .filter(([, value]) => !isAbsent(value) && value !== "")
    .map(([key]) => key);
}
