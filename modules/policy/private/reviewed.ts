/**
 * What the pack has reviewed. A resource or data-source type, provider, provider argument or
 * top-level section of the stack that is not listed here is a GOV-03 finding: the pack fails
 * closed on what it does not know. Each entry says which rules judge it, or why it needs none.
 * Add a type only together with the rule (or the review) that covers what could go wrong with it.
 */

/** Resource types, with the rules (or the review) that cover them. */
export const REVIEWED_RESOURCES: Readonly<Record<string, string>> = {
  aws_cloudwatch_log_group: "LOG-01, LOG-02",
  aws_cloudwatch_metric_alarm:
    "EVT-01: every action is an SNS topic of this account and partition; the metric is data",
  aws_cloudwatch_event_rule:
    "reviewed: a rule matches events of the account's own bus and grants nothing; where they go is its targets' business (EVT-01)",
  aws_cloudwatch_event_target: "EVT-01: the target is an SNS topic of this account and partition",
  aws_default_security_group: "SG-01..04",
  aws_ecs_service: "ECS-09..12",
  aws_ecs_task_definition: "ECS-01..08, ECS-13, ECS-14",
  aws_elb: "ELB-01, 03, 04, 05, 07",
  aws_alb: "ELB-01..07",
  aws_lb: "ELB-01..07",
  aws_alb_listener: "ELB-03, ELB-04",
  aws_lb_listener: "ELB-03, ELB-04",
  aws_lb_target_group:
    "reviewed: targets are the service's tasks inside the VPC, reached through the service's security group (SG-01..04)",
  aws_iam_policy: "IAM-01, 02, 03, 06",
  aws_iam_role: "IAM-01..06",
  aws_iam_role_policy: "IAM-01, 02, 03, 06",
  aws_iam_role_policy_attachment: "IAM-04 (the attached policy itself by IAM-01..03, 06)",
  aws_iam_role_policies_exclusive:
    "reviewed: grants nothing; removes every inline policy of the role it does not name (the named ones are judged as aws_iam_role_policy by IAM-01, 02, 03, 06)",
  aws_iam_role_policy_attachments_exclusive:
    "reviewed: the stacks give it no policy ARN, so it only detaches managed policies; an ARN it named would be an attachment IAM-04 does not see (contract: judge policy_arns)",
  aws_kms_alias: "reviewed: a name for a key; the key itself is judged by KMS-01",
  aws_kms_key: "KMS-01",
  aws_kms_key_policy: "KMS-01",
  aws_route53_record:
    "reviewed: a DNS name in an existing zone of the account; it grants no access, and what it points to is judged by ELB-01 (internal)",
  aws_s3_bucket: "S3-01..07",
  aws_s3_bucket_acl: "S3-06 (refused)",
  aws_s3_bucket_logging: "S3-05",
  aws_s3_bucket_ownership_controls: "S3-06",
  aws_s3_bucket_policy: "S3-03, S3-07",
  aws_s3_bucket_public_access_block: "S3-01",
  aws_s3_bucket_server_side_encryption_configuration: "S3-02",
  aws_s3_bucket_versioning: "S3-04",
  aws_s3_object:
    "reviewed: flag file contents in a bucket the S3 rules judge; objects inherit the bucket's default encryption (S3-02)",
  aws_security_group: "SG-01..04",
  aws_security_group_rule: "SG-01..04",
  aws_vpc_security_group_egress_rule: "SG-03, SG-04",
  aws_vpc_security_group_ingress_rule: "SG-01, SG-02, SG-04",
  aws_service_discovery_http_namespace: "CM-01 (refused)",
  aws_service_discovery_private_dns_namespace: "CM-01",
  aws_service_discovery_public_dns_namespace: "CM-01 (refused)",
  aws_service_discovery_service: "CM-01",
  aws_sns_topic_policy: "SNS-01: neither '*' nor another account",
  aws_ssm_parameter: "SSM-01",
  terraform_data:
    "reviewed: holds values and replacement triggers only; a provisioner on it is a GOV-03 finding",
};

/** Data-source types, with the rules (or the review) that cover them. */
export const REVIEWED_DATA_SOURCES: Readonly<Record<string, string>> = {
  aws_caller_identity: "reviewed: reads the account id of the credentials; S3-07 trusts it",
  aws_ecr_image: "ECS-13: an image digest of the account's own registry",
  aws_ecr_repository: "ECS-13: a repository of the account's own registry",
  aws_ecs_cluster: "reviewed: a read-only lookup of the environment's cluster",
  aws_elb_service_account: "S3-07: AWS's log delivery account",
  aws_iam_policy: "IAM-04",
  aws_iam_policy_document: "IAM-01..06, KMS-01, S3-03, S3-07 (read as the policy it renders)",
  aws_partition: "GOV-01: the partition every ARN is built from",
  aws_route53_zone:
    "reviewed: read-only lookups: the UI's hosted zone by id (the stack's postcondition refuses a record at the zone apex or outside the zone), and the Cloud Map namespace's private zone by name and VPC (a postcondition ties the namespace to it)",
  aws_security_group: "reviewed: a read-only lookup of a client service's group",
  aws_service_discovery_dns_namespace: "CM-01: a private DNS namespace",
  aws_subnets: "reviewed: a read-only lookup of the private subnets",
  aws_vpc: "reviewed: a read-only lookup of the environment's VPC",
};

/** Provider names the pack understands (GOV-02 judges the aws provider). */
export const REVIEWED_PROVIDERS: ReadonlySet<string> = new Set(["aws"]);

/**
 * Arguments of the aws provider the pack has reviewed. Others can send requests elsewhere or
 * weaken TLS (`http_proxy`, `custom_ca_bundle`, `insecure`, `skip_*`, `profile`, ...).
 */
export const REVIEWED_AWS_PROVIDER_ARGUMENTS: ReadonlySet<string> = new Set([
  "alias",
  "allowed_account_ids",
  "assume_role",
  "default_tags",
  "endpoints",
  "ignore_tags",
  "max_retries",
  "region",
  "retry_mode",
  "use_fips_endpoint",
]);

/** Provider sources that mean HashiCorp's AWS provider. */
export const AWS_PROVIDER_SOURCES: ReadonlySet<string> = new Set([
  "aws",
  "hashicorp/aws",
  "registry.terraform.io/hashicorp/aws",
]);

/**
 * Top-level sections of the stack JSON the pack reads or that hold no infrastructure. `module`
 * would bring resources the pack never sees; `check` blocks may hold scoped data sources;
 * `removed` is judged on its own (it may destroy what it forgets).
 */
export const REVIEWED_SECTIONS: ReadonlySet<string> = new Set([
  "//",
  "data",
  "import",
  "locals",
  "moved",
  "output",
  "provider",
  "removed",
  "resource",
  "terraform",
  "variable",
]);
