import { NOT_APPLICABLE, isResourceOf } from "../../private/findings";
import { publicOrForeignPrincipals } from "../../private/resource-policy";
import type { Rule } from "../../types";

/**
 * SNS-01: an SNS topic policy (`aws_sns_topic_policy`) allows neither `*` nor accounts outside
 * this one, as S3-07 for buckets (CKV_AWS_26's family, FSBP SNS): a topic anyone may publish to
 * or subscribe to leaks the alarms and lets anyone forge them. Service principals (CloudWatch,
 * EventBridge) are fine.
 */
export const sns01NoPublicOrForeignPrincipals: Rule = (subject, context) =>
  isResourceOf(subject, "aws_sns_topic_policy")
    ? publicOrForeignPrincipals(subject.config.policy, subject.config, context)
    : NOT_APPLICABLE;
