/**
 * Minimal compliant building blocks for policy tests. Each builder makes a resource that passes
 * every rule; a test changes one thing to make it fail exactly one rule.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EcsService, type EcsServiceConfig } from "@cdktf/provider-aws/lib/ecs-service";
import {
  EcsTaskDefinition,
  type EcsTaskDefinitionConfig,
} from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Elb, type ElbConfig } from "@cdktf/provider-aws/lib/elb";
import { Lb, type LbConfig } from "@cdktf/provider-aws/lib/lb";
import { LbListener, type LbListenerConfig } from "@cdktf/provider-aws/lib/lb-listener";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import {
  ServiceDiscoveryService,
  type ServiceDiscoveryServiceConfig,
} from "@cdktf/provider-aws/lib/service-discovery-service";
import {
  VpcSecurityGroupIngressRule,
  type VpcSecurityGroupIngressRuleConfig,
} from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AnnotationMetadataEntryType, App, Testing, TerraformStack } from "cdktf";
import { PolicyChecks, type PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import type { PolicyReport, ReportRow } from "../../modules/policy/report";

export const ACCOUNT = "123456789012";

/** A test stack with a compliant GovCloud provider and the policy checks applied. */
export interface Fixture {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly provider: AwsProvider;
  /** `${data.aws_partition.partition.partition}` */
  readonly partition: string;
}

/** A new app and stack named `test`, with a compliant provider and the pack applied. */
export function fixture(
  options: Partial<PolicyChecksOptions> = {},
  provider: Partial<AwsProviderConfig> = {},
): Fixture {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  const aws = new AwsProvider(stack, "aws", {
    region: "us-gov-west-1",
    useFipsEndpoint: true,
    allowedAccountIds: [ACCOUNT],
    defaultTags: [
      { tags: { Environment: "test", Application: "milmove", Automation: "Terraform" } },
    ],
    ...provider,
  });
  PolicyChecks.applyTo(stack, { production: false, ...options });
  const partition = new DataAwsPartition(stack, "partition").partition;
  return { app, stack, provider: aws, partition };
}

/** The outcome of synthesizing a fixture. */
export interface Synthesized {
  /** The synthesis error (error annotations), if any. */
  readonly error?: string;
  readonly report: PolicyReport;
  /** Output directory, when synthesis succeeded. */
  readonly outdir?: string;
}

/** Synthesizes with `Testing.fullSynth`, capturing the error instead of throwing. */
export function synth(stack: TerraformStack): Synthesized {
  let error: string | undefined;
  let outdir: string | undefined;
  try {
    outdir = Testing.fullSynth(stack);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const report = PolicyChecks.reportOf(stack);
  if (!report)
    throw new Error(`no policy report for stack ${stack.node.id}${error ? `: ${error}` : ""}`);
  return { error, report, outdir };
}

/** The report row of a rule and a subject address. */
export function row(report: PolicyReport, rule: string, subject: string): ReportRow {
  const found = report.results.find((r) => r.rule === rule && r.subject === subject);
  if (!found) throw new Error(`no report row for ${rule} x ${subject}`);
  return found;
}

/** A compliant customer-managed key. */
export function key(f: Fixture, id = "key"): KmsKey {
  return new KmsKey(f.stack, id, {
    description: "test key",
    enableKeyRotation: true,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: `arn:${f.partition}:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    }),
  });
}

/** A compliant log group (365 days, customer-managed key). */
export function logGroup(f: Fixture, id = "logs"): CloudwatchLogGroup {
  return new CloudwatchLogGroup(f.stack, id, {
    name: `/test/${id}`,
    retentionInDays: 365,
    kmsKeyId: key(f, `${id}-key`).arn,
  });
}

/** A trust policy for ECS tasks of the account. */
export function trustPolicy(statement: object = {}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        ...statement,
      },
    ],
  });
}

/** A compliant role trusted by ECS tasks. */
export function role(f: Fixture, id: string): IamRole {
  return new IamRole(f.stack, id, { name: id, assumeRolePolicy: trustPolicy() });
}

/** A compliant container definition (merge `overrides` into it). */
export function container(
  logs: CloudwatchLogGroup,
  overrides: object = {},
): Record<string, unknown> {
  return {
    name: "app",
    image: "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/flipt:v1",
    user: "1000:1000",
    readonlyRootFilesystem: true,
    environment: [{ name: "FLIPT_LOG_LEVEL", value: "INFO" }],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logs.name,
        "awslogs-region": "us-gov-west-1",
        "awslogs-stream-prefix": "app",
      },
    },
    ...overrides,
  };
}

/** A compliant Fargate task definition; `containers` replaces the default container. */
export function taskDefinition(
  f: Fixture,
  options: {
    containers?: (logs: CloudwatchLogGroup) => object[];
    props?: Partial<EcsTaskDefinitionConfig>;
  } = {},
): EcsTaskDefinition {
  const logs = logGroup(f);
  return new EcsTaskDefinition(f.stack, "td", {
    family: "test",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: role(f, "execution").arn,
    taskRoleArn: role(f, "task").arn,
    containerDefinitions: JSON.stringify(
      options.containers ? options.containers(logs) : [container(logs)],
    ),
    ...options.props,
  });
}

/** A compliant ECS service. */
export function service(f: Fixture, props: Partial<EcsServiceConfig> = {}): EcsService {
  return new EcsService(f.stack, "svc", {
    name: "test",
    taskDefinition: "test:1",
    launchType: "FARGATE",
    networkConfiguration: { subnets: ["subnet-12345678"], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
    ...props,
  });
}

/** Parts of a compliant bucket a test can leave out. */
export type BucketPart =
  | "publicAccessBlock"
  | "encryption"
  | "versioning"
  | "logging"
  | "ownership"
  | "policy";

/** A compliant bucket with all its companions, except the `omit`ted ones. */
export function bucket(
  f: Fixture,
  omit: BucketPart[] = [],
  policyStatements: object[] = [],
): S3Bucket {
  const b = new S3Bucket(f.stack, "bucket", { bucket: "test-bucket" });
  const has = (part: BucketPart): boolean => !omit.includes(part);
  if (has("publicAccessBlock")) {
    new S3BucketPublicAccessBlock(f.stack, "pab", {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (has("encryption")) {
    new S3BucketServerSideEncryptionConfigurationA(f.stack, "sse", {
      bucket: b.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: key(f, "bucket-key").arn,
          },
        },
      ],
    });
  }
  if (has("versioning")) {
    new S3BucketVersioningA(f.stack, "versioning", {
      bucket: b.id,
      versioningConfiguration: { status: "Enabled" },
    });
  }
  if (has("logging"))
    new S3BucketLoggingA(f.stack, "logging", {
      bucket: b.id,
      targetBucket: "access-logs",
      targetPrefix: "x/",
    });
  if (has("ownership")) {
    new S3BucketOwnershipControls(f.stack, "ownership", {
      bucket: b.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
  }
  if (has("policy")) {
    new S3BucketPolicy(f.stack, "policy", {
      bucket: b.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [b.arn, `${b.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...policyStatements,
        ],
      }),
    });
  }
  return b;
}

/** An inline role policy `policy` on a compliant role, with the given statements. */
export function rolePolicy(f: Fixture, statements: object[]): IamRolePolicy {
  return new IamRolePolicy(f.stack, "policy", {
    role: role(f, "role").id,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  });
}

/** A statement that passes every IAM rule. */
export function narrowStatement(f: Fixture): object {
  return {
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: `arn:${f.partition}:s3:::test-bucket/*`,
  };
}

/** A described security group `sg` without inline rules. */
export function securityGroup(f: Fixture): SecurityGroup {
  return new SecurityGroup(f.stack, "sg", {
    name: "test",
    description: "Flipt tasks",
    vpcId: "vpc-12345678",
  });
}

/** A compliant ingress rule `in`: 8080 from another security group. */
export function ingressRule(
  f: Fixture,
  props: Partial<VpcSecurityGroupIngressRuleConfig> = {},
): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(f.stack, "in", {
    securityGroupId: securityGroup(f).id,
    referencedSecurityGroupId: "sg-12345678",
    ipProtocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
    description: "from the app",
    ...props,
  });
}

/** A compliant internal application load balancer `lb`. */
export function loadBalancer(f: Fixture, props: Partial<LbConfig> = {}): Lb {
  return new Lb(f.stack, "lb", {
    name: "test",
    internal: true,
    loadBalancerType: "application",
    subnets: ["subnet-12345678", "subnet-87654321"],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: "access-logs", enabled: true },
    ...props,
  });
}

/** An internal classic load balancer `classic` with one HTTPS listener. */
export function classicLoadBalancer(f: Fixture, props: Partial<ElbConfig> = {}): Elb {
  return new Elb(f.stack, "classic", {
    name: "classic",
    subnets: ["subnet-12345678"],
    internal: true,
    listener: [
      {
        instancePort: 8080,
        instanceProtocol: "http",
        lbPort: 443,
        lbProtocol: "https",
        sslCertificateId: `arn:${f.partition}:acm:us-gov-west-1:${ACCOUNT}:certificate/abc`,
      },
    ],
    ...props,
  });
}

/** A compliant HTTPS listener `https` on a compliant load balancer. */
export function listener(f: Fixture, props: Partial<LbListenerConfig> = {}): LbListener {
  return new LbListener(f.stack, "https", {
    loadBalancerArn: loadBalancer(f).arn,
    port: 443,
    protocol: "HTTPS",
    certificateArn: `arn:${f.partition}:acm:us-gov-west-1:${ACCOUNT}:certificate/abc`,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    defaultAction: [
      { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
    ],
    ...props,
  });
}

/** A compliant Cloud Map private namespace and discovery service `discovery`. */
export function discovery(
  f: Fixture,
  props: Partial<ServiceDiscoveryServiceConfig> = {},
): ServiceDiscoveryService {
  const namespace = new ServiceDiscoveryPrivateDnsNamespace(f.stack, "namespace", {
    name: "svc-test.local",
    vpc: "vpc-12345678",
  });
  return new ServiceDiscoveryService(f.stack, "discovery", {
    name: "flipt",
    dnsConfig: {
      namespaceId: namespace.id,
      routingPolicy: "MULTIVALUE",
      dnsRecords: [{ type: "A", ttl: 10 }],
    },
    healthCheckCustomConfig: { failureThreshold: 1 },
    ...props,
  });
}

/** Warning annotations anywhere in a stack. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === AnnotationMetadataEntryType.WARN)
    .map((m) => String(m.data));
}
