/**
 * Minimal compliant building blocks for policy tests. Each builder makes a resource that passes
 * every rule; a test changes one thing to make it fail exactly one rule.
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
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
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import {
  VpcSecurityGroupIngressRule,
  type VpcSecurityGroupIngressRuleConfig,
} from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AnnotationMetadataEntryType, App, Testing, TerraformStack } from "cdktf";
import { PolicyChecks, type PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import type { PolicyReport, ReportRow } from "../../modules/policy/report";
import { continuePastErrorAnnotations } from "../../modules/private/cdktf-adapter";
import { conventional } from "../helpers";

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
  PolicyChecks.applyTo(stack, {
    environment: conventional("demo"),
    stackName: "test",
    ...options,
  });
  const partition = new DataAwsPartition(stack, "partition").partition;
  return { app, stack, provider: aws, partition };
}

/** The outcome of synthesizing a fixture. */
export interface Synthesized {
  /** The synthesis error (error annotations), if any. */
  readonly error?: string;
  readonly report: PolicyReport;
  /** Output directory (written despite errors; the product's synth refuses them). */
  readonly outdir: string;
}

/**
 * Synthesizes with `Testing.fullSynth`, collecting the error annotations instead of throwing.
 * A bare test stack is no Flipt stack: the contract (CON-01, tested in contract.test.ts) refuses
 * it whole. These tests judge the other rules, so its findings are left out of `error`.
 */
export function synth(stack: TerraformStack): Synthesized {
  continuePastErrorAnnotations(stack);
  const outdir = Testing.fullSynth(stack);
  const errors = stack.node
    .findAll()
    .flatMap((node) =>
      node.node.metadata
        .filter((entry) => entry.type === AnnotationMetadataEntryType.ERROR)
        .map((entry) => `[${node.node.path}] ${String(entry.data)}`),
    )
    .filter((line) => !line.includes("[CON-01]"));
  const report = PolicyChecks.reportOf(stack);
  if (!report) throw new Error(`no policy report for stack ${stack.node.id}`);
  return { error: errors.length > 0 ? errors.join("\n") : undefined, report, outdir };
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

/** Warning annotations anywhere in a stack. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === AnnotationMetadataEntryType.WARN)
    .map((m) => String(m.data));
}
