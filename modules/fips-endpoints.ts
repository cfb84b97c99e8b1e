/**
 * Which FIPS endpoint each AWS API the stack calls goes to, decided here rather than left to
 * the provider. With `use_fips_endpoint = true` the AWS SDK's endpoint rules already derive the
 * GovCloud FIPS hosts, ECR's `ecr-fips.<region>.amazonaws.com` included (aws-sdk-go-v2
 * service/ecr/endpoints.go, the aws-us-gov branch). But when a derived FIPS host name does not
 * resolve, the provider's generated resolvers log "default endpoint host not found, disabling
 * FIPS" and quietly use the standard host (terraform-provider-aws,
 * internal/service/<service>/service_endpoint_resolver_gen.go). Explicit endpoints are a choice
 * for determinism: every call's host is fixed, reviewable in the JSON, and never silently
 * standard.
 *
 * Sources: AWS "FIPS endpoints" page and the AWS GovCloud (US) User Guide's service pages
 * (dedicated `-fips` hosts for ECS, Cloud Map, KMS, S3, ECR; the standard GovCloud hosts of
 * CloudWatch Logs, CloudWatch, EC2, Elastic Load Balancing, STS, EventBridge, IAM and Route 53
 * are FIPS 140 validated).
 */

/** An AWS API and its FIPS endpoint in a GovCloud region. */
export interface FipsService {
  /** Key of the AWS provider's `endpoints` block. */
  readonly endpointKey: string;
  /** The FIPS endpoint URL in `region`. */
  readonly url: (region: string) => string;
}

const dedicated = (host: string) => (region: string) =>
  `https://${host}-fips.${region}.amazonaws.com`;
const standard = (host: string) => (region: string) => `https://${host}.${region}.amazonaws.com`;
/** GovCloud's global services have one partition-wide host. */
const partitionWide = (host: string) => () => `https://${host}.us-gov.amazonaws.com`;

/** Every AWS API the stacks call, by the provider's endpoint key. */
export const FIPS_SERVICES: readonly FipsService[] = [
  { endpointKey: "ecs", url: dedicated("ecs") },
  { endpointKey: "servicediscovery", url: dedicated("servicediscovery") },
  { endpointKey: "kms", url: dedicated("kms") },
  { endpointKey: "s3", url: dedicated("s3") },
  { endpointKey: "ecr", url: dedicated("ecr") },
  { endpointKey: "logs", url: standard("logs") },
  { endpointKey: "cloudwatch", url: standard("monitoring") },
  { endpointKey: "ec2", url: standard("ec2") },
  { endpointKey: "elbv2", url: standard("elasticloadbalancing") },
  // The provider itself calls STS (GetCallerIdentity, AssumeRole) for the account guard.
  { endpointKey: "sts", url: standard("sts") },
  { endpointKey: "events", url: standard("events") },
  { endpointKey: "iam", url: partitionWide("iam") },
  { endpointKey: "route53", url: partitionWide("route53") },
];

/**
 * The API each Terraform resource or data source type of the stacks calls, or `none` for
 * those that call no AWS API. A type missing here fails the test in
 * `__tests__/fips-endpoints.test.ts`: adding a resource of a new AWS service needs its
 * endpoint decision first.
 */
export const ENDPOINT_OF_TYPE: Readonly<Record<string, string>> = {
  aws_partition: "none",
  terraform_data: "none",
  aws_ecs_cluster: "ecs",
  aws_ecs_service: "ecs",
  aws_ecs_task_definition: "ecs",
  aws_ecr_repository: "ecr",
  aws_ecr_image: "ecr",
  aws_service_discovery_private_dns_namespace: "servicediscovery",
  aws_service_discovery_dns_namespace: "servicediscovery",
  aws_service_discovery_service: "servicediscovery",
  aws_kms_key: "kms",
  aws_kms_alias: "kms",
  aws_s3_bucket: "s3",
  aws_s3_bucket_logging: "s3",
  aws_s3_bucket_ownership_controls: "s3",
  aws_s3_bucket_policy: "s3",
  aws_s3_bucket_public_access_block: "s3",
  aws_s3_bucket_server_side_encryption_configuration: "s3",
  aws_s3_bucket_versioning: "s3",
  aws_s3_object: "s3",
  aws_cloudwatch_log_group: "logs",
  aws_cloudwatch_metric_alarm: "cloudwatch",
  aws_cloudwatch_event_rule: "events",
  aws_cloudwatch_event_target: "events",
  aws_vpc: "ec2",
  aws_subnets: "ec2",
  aws_security_group: "ec2",
  aws_vpc_security_group_ingress_rule: "ec2",
  aws_vpc_security_group_egress_rule: "ec2",
  aws_lb: "elbv2",
  aws_lb_listener: "elbv2",
  aws_lb_target_group: "elbv2",
  aws_iam_role: "iam",
  aws_iam_role_policy: "iam",
  aws_iam_role_policies_exclusive: "iam",
  aws_iam_role_policy_attachments_exclusive: "iam",
  aws_route53_zone: "route53",
  aws_route53_record: "route53",
};

/** The provider's `endpoints` block for a GovCloud region: every service, its FIPS URL. */
export function fipsEndpoints(region: string): Record<string, string> {
  return Object.fromEntries(FIPS_SERVICES.map((s) => [s.endpointKey, s.url(region)]));
}
