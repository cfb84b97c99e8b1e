/**
 * The policy pack: every rule with its id, severity and a one-line explanation. Rules are pure
 * functions in `rules/<area>/`; the pack only composes them (the cdk-nag model). Anchors (FSBP,
 * checkov, cdk-nag ids) are in each rule's JSDoc.
 */
import { cm01PrivateCloudMap } from "./rules/cm/cm-01-private-cloud-map";
import { ecs01ReadonlyRoot } from "./rules/ecs/ecs-01-readonly-root";
import { ecs02NoPrivileged } from "./rules/ecs/ecs-02-no-privileged";
import { ecs03NonRootUser } from "./rules/ecs/ecs-03-non-root-user";
import { ecs04AwsvpcNoHostNamespaces } from "./rules/ecs/ecs-04-awsvpc-no-host-namespaces";
import { ecs05NoSecretsInEnvironment } from "./rules/ecs/ecs-05-no-secrets-in-environment";
import { ecs06SecretsFromPartitionStores } from "./rules/ecs/ecs-06-secrets-from-partition-stores";
import { ecs07AwslogsToStackLogGroup } from "./rules/ecs/ecs-07-awslogs-to-stack-log-group";
import { ecs08SeparateExecutionRole } from "./rules/ecs/ecs-08-separate-execution-role";
import { ecs09NoPublicIp } from "./rules/ecs/ecs-09-no-public-ip";
import { ecs10LatestPlatform } from "./rules/ecs/ecs-10-latest-platform";
import { ecs11NoExecuteCommand } from "./rules/ecs/ecs-11-no-execute-command";
import { ecs12CircuitBreakerRollback } from "./rules/ecs/ecs-12-circuit-breaker-rollback";
import { ecs13PrivateEcrImage } from "./rules/ecs/ecs-13-private-ecr-image";
import { ecs14NoAddedCapabilities } from "./rules/ecs/ecs-14-no-added-capabilities";
import { elb01Internal } from "./rules/elb/elb-01-internal";
import { elb02DropInvalidHeaders } from "./rules/elb/elb-02-drop-invalid-headers";
import { elb03HttpsListeners } from "./rules/elb/elb-03-https-listeners";
import { elb04FipsTlsPolicy } from "./rules/elb/elb-04-fips-tls-policy";
import { elb05AccessLogs } from "./rules/elb/elb-05-access-logs";
import { elb06DeletionProtection } from "./rules/elb/elb-06-deletion-protection";
import { elb07DesyncMitigation } from "./rules/elb/elb-07-desync-mitigation";
import { gov01NoCommercialArns } from "./rules/gov/gov-01-no-commercial-arns";
import { evt01NotifyOwnSnsTopics } from "./rules/evt/evt-01-notify-own-sns-topics";
import { gov02GovcloudFipsProvider } from "./rules/gov/gov-02-govcloud-fips-provider";
import { gov03ReviewedAndReadable } from "./rules/gov/gov-03-reviewed-and-readable";
import { iam01NoAdmin } from "./rules/iam/iam-01-no-admin";
import { iam02NoWildcardActions } from "./rules/iam/iam-02-no-wildcard-actions";
import { iam03NoWildcardResources } from "./rules/iam/iam-03-no-wildcard-resources";
import { iam04NoAwsManagedPolicies } from "./rules/iam/iam-04-no-aws-managed-policies";
import { iam05TrustedServicePrincipals } from "./rules/iam/iam-05-trusted-service-principals";
import { iam06NoPassRoleOnWildcard } from "./rules/iam/iam-06-no-passrole-on-wildcard";
import { kms01RotationAndKeyPolicy } from "./rules/kms/kms-01-rotation-and-key-policy";
import { log01Retention } from "./rules/log/log-01-retention";
import { log02CustomerManagedKey } from "./rules/log/log-02-customer-managed-key";
import { s301PublicAccessBlock } from "./rules/s3/s3-01-public-access-block";
import { s302KmsEncryption } from "./rules/s3/s3-02-kms-encryption";
import { s303DenyInsecureTransport } from "./rules/s3/s3-03-deny-insecure-transport";
import { s304Versioning } from "./rules/s3/s3-04-versioning";
import { s305AccessLogging } from "./rules/s3/s3-05-access-logging";
import { s306OwnerEnforcedNoAcls } from "./rules/s3/s3-06-owner-enforced-no-acls";
import { s307NoPublicOrForeignPrincipals } from "./rules/s3/s3-07-no-public-or-foreign-principals";
import { sns01NoPublicOrForeignPrincipals } from "./rules/sns/sns-01-no-public-or-foreign-principals";
import { sg01NoIngressFromAnywhere } from "./rules/sg/sg-01-no-ingress-from-anywhere";
import { sg02IngressOwnPortsAndSources } from "./rules/sg/sg-02-ingress-own-ports-and-sources";
import { sg03NoUnrestrictedEgress } from "./rules/sg/sg-03-no-unrestricted-egress";
import { sg04Descriptions } from "./rules/sg/sg-04-descriptions";
import { ssm01SecureStringCmk } from "./rules/ssm/ssm-01-secure-string-cmk";
import { tag01RequiredTags } from "./rules/tag/tag-01-required-tags";
import type { Rule, Severity } from "./types";

/** A rule as the pack runs it. */
export interface PackRule {
  /** Stable id, e.g. `ECS-01`: what suppressions and reports name. */
  readonly id: string;
  readonly severity: Severity;
  /**
   * Severity in production, where it differs.
   * @default - `severity`
   */
  readonly productionSeverity?: Severity;
  /** One line: what the rule requires and why. */
  readonly explanation: string;
  readonly check: Rule;
}

const E: Severity = "error";
const E_UNSUPPRESSIBLE: Severity = "error-unsuppressible";
const W: Severity = "warning";

/** Every rule of the pack, in table order. */
export const POLICY_PACK: readonly PackRule[] = [
  {
    id: "ECS-01",
    severity: E,
    check: ecs01ReadonlyRoot,
    explanation:
      "Containers have a read-only root filesystem, so a compromise cannot rewrite the image.",
  },
  {
    id: "ECS-02",
    severity: E_UNSUPPRESSIBLE,
    check: ecs02NoPrivileged,
    explanation: "No privileged container: privileged means root on the host.",
  },
  {
    id: "ECS-03",
    severity: E,
    check: ecs03NonRootUser,
    explanation: "Containers run as a non-root user.",
  },
  {
    id: "ECS-04",
    severity: E,
    check: ecs04AwsvpcNoHostNamespaces,
    explanation:
      "Tasks use awsvpc networking and share neither PID nor IPC namespace with the host.",
  },
  {
    id: "ECS-05",
    severity: E,
    check: ecs05NoSecretsInEnvironment,
    explanation: "No secrets in plain environment variables; use the secrets list.",
  },
  {
    id: "ECS-06",
    severity: E,
    check: ecs06SecretsFromPartitionStores,
    explanation: "Secrets come from SSM or Secrets Manager ARNs in the stack's partition.",
  },
  {
    id: "ECS-07",
    severity: E,
    check: ecs07AwslogsToStackLogGroup,
    explanation: "Every container logs with awslogs to a log group of this stack.",
  },
  {
    id: "ECS-08",
    severity: E,
    check: ecs08SeparateExecutionRole,
    explanation:
      "The task role is not the execution role, so the application lacks ECS's permissions.",
  },
  {
    id: "ECS-09",
    severity: E_UNSUPPRESSIBLE,
    check: ecs09NoPublicIp,
    explanation: "Tasks get no public IP address.",
  },
  {
    id: "ECS-10",
    severity: W,
    check: ecs10LatestPlatform,
    explanation: "Fargate platform version is LATEST, so platform fixes arrive with deployments.",
  },
  {
    id: "ECS-11",
    severity: E,
    check: ecs11NoExecuteCommand,
    explanation: "ECS Exec is off unless the environment allows it.",
  },
  {
    id: "ECS-12",
    severity: E,
    check: ecs12CircuitBreakerRollback,
    explanation: "The deployment circuit breaker rolls back failed deployments.",
  },
  {
    id: "ECS-13",
    severity: E,
    check: ecs13PrivateEcrImage,
    explanation:
      "Images come from the account's private ECR, pinned by a tag or digest, never latest.",
  },
  {
    id: "ECS-14",
    severity: E,
    check: ecs14NoAddedCapabilities,
    explanation: "Containers add no Linux capabilities.",
  },
  {
    id: "IAM-01",
    severity: E_UNSUPPRESSIBLE,
    check: iam01NoAdmin,
    explanation: "No policy allows every action on every resource.",
  },
  {
    id: "IAM-02",
    severity: E,
    check: iam02NoWildcardActions,
    explanation: "No '*' or 'service:*' actions, and no Allow with NotAction.",
  },
  {
    id: "IAM-03",
    severity: E,
    check: iam03NoWildcardResources,
    explanation: "No Allow on resource '*'; reading secrets or decrypting on '*' is never allowed.",
  },
  {
    id: "IAM-04",
    severity: E,
    check: iam04NoAwsManagedPolicies,
    explanation: "No AWS-managed policies: they grant more than needed and change without review.",
  },
  {
    id: "IAM-05",
    severity: E,
    check: iam05TrustedServicePrincipals,
    explanation:
      "Roles trust only the intended service principal, with an aws:SourceAccount condition.",
  },
  {
    id: "IAM-06",
    severity: E,
    check: iam06NoPassRoleOnWildcard,
    explanation: "No iam:PassRole (or iam:*) on resource '*'.",
  },
  {
    id: "SG-01",
    severity: E_UNSUPPRESSIBLE,
    check: sg01NoIngressFromAnywhere,
    explanation: "No ingress from 0.0.0.0/0 or ::/0.",
  },
  {
    id: "SG-02",
    severity: E,
    check: sg02IngressOwnPortsAndSources,
    explanation: "Ingress only on the service's ports, from security groups or allowed CIDRs.",
  },
  {
    id: "SG-03",
    severity: W,
    check: sg03NoUnrestrictedEgress,
    explanation: "No egress of every protocol and port to anywhere.",
  },
  {
    id: "SG-04",
    severity: E,
    check: sg04Descriptions,
    explanation: "Every security group and rule has a description.",
  },
  {
    id: "LOG-01",
    severity: E,
    check: log01Retention,
    explanation:
      "Log groups keep events for an explicit retention of at least the floor (365 days).",
  },
  {
    id: "LOG-02",
    severity: E,
    check: log02CustomerManagedKey,
    explanation: "Log groups are encrypted with a customer-managed KMS key.",
  },
  {
    id: "S3-01",
    severity: E_UNSUPPRESSIBLE,
    check: s301PublicAccessBlock,
    explanation: "Buckets have a public access block with all four flags on.",
  },
  {
    id: "S3-02",
    severity: E,
    check: s302KmsEncryption,
    explanation: "Buckets encrypt by default with SSE-KMS and a customer-managed key.",
  },
  {
    id: "S3-03",
    severity: E,
    check: s303DenyInsecureTransport,
    explanation: "Bucket policies deny requests without TLS, for the bucket and its objects.",
  },
  {
    id: "S3-04",
    severity: E,
    check: s304Versioning,
    explanation: "Buckets are versioned, so objects can be restored.",
  },
  {
    id: "S3-05",
    severity: W,
    check: s305AccessLogging,
    explanation: "Buckets write server access logs.",
  },
  {
    id: "S3-06",
    severity: E,
    check: s306OwnerEnforcedNoAcls,
    explanation: "Object ownership is BucketOwnerEnforced and no ACLs are used.",
  },
  {
    id: "S3-07",
    severity: E,
    check: s307NoPublicOrForeignPrincipals,
    explanation: "Bucket policies allow neither '*' nor other accounts.",
  },
  {
    id: "ELB-01",
    severity: E_UNSUPPRESSIBLE,
    check: elb01Internal,
    explanation: "Load balancers are internal.",
  },
  {
    id: "ELB-02",
    severity: E,
    check: elb02DropInvalidHeaders,
    explanation: "Application load balancers drop invalid header fields.",
  },
  {
    id: "ELB-03",
    severity: E,
    check: elb03HttpsListeners,
    explanation: "Listeners use HTTPS with a certificate; plain HTTP only redirects.",
  },
  {
    id: "ELB-04",
    severity: E,
    check: elb04FipsTlsPolicy,
    explanation: "HTTPS listeners use a FIPS TLS policy with TLS 1.2 minimum.",
  },
  {
    id: "ELB-05",
    severity: E,
    check: elb05AccessLogs,
    explanation: "Load balancers write access logs.",
  },
  {
    id: "ELB-06",
    severity: W,
    productionSeverity: E,
    check: elb06DeletionProtection,
    explanation: "Load balancers have deletion protection (an error in production).",
  },
  {
    id: "ELB-07",
    severity: E,
    check: elb07DesyncMitigation,
    explanation: "Desync mitigation is defensive or strictest, never monitor.",
  },
  {
    id: "KMS-01",
    severity: E,
    check: kms01RotationAndKeyPolicy,
    explanation: "Keys rotate, have an explicit policy, and allow no unconditioned '*' principal.",
  },
  {
    id: "SSM-01",
    severity: E,
    check: ssm01SecureStringCmk,
    explanation: "Secret parameters are SecureStrings encrypted with a customer-managed key.",
  },
  {
    id: "GOV-01",
    severity: E_UNSUPPRESSIBLE,
    check: gov01NoCommercialArns,
    explanation: "No ARN in the commercial partition anywhere: ARNs come from data.aws_partition.",
  },
  {
    id: "GOV-02",
    severity: E_UNSUPPRESSIBLE,
    check: gov02GovcloudFipsProvider,
    explanation:
      "Every AWS provider has the account guard, FIPS on, no non-FIPS endpoint, and one GovCloud region.",
  },
  {
    id: "GOV-03",
    severity: E,
    check: gov03ReviewedAndReadable,
    explanation:
      "The pack fails closed: unreviewed types, dynamic blocks, unresolved tokens and unread sections are errors.",
  },
  {
    id: "TAG-01",
    severity: E,
    check: tag01RequiredTags,
    explanation: "Taggable resources carry the required tag keys.",
  },
  {
    id: "CM-01",
    severity: E,
    check: cm01PrivateCloudMap,
    explanation: "Cloud Map uses a private DNS namespace, short TTLs and ECS-reported health.",
  },
  {
    id: "EVT-01",
    severity: E,
    check: evt01NotifyOwnSnsTopics,
    explanation: "Event targets and alarm actions notify SNS topics of this account only.",
  },
  {
    id: "SNS-01",
    severity: E,
    check: sns01NoPublicOrForeignPrincipals,
    explanation: "Topic policies allow neither '*' nor other accounts.",
  },
];

/** The pack's rule ids, in table order. */
export const POLICY_RULE_IDS: readonly string[] = POLICY_PACK.map((rule) => rule.id);

/** The rule with an id, if the pack has it. */
export function findRule(id: string): PackRule | undefined {
  return POLICY_PACK.find((rule) => rule.id === id);
}

/** A rule's severity in an environment. */
export function severityOf(rule: PackRule, production: boolean): Severity {
  return production && rule.productionSeverity ? rule.productionSeverity : rule.severity;
}

/**
 * True when no environment lets the rule be suppressed: it is unsuppressible in production or
 * elsewhere.
 */
export function isUnsuppressible(rule: PackRule): boolean {
  return (
    rule.severity === "error-unsuppressible" || rule.productionSeverity === "error-unsuppressible"
  );
}
