/**
 * Every rule of the pack, both ways: each compliant fixture synthesizes without errors and the
 * report shows the rule *compliant* for the subject (so the rule really ran on it); each
 * non-compliant fixture fails `Testing.fullSynth` with the rule id, stack, address and finding
 * (warnings: annotated, synthesis passes).
 */
import "cdktf/lib/testing/adapters/jest";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { ServiceDiscoveryPublicDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-public-dns-namespace";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsEcrImage } from "@cdktf/provider-aws/lib/data-aws-ecr-image";
import { DataAwsEcrRepository } from "@cdktf/provider-aws/lib/data-aws-ecr-repository";
import { DataAwsInstance } from "@cdktf/provider-aws/lib/data-aws-instance";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { TerraformIterator, TerraformVariable } from "cdktf";
import { POLICY_RULE_IDS } from "../../modules/policy/pack";
import type { PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import {
  ACCOUNT,
  bucket,
  container,
  discovery,
  fixture,
  ingressRule,
  key,
  listener,
  loadBalancer,
  logGroup,
  narrowStatement,
  role,
  rolePolicy,
  row,
  securityGroup,
  service,
  synth,
  taskDefinition,
  trustPolicy,
  warnings,
  type Fixture,
  classicLoadBalancer,
} from "./fixtures";

interface Variant {
  readonly name: string;
  readonly build: (f: Fixture) => void;
  /** Subject address, when not the case's. */
  readonly subject?: string;
  readonly options?: Partial<PolicyChecksOptions>;
  readonly provider?: Partial<AwsProviderConfig>;
}

interface Violation extends Variant {
  /** The finding id expected. */
  readonly finding: string;
}

interface RuleCase {
  readonly rule: string;
  readonly subject: string;
  readonly compliant: readonly Variant[];
  readonly nonCompliant: readonly Violation[];
}

const TD = "aws_ecs_task_definition.td";
const SVC = "aws_ecs_service.svc";
const POLICY = "aws_iam_role_policy.policy";
const BUCKET = "aws_s3_bucket.bucket";
const LB = "aws_lb.lb";
const LISTENER = "aws_lb_listener.https";

/** A task definition whose one container is the compliant one with `overrides`. */
const withContainer = (overrides: (f: Fixture) => object) => (f: Fixture) =>
  void taskDefinition(f, { containers: (logs) => [container(logs, overrides(f))] });

const lbWith = (props: object) => (f: Fixture) => void loadBalancer(f, props);

/** A policy `tp` on an alarm topic of the account, letting `principal` publish. */
const topicPolicy = (f: Fixture, principal: unknown): SnsTopicPolicy => {
  const arn = `arn:${f.partition}:sns:us-gov-west-1:${ACCOUNT}:alerts`;
  return new SnsTopicPolicy(f.stack, "tp", {
    arn,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: principal, Action: "sns:Publish", Resource: arn }],
    }),
  });
};

/** An EventBridge rule of the account's bus with one target `target`. */
const eventTarget = (f: Fixture, arn: string): CloudwatchEventTarget => {
  const rule = new CloudwatchEventRule(f.stack, "rule", {
    name: "flipt-events",
    eventPattern: JSON.stringify({ source: ["aws.ecs"] }),
  });
  return new CloudwatchEventTarget(f.stack, "target", { rule: rule.name, arn });
};

/** `${var.<name>}`: a string only known at plan time. */
const variable = (f: Fixture, name: string): string =>
  new TerraformVariable(f.stack, name, { type: "string" }).stringValue;

/** `${var.account_id}`, pinned by the provider's allowed_account_ids as the product does. */
const accountVariable = (f: Fixture): string => {
  const account = variable(f, "account_id");
  f.provider.addOverride("allowed_account_ids", [account]);
  return account;
};

const CASES: readonly RuleCase[] = [
  {
    rule: "ECS-01",
    subject: TD,
    compliant: [
      { name: "read-only root", build: (f) => void taskDefinition(f) },
      {
        name: "PascalCase key",
        build: withContainer(() => ({
          readonlyRootFilesystem: undefined,
          ReadonlyRootFilesystem: true,
        })),
      },
    ],
    nonCompliant: [
      {
        name: "a later key differing only by case turns it off (Go decodes the last)",
        finding: "app",
        build: withContainer(() => ({ ReadonlyRootFilesystem: false })),
      },
      {
        name: "keys colliding only by case are reported",
        finding: "Case::app/readonlyRootFilesystem",
        build: withContainer(() => ({ ReadonlyRootFilesystem: true })),
      },
      {
        name: "writable root",
        finding: "app",
        build: withContainer(() => ({ readonlyRootFilesystem: false })),
      },
      {
        name: "unset",
        finding: "app",
        build: withContainer(() => ({ readonlyRootFilesystem: undefined })),
      },
    ],
  },
  {
    rule: "ECS-02",
    subject: TD,
    compliant: [{ name: "not privileged", build: withContainer(() => ({ privileged: false })) }],
    nonCompliant: [
      {
        name: "privileged in PascalCase",
        finding: "app",
        build: withContainer(() => ({ Privileged: true })),
      },
      {
        name: "privileged not a boolean",
        finding: "Invalid::app.privileged",
        build: withContainer(() => ({ privileged: "yes" })),
      },
      { name: "privileged", finding: "app", build: withContainer(() => ({ privileged: true })) },
    ],
  },
  {
    rule: "ECS-03",
    subject: TD,
    compliant: [{ name: "uid 1000", build: (f) => void taskDefinition(f) }],
    nonCompliant: [
      {
        name: 'a later User "0" wins',
        finding: "app",
        build: withContainer(() => ({ User: "0" })),
      },
      {
        name: "a later key with a long s (Go folds it to user)",
        finding: "app",
        build: withContainer(() => ({ "u\u017fer": "0" })),
      },
      { name: "root", finding: "app", build: withContainer(() => ({ user: "root" })) },
      { name: "uid 0", finding: "app", build: withContainer(() => ({ user: "0:0" })) },
      { name: "no user", finding: "app", build: withContainer(() => ({ user: undefined })) },
    ],
  },
  {
    rule: "ECS-04",
    subject: TD,
    compliant: [{ name: "awsvpc", build: (f) => void taskDefinition(f) }],
    nonCompliant: [
      {
        name: "bridge",
        finding: "NetworkMode::bridge",
        build: (f) => void taskDefinition(f, { props: { networkMode: "bridge" } }),
      },
      {
        name: "host pid",
        finding: "pid_mode::host",
        build: (f) => void taskDefinition(f, { props: { pidMode: "host" } }),
      },
    ],
  },
  {
    rule: "ECS-05",
    subject: TD,
    compliant: [
      {
        name: "flags and levels only",
        build: withContainer(() => ({
          environment: [
            { name: "FLIPT_LOG_LEVEL", value: "INFO" },
            { name: "FLIPT_AUTHENTICATION_METHODS_TOKEN_ENABLED", value: "true" },
          ],
        })),
      },
    ],
    nonCompliant: [
      {
        name: "PascalCase Environment, Name and Value",
        finding: "Env::app/DB_PASSWORD",
        build: withContainer(() => ({
          environment: undefined,
          Environment: [{ Name: "DB_PASSWORD", Value: "hunter2hunter2" }],
        })),
      },
      {
        name: "password variable",
        finding: "Env::app/DB_PASSWORD",
        build: withContainer(() => ({
          environment: [{ name: "DB_PASSWORD", value: "hunter2hunter2" }],
        })),
      },
      {
        name: "URL with a password",
        finding: "Env::app/FLIPT_DB_URL",
        build: withContainer(() => ({
          environment: [{ name: "FLIPT_DB_URL", value: "postgres://flipt:s3cret@db:5432/flipt" }],
        })),
      },
    ],
  },
  {
    rule: "ECS-06",
    subject: TD,
    compliant: [
      {
        name: "partition-built SSM ARN",
        build: withContainer((f) => ({
          secrets: [
            {
              name: "DB",
              valueFrom: `arn:${f.partition}:ssm:us-gov-west-1:${ACCOUNT}:parameter/flipt/db`,
            },
          ],
        })),
      },
      {
        name: "literal GovCloud Secrets Manager ARN",
        build: withContainer(() => ({
          secrets: [
            {
              name: "DB",
              valueFrom: `arn:aws-us-gov:secretsmanager:us-gov-west-1:${ACCOUNT}:secret:db`,
            },
          ],
        })),
      },
    ],
    nonCompliant: [
      {
        name: "PascalCase Secrets and ValueFrom",
        finding: "Secret::app/DB",
        build: withContainer(() => ({
          Secrets: [{ Name: "DB", ValueFrom: "arn:aws-us-gov:s3:::bucket/db.txt" }],
        })),
      },
      {
        name: "wrong partition",
        finding: "Secret::app/DB",
        options: { partition: "aws-us-gov" },
        build: withContainer(() => ({
          secrets: [{ name: "DB", valueFrom: `arn:aws-cn:ssm:cn-north-1:${ACCOUNT}:parameter/db` }],
        })),
      },
      {
        name: "not a secret store",
        finding: "Secret::app/DB",
        build: withContainer(() => ({
          secrets: [{ name: "DB", valueFrom: "arn:aws-us-gov:s3:::bucket/db.txt" }],
        })),
      },
    ],
  },
  {
    rule: "ECS-07",
    subject: TD,
    compliant: [
      {
        name: "PascalCase keys; option keys are data, not folded",
        build: withContainer(() => ({
          logConfiguration: undefined,
          LogConfiguration: {
            LogDriver: "awslogs",
            Options: { "awslogs-group": "/test/logs", "awslogs-region": "us-gov-west-1" },
          },
        })),
      },
      { name: "awslogs to the stack's group by name", build: (f) => void taskDefinition(f) },
      {
        name: "awslogs to the stack's group by reference",
        build: (f) => {
          const other = logGroup(f, "other");
          const logConfiguration = {
            logDriver: "awslogs",
            options: { "awslogs-group": other.name },
          };
          taskDefinition(f, { containers: (logs) => [container(logs, { logConfiguration })] });
        },
      },
    ],
    nonCompliant: [
      {
        name: "a later LogConfiguration with another driver wins",
        finding: "app",
        build: withContainer(() => ({ LogConfiguration: { LogDriver: "json-file" } })),
      },
      {
        name: "no log configuration",
        finding: "app",
        build: withContainer(() => ({ logConfiguration: undefined })),
      },
      {
        name: "a group outside the stack",
        finding: "app",
        build: withContainer(() => ({
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/elsewhere" } },
        })),
      },
      {
        name: "another driver",
        finding: "app",
        build: withContainer(() => ({ logConfiguration: { logDriver: "json-file" } })),
      },
    ],
  },
  {
    rule: "ECS-08",
    subject: TD,
    compliant: [{ name: "separate roles", build: (f) => void taskDefinition(f) }],
    nonCompliant: [
      {
        name: "same role",
        finding: "SameRole",
        build: (f) =>
          taskDefinition(f).addOverride("task_role_arn", "${aws_iam_role.execution.arn}"),
      },
    ],
  },
  {
    rule: "ECS-09",
    subject: SVC,
    compliant: [{ name: "no public IP", build: (f) => void service(f) }],
    nonCompliant: [
      {
        name: "public IP",
        finding: "PublicIp",
        build: (f) =>
          void service(f, {
            networkConfiguration: { subnets: ["subnet-12345678"], assignPublicIp: true },
          }),
      },
    ],
  },
  {
    rule: "ECS-10",
    subject: SVC,
    compliant: [
      { name: "unset", build: (f) => void service(f) },
      { name: "LATEST", build: (f) => void service(f, { platformVersion: "LATEST" }) },
    ],
    nonCompliant: [
      {
        name: "pinned",
        finding: "PlatformVersion",
        build: (f) => void service(f, { platformVersion: "1.3.0" }),
      },
    ],
  },
  {
    rule: "ECS-11",
    subject: SVC,
    compliant: [
      {
        name: 'exec off as the string "0"',
        build: (f) => service(f).addOverride("enable_execute_command", "0"),
      },
      { name: "exec off", build: (f) => void service(f, { enableExecuteCommand: false }) },
      {
        name: "exec allowed here",
        options: { allowExecuteCommand: true },
        build: (f) => void service(f, { enableExecuteCommand: true }),
      },
    ],
    nonCompliant: [
      {
        name: 'exec on as the string "1"',
        finding: "ExecuteCommand",
        build: (f) => service(f).addOverride("enable_execute_command", "1"),
      },
      {
        name: "exec flag not a boolean",
        finding: "Invalid::enable_execute_command",
        build: (f) => service(f).addOverride("enable_execute_command", "yes"),
      },
      {
        name: "exec on",
        finding: "ExecuteCommand",
        build: (f) => void service(f, { enableExecuteCommand: true }),
      },
    ],
  },
  {
    rule: "ECS-12",
    subject: SVC,
    compliant: [{ name: "breaker with rollback", build: (f) => void service(f) }],
    nonCompliant: [
      {
        name: "no rollback",
        finding: "CircuitBreaker::rollback",
        build: (f) =>
          void service(f, { deploymentCircuitBreaker: { enable: true, rollback: false } }),
      },
      {
        name: "no breaker",
        finding: "CircuitBreaker::enable",
        build: (f) => void service(f, { deploymentCircuitBreaker: undefined }),
      },
    ],
  },
  {
    rule: "ECS-13",
    subject: TD,
    compliant: [
      { name: "the account's ECR by literal host and tag", build: (f) => void taskDefinition(f) },
      {
        name: "repository_url of an ECR data source and a tag",
        build: (f) => {
          const repo = new DataAwsEcrRepository(f.stack, "repo", { name: "flipt" });
          withContainer(() => ({ image: `${repo.repositoryUrl}:v1.61.1` }))(f);
        },
      },
      {
        name: "repository_url and the digest of an aws_ecr_image data source",
        build: (f) => {
          const repo = new DataAwsEcrRepository(f.stack, "repo", { name: "flipt" });
          const img = new DataAwsEcrImage(f.stack, "img", {
            repositoryName: "flipt",
            imageTag: "v1.61.1",
          });
          withContainer(() => ({ image: `${repo.repositoryUrl}@${img.imageDigest}` }))(f);
        },
      },
      {
        name: "image_uri of an aws_ecr_image pinned by digest",
        build: (f) => {
          const img = new DataAwsEcrImage(f.stack, "img", {
            repositoryName: "flipt",
            imageDigest: `sha256:${"a".repeat(64)}`,
          });
          withContainer(() => ({ image: img.imageUri }))(f);
        },
      },
    ],
    nonCompliant: [
      {
        name: "a public registry",
        finding: "Registry::app",
        build: withContainer(() => ({ image: "docker.flipt.io/flipt/flipt:v1.61.1" })),
      },
      {
        name: "ECR Public",
        finding: "Registry::app",
        build: withContainer(() => ({ image: "public.ecr.aws/flipt/flipt:v1.61.1" })),
      },
      {
        name: "another account's ECR",
        finding: "Registry::app",
        build: withContainer(() => ({
          image: "999999999999.dkr.ecr.us-gov-west-1.amazonaws.com/flipt:v1.61.1",
        })),
      },
      {
        name: "latest",
        finding: "Tag::app",
        build: withContainer(() => ({
          image: `${ACCOUNT}.dkr.ecr.us-gov-west-1.amazonaws.com/flipt:latest`,
        })),
      },
      {
        name: "LATEST, any case",
        finding: "Tag::app",
        build: (f) => {
          const repo = new DataAwsEcrRepository(f.stack, "repo", { name: "flipt" });
          withContainer(() => ({ image: `${repo.repositoryUrl}:LATEST` }))(f);
        },
      },
      {
        name: "no tag (latest)",
        finding: "Tag::app",
        build: withContainer(() => ({
          image: `${ACCOUNT}.dkr.ecr.us-gov-west-1.amazonaws.com/flipt`,
        })),
      },
      {
        name: "a data source naming another registry",
        finding: "Registry::app",
        build: (f) => {
          const repo = new DataAwsEcrRepository(f.stack, "repo", {
            name: "flipt",
            registryId: "999999999999",
          });
          withContainer(() => ({ image: `${repo.repositoryUrl}:v1.61.1` }))(f);
        },
      },
      {
        name: "an aws_ecr_image following the latest push",
        finding: "Tag::app",
        build: (f) => {
          const img = new DataAwsEcrImage(f.stack, "img", {
            repositoryName: "flipt",
            mostRecent: true,
          });
          withContainer(() => ({ image: img.imageUri }))(f);
        },
      },
      {
        name: "an image from a variable",
        finding: "Unresolved::app.image",
        build: (f) => withContainer(() => ({ image: variable(f, "image") }))(f),
      },
    ],
  },
  {
    rule: "ECS-14",
    subject: TD,
    compliant: [
      {
        name: "every capability dropped",
        build: withContainer(() => ({ linuxParameters: { capabilities: { drop: ["ALL"] } } })),
      },
    ],
    nonCompliant: [
      {
        name: "SYS_PTRACE added",
        finding: "Capability::app/SYS_PTRACE",
        build: withContainer(() => ({
          linuxParameters: { capabilities: { add: ["SYS_PTRACE"], drop: ["ALL"] } },
        })),
      },
      {
        name: "added in PascalCase keys (ECS reads them)",
        finding: "Capability::app/NET_ADMIN",
        build: withContainer(() => ({
          LinuxParameters: { Capabilities: { Add: ["NET_ADMIN"] } },
        })),
      },
    ],
  },
  {
    rule: "IAM-01",
    subject: POLICY,
    compliant: [
      { name: "named action and resource", build: (f) => void rolePolicy(f, [narrowStatement(f)]) },
      {
        name: "policy document data source",
        build: (f) => {
          const doc = new DataAwsIamPolicyDocument(f.stack, "doc", {
            statement: [{ actions: ["s3:GetObject"], resources: [`arn:${f.partition}:s3:::b/*`] }],
          });
          new IamRolePolicy(f.stack, "policy", { role: role(f, "role").id, policy: doc.json });
        },
      },
    ],
    nonCompliant: [
      {
        name: "action and resource from variables",
        finding: "Unresolved::policy.Statement[0].Action",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: variable(f, "action"), Resource: variable(f, "resource") },
          ]),
      },
      {
        name: "* on a resource from a variable",
        finding: "Unresolved::policy.Statement[0].Resource",
        build: (f) =>
          void rolePolicy(f, [{ Effect: "Allow", Action: "*", Resource: variable(f, "r") }]),
      },
      {
        name: "lists from a variable in a policy document data source",
        finding: "Unresolved::policy.Statement[0].Action",
        build: (f) => {
          const list = new TerraformVariable(f.stack, "list", { type: "list(string)" });
          const doc = new DataAwsIamPolicyDocument(f.stack, "doc", {
            statement: [{ actions: list.listValue, resources: ["*"] }],
          });
          new IamRolePolicy(f.stack, "policy", { role: role(f, "role").id, policy: doc.json });
        },
      },
      {
        name: "NotAction on *",
        finding: "NotAction::iam:*",
        build: (f) => void rolePolicy(f, [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]),
      },
      {
        name: "* on NotResource",
        finding: "NotResource::arn:aws-us-gov:s3:::secret/*",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: "*", NotResource: "arn:aws-us-gov:s3:::secret/*" },
          ]),
      },
      {
        name: "* on * in a policy document data source",
        finding: "Action::*",
        build: (f) => {
          const doc = new DataAwsIamPolicyDocument(f.stack, "doc", {
            statement: [{ actions: ["*"], resources: ["*"] }],
          });
          new IamRolePolicy(f.stack, "policy", { role: role(f, "role").id, policy: doc.json });
        },
      },
      {
        name: "* on *",
        finding: "Action::*",
        build: (f) => void rolePolicy(f, [{ Effect: "Allow", Action: "*", Resource: "*" }]),
      },
    ],
  },
  {
    rule: "IAM-02",
    subject: POLICY,
    compliant: [
      { name: "named action", build: (f) => void rolePolicy(f, [narrowStatement(f)]) },
      {
        name: "deny s3:*",
        build: (f) =>
          void rolePolicy(f, [
            narrowStatement(f),
            { Effect: "Deny", Action: "s3:*", Resource: "*" },
          ]),
      },
    ],
    nonCompliant: [
      {
        name: "action from a variable",
        finding: "Unresolved::policy.Statement[0].Action",
        build: (f) =>
          void rolePolicy(f, [
            {
              Effect: "Allow",
              Action: variable(f, "action"),
              Resource: `arn:${f.partition}:s3:::test-bucket`,
            },
          ]),
      },
      {
        name: "service wildcard",
        finding: "Action::s3:*",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: ["s3:*"], Resource: `arn:${f.partition}:s3:::test-bucket` },
          ]),
      },
      {
        name: "service wildcard in a role's inline_policy",
        subject: "aws_iam_role.inline",
        finding: "Action::s3:*",
        build: (f) =>
          void new IamRole(f.stack, "inline", {
            assumeRolePolicy: trustPolicy(),
            inlinePolicy: [
              {
                name: "x",
                policy: JSON.stringify({
                  Statement: [
                    { Effect: "Allow", Action: "s3:*", Resource: `arn:${f.partition}:s3:::b` },
                  ],
                }),
              },
            ],
          }),
      },
      {
        name: "NotAction",
        finding: "NotAction::iam:*",
        build: (f) =>
          void rolePolicy(f, [
            {
              Effect: "Allow",
              NotAction: "iam:*",
              Resource: `arn:${f.partition}:s3:::test-bucket`,
            },
          ]),
      },
    ],
  },
  {
    rule: "IAM-03",
    subject: POLICY,
    compliant: [
      { name: "named resource", build: (f) => void rolePolicy(f, [narrowStatement(f)]) },
      {
        name: "ARN templates: partition, the provider's account variable, stack references",
        build: (f) => {
          const account = accountVariable(f);
          const logs = logGroup(f);
          rolePolicy(f, [
            {
              Effect: "Allow",
              Action: "logs:PutLogEvents",
              Resource: [
                `${logs.arn}:log-stream:*`,
                `arn:${f.partition}:logs:us-gov-west-1:${account}:log-group:/test/logs:*`,
              ],
            },
          ]);
        },
      },
    ],
    nonCompliant: [
      {
        name: "resource from a variable",
        finding: "Unresolved::policy.Statement[0].Resource",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: "s3:GetObject", Resource: variable(f, "resource") },
          ]),
      },
      {
        name: "a variable outside the account field of an ARN",
        finding: "Unresolved::policy.Statement[0].Resource",
        build: (f) =>
          void rolePolicy(f, [
            {
              Effect: "Allow",
              Action: "s3:GetObject",
              Resource: `arn:${f.partition}:s3:::${accountVariable(f)}/*`,
            },
          ]),
      },
      {
        name: "an account variable the provider does not pin",
        finding: "Unresolved::policy.Statement[0].Resource",
        build: (f) =>
          void rolePolicy(f, [
            {
              Effect: "Allow",
              Action: "logs:PutLogEvents",
              Resource: `arn:${f.partition}:logs:us-gov-west-1:${variable(f, "other")}:log-group:x`,
            },
          ]),
      },
      {
        name: "resource *",
        finding: "Resource::*::ecr:GetAuthorizationToken",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          ]),
      },
      {
        name: "decrypt on *",
        finding: "SecretRead::kms:Decrypt",
        build: (f) =>
          void rolePolicy(f, [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]),
      },
    ],
  },
  {
    rule: "IAM-04",
    subject: "aws_iam_role_policy_attachment.attach",
    compliant: [
      {
        name: "customer-managed policy",
        build: (f) => {
          const policy = new IamPolicy(f.stack, "managed", {
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [narrowStatement(f)] }),
          });
          new IamRolePolicyAttachment(f.stack, "attach", {
            role: role(f, "role").name,
            policyArn: policy.arn,
          });
        },
      },
    ],
    nonCompliant: [
      {
        name: "AWS-managed policy",
        finding: "Policy::service-role/AmazonECSTaskExecutionRolePolicy",
        build: (f) =>
          void new IamRolePolicyAttachment(f.stack, "attach", {
            role: role(f, "role").name,
            policyArn: `arn:${f.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`,
          }),
      },
      {
        name: "managed_policy_arns on the role",
        subject: "aws_iam_role.managed",
        finding: "Policy::ReadOnlyAccess",
        build: (f) =>
          void new IamRole(f.stack, "managed", {
            assumeRolePolicy: trustPolicy(),
            managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"],
          }),
      },
    ],
  },
  {
    rule: "IAM-05",
    subject: "aws_iam_role.role",
    compliant: [{ name: "ECS tasks with SourceAccount", build: (f) => void role(f, "role") }],
    nonCompliant: [
      {
        name: "no SourceAccount",
        finding: "Condition::aws:SourceAccount",
        build: (f) =>
          void new IamRole(f.stack, "role", {
            assumeRolePolicy: trustPolicy({ Condition: undefined }),
          }),
      },
      {
        name: "anyone",
        finding: "Principal::*",
        build: (f) =>
          void new IamRole(f.stack, "role", {
            assumeRolePolicy: trustPolicy({ Principal: { AWS: "*" } }),
          }),
      },
      {
        name: "another service",
        finding: "Principal::Service:ec2.amazonaws.com",
        build: (f) =>
          void new IamRole(f.stack, "role", {
            assumeRolePolicy: trustPolicy({ Principal: { Service: "ec2.amazonaws.com" } }),
          }),
      },
    ],
  },
  {
    rule: "IAM-06",
    subject: POLICY,
    compliant: [
      {
        name: "PassRole on a named role",
        build: (f) =>
          void rolePolicy(f, [
            {
              Effect: "Allow",
              Action: "iam:PassRole",
              Resource: `arn:${f.partition}:iam::${ACCOUNT}:role/task`,
            },
          ]),
      },
    ],
    nonCompliant: [
      {
        name: "PassRole on a resource from a variable",
        finding: "Unresolved::policy.Statement[0].Resource",
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: "iam:PassRole", Resource: variable(f, "roles") },
          ]),
      },
      {
        name: "PassRole on *",
        finding: "Action::iam:PassRole",
        build: (f) =>
          void rolePolicy(f, [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }]),
      },
    ],
  },
  {
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    compliant: [{ name: "from a security group", build: (f) => void ingressRule(f) }],
    nonCompliant: [
      {
        name: "the VPC's default group, adopted, open to anywhere",
        subject: "aws_default_security_group.default",
        finding: "Cidr::0.0.0.0/0",
        build: (f) =>
          void new DefaultSecurityGroup(f.stack, "default", {
            vpcId: "vpc-12345678",
            ingress: [
              {
                fromPort: 0,
                toPort: 0,
                protocol: "-1",
                cidrBlocks: ["0.0.0.0/0"],
                description: "everyone",
              },
            ],
          }),
      },
      {
        name: "inline ingress from 0.0.0.0/0",
        subject: "aws_security_group.open",
        finding: "Cidr::0.0.0.0/0",
        build: (f) =>
          void new SecurityGroup(f.stack, "open", {
            description: "open group",
            ingress: [
              {
                fromPort: 8080,
                toPort: 8080,
                protocol: "tcp",
                cidrBlocks: ["0.0.0.0/0"],
                description: "everyone",
              },
            ],
          }),
      },
      {
        name: "aws_security_group_rule from 0.0.0.0/0",
        subject: "aws_security_group_rule.open",
        finding: "Cidr::0.0.0.0/0",
        build: (f) =>
          void new SecurityGroupRule(f.stack, "open", {
            type: "ingress",
            securityGroupId: securityGroup(f).id,
            cidrBlocks: ["0.0.0.0/0"],
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "everyone",
          }),
      },
      {
        name: "rule from ::/0",
        finding: "Cidr::::/0",
        build: (f) =>
          void ingressRule(f, { referencedSecurityGroupId: undefined, cidrIpv6: "::/0" }),
      },
    ],
  },
  {
    rule: "SG-02",
    subject: "aws_vpc_security_group_ingress_rule.in",
    compliant: [
      { name: "8080 from a security group", build: (f) => void ingressRule(f) },
      {
        name: "443 from an allowed CIDR",
        options: { allowedIngressCidrs: ["10.0.0.0/8"] },
        build: (f) =>
          void ingressRule(f, {
            referencedSecurityGroupId: undefined,
            cidrIpv4: "10.1.0.0/16",
            fromPort: 443,
            toPort: 443,
          }),
      },
    ],
    nonCompliant: [
      {
        name: "the VPC's default group admitting every protocol",
        subject: "aws_default_security_group.default",
        finding: "Protocol::all",
        build: (f) =>
          void new DefaultSecurityGroup(f.stack, "default", {
            vpcId: "vpc-12345678",
            ingress: [
              {
                fromPort: 0,
                toPort: 0,
                protocol: "-1",
                cidrBlocks: ["0.0.0.0/0"],
                description: "everyone",
              },
            ],
          }),
      },
      {
        name: "ssh",
        finding: "Port::22",
        build: (f) => void ingressRule(f, { fromPort: 22, toPort: 22 }),
      },
      {
        name: "CIDR outside the allowed ones",
        finding: "Cidr::192.168.0.0/16",
        options: { allowedIngressCidrs: ["10.0.0.0/8"] },
        build: (f) =>
          void ingressRule(f, { referencedSecurityGroupId: undefined, cidrIpv4: "192.168.0.0/16" }),
      },
      {
        name: "every protocol",
        finding: "Protocol::all",
        build: (f) =>
          void ingressRule(f, { ipProtocol: "-1", fromPort: undefined, toPort: undefined }),
      },
    ],
  },
  {
    rule: "SG-03",
    subject: "aws_vpc_security_group_egress_rule.out",
    compliant: [
      {
        name: "HTTPS out",
        build: (f) =>
          void new VpcSecurityGroupEgressRule(f.stack, "out", {
            securityGroupId: securityGroup(f).id,
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "AWS APIs",
          }),
      },
    ],
    nonCompliant: [
      {
        name: "the VPC's default group letting everything out",
        subject: "aws_default_security_group.default",
        finding: "Egress::egress[0]",
        build: (f) =>
          void new DefaultSecurityGroup(f.stack, "default", {
            vpcId: "vpc-12345678",
            egress: [
              {
                fromPort: 0,
                toPort: 0,
                protocol: "-1",
                cidrBlocks: ["0.0.0.0/0"],
                description: "anything",
              },
            ],
          }),
      },
      {
        name: "everything out",
        finding: "Egress::all",
        build: (f) =>
          void new VpcSecurityGroupEgressRule(f.stack, "out", {
            securityGroupId: securityGroup(f).id,
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "-1",
            description: "anything",
          }),
      },
    ],
  },
  {
    rule: "SG-04",
    subject: "aws_security_group.sg",
    compliant: [{ name: "described", build: (f) => void securityGroup(f) }],
    nonCompliant: [
      {
        name: "an undescribed rule of the VPC's default group",
        subject: "aws_default_security_group.default",
        finding: "Description::egress[0]",
        build: (f) =>
          void new DefaultSecurityGroup(f.stack, "default", {
            vpcId: "vpc-12345678",
            egress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }],
          }),
      },
      {
        name: "no group description",
        finding: "Description::group",
        build: (f) => void new SecurityGroup(f.stack, "sg", { name: "x" }),
      },
      {
        name: "rule without description",
        subject: "aws_security_group_rule.rule",
        finding: "Description::rule",
        build: (f) =>
          void new SecurityGroupRule(f.stack, "rule", {
            type: "ingress",
            securityGroupId: securityGroup(f).id,
            sourceSecurityGroupId: "sg-12345678",
            protocol: "tcp",
            fromPort: 8080,
            toPort: 8080,
          }),
      },
    ],
  },
  {
    rule: "LOG-01",
    subject: "aws_cloudwatch_log_group.logs",
    compliant: [
      { name: "365 days", build: (f) => void logGroup(f) },
      {
        name: "explicit never-expire (0)",
        build: (f) => logGroup(f).addOverride("retention_in_days", 0),
      },
      {
        name: "custom floor",
        options: { minLogRetentionDays: 90 },
        build: (f) => logGroup(f).addOverride("retention_in_days", 90),
      },
    ],
    nonCompliant: [
      {
        name: "30 days",
        finding: "Retention::30",
        build: (f) => logGroup(f).addOverride("retention_in_days", 30),
      },
      {
        name: "unset",
        finding: "Retention::unset",
        build: (f) => logGroup(f).addOverride("retention_in_days", null),
      },
    ],
  },
  {
    rule: "LOG-02",
    subject: "aws_cloudwatch_log_group.logs",
    compliant: [{ name: "key of the stack", build: (f) => void logGroup(f) }],
    nonCompliant: [
      {
        name: "no key",
        finding: "Key::none",
        build: (f) => logGroup(f).addOverride("kms_key_id", null),
      },
      {
        name: "AWS-managed key",
        finding: "Key::aws-managed",
        build: (f) => logGroup(f).addOverride("kms_key_id", "alias/aws/logs"),
      },
    ],
  },
  {
    rule: "S3-01",
    subject: BUCKET,
    compliant: [{ name: "all four flags", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "a second block for the bucket turns the flags off",
        finding: "PublicAccessBlock::block_public_policy",
        build: (f) => {
          const b = bucket(f);
          new S3BucketPublicAccessBlock(f.stack, "pab2", {
            bucket: b.id,
            blockPublicAcls: false,
            blockPublicPolicy: false,
            ignorePublicAcls: false,
            restrictPublicBuckets: false,
          });
        },
      },
      {
        name: "two blocks for the bucket",
        finding: "PublicAccessBlock::duplicate",
        build: (f) => {
          const b = bucket(f);
          new S3BucketPublicAccessBlock(f.stack, "pab2", {
            bucket: b.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          });
        },
      },
      {
        name: "no block",
        finding: "PublicAccessBlock::missing",
        build: (f) => void bucket(f, ["publicAccessBlock"]),
      },
      {
        name: "one flag off",
        finding: "PublicAccessBlock::restrict_public_buckets",
        build: (f) => {
          const b = bucket(f, ["publicAccessBlock"]);
          new S3BucketPublicAccessBlock(f.stack, "pab", {
            bucket: b.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: false,
          });
        },
      },
    ],
  },
  {
    rule: "S3-02",
    subject: BUCKET,
    compliant: [{ name: "SSE-KMS with the stack's key", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "no encryption configuration",
        finding: "Encryption::missing",
        build: (f) => void bucket(f, ["encryption"]),
      },
      {
        name: "SSE-S3",
        finding: "Encryption::AES256",
        build: (f) => {
          const b = bucket(f, ["encryption"]);
          new S3BucketServerSideEncryptionConfigurationA(f.stack, "sse", {
            bucket: b.id,
            rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
          });
        },
      },
    ],
  },
  {
    rule: "S3-03",
    subject: BUCKET,
    compliant: [{ name: "deny without TLS", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "no bucket policy",
        finding: "BucketPolicy::missing",
        build: (f) => void bucket(f, ["policy"]),
      },
      {
        name: "policy without the deny",
        finding: "SecureTransport",
        build: (f) => {
          const b = bucket(f, ["policy"]);
          new S3BucketPolicy(f.stack, "policy", {
            bucket: b.id,
            policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Deny",
                  Principal: "*",
                  Action: "s3:*",
                  Resource: [b.arn],
                  Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
              ],
            }),
          });
        },
      },
    ],
  },
  {
    rule: "S3-04",
    subject: BUCKET,
    compliant: [{ name: "versioned", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "a second versioning configuration suspends it",
        finding: "Versioning",
        build: (f) =>
          void new S3BucketVersioningA(f.stack, "versioning2", {
            bucket: bucket(f).id,
            versioningConfiguration: { status: "Suspended" },
          }),
      },
      {
        name: "two versioning configurations",
        finding: "Versioning::duplicate",
        build: (f) =>
          void new S3BucketVersioningA(f.stack, "versioning2", {
            bucket: bucket(f).id,
            versioningConfiguration: { status: "Enabled" },
          }),
      },
      {
        name: "not versioned",
        finding: "Versioning",
        build: (f) => void bucket(f, ["versioning"]),
      },
    ],
  },
  {
    rule: "S3-05",
    subject: BUCKET,
    compliant: [{ name: "access logs", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "no access logs",
        finding: "AccessLogging",
        build: (f) => void bucket(f, ["logging"]),
      },
    ],
  },
  {
    rule: "S3-06",
    subject: BUCKET,
    compliant: [{ name: "owner enforced", build: (f) => void bucket(f) }],
    nonCompliant: [
      {
        name: "no ownership controls",
        finding: "Ownership",
        build: (f) => void bucket(f, ["ownership"]),
      },
      {
        name: "an ACL resource",
        subject: "aws_s3_bucket_acl.acl",
        finding: "Acl",
        build: (f) =>
          void new S3BucketAcl(f.stack, "acl", { bucket: bucket(f).id, acl: "private" }),
      },
    ],
  },
  {
    rule: "S3-07",
    subject: "aws_s3_bucket_policy.policy",
    compliant: [
      {
        name: "a role of this account",
        build: (f) =>
          void bucket(
            f,
            [],
            [
              {
                Effect: "Allow",
                Principal: { AWS: `arn:${f.partition}:iam::${ACCOUNT}:role/reader` },
                Action: "s3:GetObject",
                Resource: "*",
              },
            ],
          ),
      },
    ],
    nonCompliant: [
      {
        name: "Allow with NotPrincipal (everyone else)",
        finding: "Principal::*",
        build: (f) =>
          void bucket(
            f,
            [],
            [
              {
                Effect: "Allow",
                NotPrincipal: { AWS: `arn:${f.partition}:iam::${ACCOUNT}:root` },
                Action: "s3:GetObject",
                Resource: "*",
              },
            ],
          ),
      },
      {
        name: "anyone, in the bucket's inline policy argument",
        subject: BUCKET,
        finding: "Principal::*",
        build: (f) =>
          bucket(f).addOverride(
            "policy",
            JSON.stringify({
              Statement: [
                {
                  Effect: "Allow",
                  Principal: "*",
                  Action: "s3:GetObject",
                  Resource: "arn:aws-us-gov:s3:::test-bucket/*",
                },
              ],
            }),
          ),
      },
      {
        name: "anyone",
        finding: "Principal::*",
        build: (f) =>
          void bucket(
            f,
            [],
            [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
          ),
      },
      {
        name: "another account",
        finding: "Principal::arn:${data.aws_partition.partition.partition}:iam::999999999999:root",
        build: (f) =>
          void bucket(
            f,
            [],
            [
              {
                Effect: "Allow",
                Principal: { AWS: `arn:${f.partition}:iam::999999999999:root` },
                Action: "s3:GetObject",
                Resource: "*",
              },
            ],
          ),
      },
    ],
  },
  {
    rule: "ELB-01",
    subject: LB,
    compliant: [{ name: "internal", build: (f) => void loadBalancer(f) }],
    nonCompliant: [
      {
        name: "a classic load balancer, internet-facing by default",
        subject: "aws_elb.classic",
        finding: "InternetFacing",
        build: (f) =>
          // `internal` unset: AWS makes a classic load balancer internet-facing.
          void classicLoadBalancer(f, { internal: undefined }),
      },
      { name: "internet-facing", finding: "InternetFacing", build: lbWith({ internal: false }) },
    ],
  },
  {
    rule: "ELB-02",
    subject: LB,
    compliant: [{ name: "drops invalid headers", build: (f) => void loadBalancer(f) }],
    nonCompliant: [
      {
        name: "keeps invalid headers",
        finding: "DropInvalidHeaders",
        build: lbWith({ dropInvalidHeaderFields: false }),
      },
    ],
  },
  {
    rule: "ELB-03",
    subject: LISTENER,
    compliant: [
      { name: "HTTPS with a certificate", build: (f) => void listener(f) },
      {
        name: "HTTP redirecting to HTTPS",
        build: (f) =>
          void listener(f, {
            port: 80,
            protocol: "HTTP",
            certificateArn: undefined,
            sslPolicy: undefined,
            defaultAction: [
              {
                type: "redirect",
                redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
              },
            ],
          }),
      },
    ],
    nonCompliant: [
      {
        name: "a classic load balancer with a plain HTTP listener",
        subject: "aws_elb.classic",
        finding: "Protocol::HTTP",
        build: (f) =>
          void classicLoadBalancer(f, {
            listener: [
              { instancePort: 8080, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" },
            ],
          }),
      },
      {
        name: "HTTP serving",
        finding: "Protocol::HTTP",
        build: (f) =>
          void listener(f, {
            port: 80,
            protocol: "HTTP",
            certificateArn: undefined,
            sslPolicy: undefined,
          }),
      },
      {
        name: "HTTPS without certificate",
        finding: "Certificate",
        build: (f) => void listener(f, { certificateArn: undefined }),
      },
    ],
  },
  {
    rule: "ELB-04",
    subject: LISTENER,
    compliant: [{ name: "FIPS TLS 1.2+", build: (f) => void listener(f) }],
    nonCompliant: [
      {
        name: "a classic load balancer (no FIPS policy exists for it)",
        subject: "aws_elb.classic",
        finding: "TlsPolicy::classic",
        build: (f) => void classicLoadBalancer(f),
      },
      {
        name: "2016-08",
        finding: "TlsPolicy::ELBSecurityPolicy-2016-08",
        build: (f) => void listener(f, { sslPolicy: "ELBSecurityPolicy-2016-08" }),
      },
      {
        name: "FIPS with TLS 1.0",
        finding: "TlsPolicy::ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
        build: (f) => void listener(f, { sslPolicy: "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04" }),
      },
    ],
  },
  {
    rule: "ELB-05",
    subject: LB,
    compliant: [{ name: "access logs on", build: (f) => void loadBalancer(f) }],
    nonCompliant: [
      {
        name: "a classic load balancer without access logs",
        subject: "aws_elb.classic",
        finding: "AccessLogs",
        build: (f) => void classicLoadBalancer(f),
      },
      { name: "no access logs", finding: "AccessLogs", build: lbWith({ accessLogs: undefined }) },
      {
        name: "bucket but not enabled",
        finding: "AccessLogs",
        build: lbWith({ accessLogs: { bucket: "access-logs" } }),
      },
    ],
  },
  {
    rule: "ELB-06",
    subject: LB,
    compliant: [
      { name: "protected", options: { production: true }, build: (f) => void loadBalancer(f) },
    ],
    nonCompliant: [
      {
        name: "unprotected in production",
        finding: "DeletionProtection",
        options: { production: true },
        build: lbWith({ enableDeletionProtection: false }),
      },
      {
        name: "unprotected elsewhere (warning)",
        finding: "DeletionProtection",
        build: lbWith({ enableDeletionProtection: false }),
      },
    ],
  },
  {
    rule: "ELB-07",
    subject: LB,
    compliant: [
      { name: "default", build: (f) => void loadBalancer(f) },
      { name: "strictest", build: lbWith({ desyncMitigationMode: "strictest" }) },
    ],
    nonCompliant: [
      {
        name: "a classic load balancer in monitor mode",
        subject: "aws_elb.classic",
        finding: "DesyncMitigation::monitor",
        build: (f) => void classicLoadBalancer(f, { desyncMitigationMode: "monitor" }),
      },
      {
        name: "monitor",
        finding: "DesyncMitigation::monitor",
        build: lbWith({ desyncMitigationMode: "monitor" }),
      },
    ],
  },
  {
    rule: "KMS-01",
    subject: "aws_kms_key.key",
    compliant: [
      { name: "rotating, explicit policy", build: (f) => void key(f) },
      {
        name: "the account root through the provider's account variable",
        build: (f) =>
          void new KmsKey(f.stack, "key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { AWS: `arn:${f.partition}:iam::${accountVariable(f)}:root` },
                  Action: "kms:*",
                  Resource: "*",
                },
              ],
            }),
          }),
      },
    ],
    nonCompliant: [
      {
        name: "an empty policy",
        finding: "KeyPolicy::missing",
        build: (f) => void new KmsKey(f.stack, "key", { enableKeyRotation: true, policy: "" }),
      },
      {
        name: "Allow with NotPrincipal (everyone else) without condition",
        finding: "Principal::*",
        build: (f) =>
          void new KmsKey(f.stack, "key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
              Statement: [
                {
                  Effect: "Allow",
                  NotPrincipal: { AWS: `arn:${f.partition}:iam::${ACCOUNT}:role/nobody` },
                  Action: "kms:Decrypt",
                  Resource: "*",
                },
              ],
            }),
          }),
      },
      {
        name: "a principal from a variable without condition",
        finding: "Unresolved::policy.Statement[0].Principal",
        build: (f) =>
          void new KmsKey(f.stack, "key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { AWS: variable(f, "principal") },
                  Action: "kms:Decrypt",
                  Resource: "*",
                },
              ],
            }),
          }),
      },
      {
        name: "no rotation",
        finding: "Rotation",
        build: (f) => key(f).addOverride("enable_key_rotation", false),
      },
      {
        name: "default policy",
        finding: "KeyPolicy::missing",
        build: (f) => void new KmsKey(f.stack, "key", { enableKeyRotation: true }),
      },
      {
        name: "anyone without condition",
        finding: "Principal::*",
        build: (f) =>
          void new KmsKey(f.stack, "key", {
            enableKeyRotation: true,
            policy: JSON.stringify({
              Statement: [
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" },
              ],
            }),
          }),
      },
    ],
  },
  {
    rule: "SSM-01",
    subject: "aws_ssm_parameter.param",
    compliant: [
      {
        name: "SecureString with the stack's key",
        build: (f) =>
          void new SsmParameter(f.stack, "param", {
            name: "/flipt/db-password",
            type: "SecureString",
            value: "x",
            keyId: key(f).arn,
          }),
      },
      {
        name: "plain non-secret String",
        build: (f) =>
          void new SsmParameter(f.stack, "param", {
            name: "/flipt/log-level",
            type: "String",
            value: "INFO",
          }),
      },
    ],
    nonCompliant: [
      {
        name: "SecureString with aws/ssm",
        finding: "Key::none",
        build: (f) =>
          void new SsmParameter(f.stack, "param", {
            name: "/flipt/db-password",
            type: "SecureString",
            value: "x",
          }),
      },
      {
        name: "secret as a String",
        finding: "Type::String",
        build: (f) =>
          void new SsmParameter(f.stack, "param", {
            name: "/flipt/db_password",
            type: "String",
            value: "x",
          }),
      },
    ],
  },
  {
    rule: "GOV-01",
    subject: "stack",
    compliant: [
      { name: "partition-built ARNs", build: (f) => void rolePolicy(f, [narrowStatement(f)]) },
    ],
    nonCompliant: [
      {
        name: "a commercial ARN in a policy",
        finding: POLICY,
        build: (f) =>
          void rolePolicy(f, [
            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::test-bucket/*" },
          ]),
      },
    ],
  },
  {
    rule: "GOV-02",
    subject: "provider.aws",
    compliant: [{ name: "GovCloud with FIPS", build: () => undefined }],
    nonCompliant: [
      {
        name: "commercial region",
        finding: "Region::us-east-1",
        provider: { region: "us-east-1" },
        build: () => undefined,
      },
      {
        name: "no FIPS endpoints",
        finding: "FipsEndpoint",
        provider: { useFipsEndpoint: false },
        build: () => undefined,
      },
    ],
  },
  {
    rule: "GOV-03",
    subject: "aws_cloudwatch_log_group.logs",
    compliant: [
      { name: "a reviewed type, written out", build: (f) => void logGroup(f) },
      {
        name: "a reviewed provider argument",
        subject: "provider.aws",
        build: (f) => f.provider.addOverride("max_retries", 5),
      },
    ],
    nonCompliant: [
      {
        name: "a resource type no rule covers",
        subject: "aws_instance.vm",
        finding: "Type::aws_instance",
        build: (f) =>
          void new Instance(f.stack, "vm", { ami: "ami-12345678", instanceType: "t3.micro" }),
      },
      {
        name: "a data source type no rule covers",
        subject: "data.aws_instance.vm",
        finding: "Type::data.aws_instance",
        build: (f) => void new DataAwsInstance(f.stack, "vm", { instanceId: "i-12345678" }),
      },
      {
        name: "a dynamic block (TerraformIterator.dynamic)",
        subject: "data.aws_iam_policy_document.doc",
        finding: "Dynamic::dynamic.statement",
        build: (f) => {
          const actions = new TerraformVariable(f.stack, "actions", { type: "list(string)" });
          const each = TerraformIterator.fromList(actions.listValue);
          new DataAwsIamPolicyDocument(f.stack, "doc", {
            statement: each.dynamic({ actions: [each.value], resources: ["*"] }),
          });
        },
      },
      {
        name: "a provisioner",
        finding: "Provisioner",
        build: (f) =>
          logGroup(f).addOverride("provisioner", [{ "local-exec": { command: "true" } }]),
      },
      {
        name: "a provider argument nobody reviewed",
        subject: "provider.aws",
        finding: "ProviderArgument::http_proxy",
        build: (f) => f.provider.addOverride("http_proxy", "http://proxy.example:3128"),
      },
      {
        name: "another provider",
        subject: "provider.null",
        finding: "Provider::null",
        build: (f) => f.stack.addOverride("provider.null", [{}]),
      },
      {
        name: "a module call",
        subject: "stack",
        finding: "Section::module",
        build: (f) => f.stack.addOverride("module.hidden", { source: "./hidden" }),
      },
      {
        name: "a removed block that destroys",
        subject: "stack",
        finding: "Removed::aws_s3_bucket.state",
        build: (f) => f.stack.addOverride("removed", [{ from: "aws_s3_bucket.state" }]),
      },
      {
        name: "a provider from another source",
        subject: "stack",
        finding: "ProviderSource::aws",
        build: (f) => f.stack.addOverride("terraform.required_providers.aws.source", "evil/aws"),
      },
      {
        name: "an override that is not a block",
        subject: "stack",
        finding: "Unreadable::resource.aws_s3_bucket.hidden",
        build: (f) => f.stack.addOverride("resource.aws_s3_bucket.hidden", "not a block"),
      },
    ],
  },
  {
    rule: "TAG-01",
    subject: "aws_cloudwatch_log_group.logs",
    compliant: [
      { name: "provider default tags", build: (f) => void logGroup(f) },
      {
        name: "resource tags",
        provider: { defaultTags: undefined },
        build: (f) => {
          const tags = { Environment: "test", Application: "milmove", Automation: "Terraform" };
          logGroup(f).addOverride("tags", tags);
          (f.stack.node.findChild("logs-key") as KmsKey).addOverride("tags", tags);
        },
      },
    ],
    nonCompliant: [
      {
        name: "Automation missing",
        finding: "Tag::Automation",
        provider: { defaultTags: [{ tags: { Environment: "test", Application: "milmove" } }] },
        build: (f) => void logGroup(f),
      },
    ],
  },
  {
    rule: "CM-01",
    subject: "aws_service_discovery_service.discovery",
    compliant: [{ name: "private namespace, TTL 10, ECS health", build: (f) => void discovery(f) }],
    nonCompliant: [
      {
        name: "records from an expression",
        finding: "Unresolved::dns_config.dns_records",
        build: (f) => discovery(f).addOverride("dns_config.dns_records", variable(f, "records")),
      },
      {
        name: "TTL 300",
        finding: "Ttl::300",
        build: (f) => discovery(f).addOverride("dns_config.dns_records", [{ type: "A", ttl: 300 }]),
      },
      {
        name: "no custom health check",
        finding: "HealthCheck::custom",
        build: (f) => void discovery(f, { healthCheckCustomConfig: undefined }),
      },
      {
        name: "public namespace",
        subject: "aws_service_discovery_public_dns_namespace.public",
        finding: "Namespace::aws_service_discovery_public_dns_namespace",
        build: (f) =>
          void new ServiceDiscoveryPublicDnsNamespace(f.stack, "public", { name: "example.com" }),
      },
    ],
  },
  {
    rule: "EVT-01",
    subject: "aws_cloudwatch_event_target.target",
    compliant: [
      {
        name: "an SNS topic ARN of this account, built from the partition",
        build: (f) => void eventTarget(f, `arn:${f.partition}:sns:us-gov-west-1:${ACCOUNT}:alerts`),
      },
    ],
    nonCompliant: [
      {
        name: "another account's topic",
        finding: "Target::arn",
        build: (f) =>
          void eventTarget(f, `arn:${f.partition}:sns:us-gov-west-1:999999999999:alerts`),
      },
      {
        name: "a Lambda function",
        finding: "Target::arn",
        build: (f) =>
          void eventTarget(f, `arn:${f.partition}:lambda:us-gov-west-1:${ACCOUNT}:function:x`),
      },
      {
        name: "an alarm action to another account's topic",
        subject: "aws_cloudwatch_metric_alarm.alarm",
        finding: "Target::alarm_actions[0]",
        build: (f) =>
          void new CloudwatchMetricAlarm(f.stack, "alarm", {
            alarmName: "down",
            comparisonOperator: "LessThanThreshold",
            evaluationPeriods: 1,
            metricName: "RunningTaskCount",
            namespace: "ECS/ContainerInsights",
            period: 60,
            statistic: "Minimum",
            threshold: 1,
            alarmActions: [`arn:${f.partition}:sns:us-gov-west-1:999999999999:alerts`],
          }),
      },
      {
        name: "a target only known at plan time",
        finding: "Unresolved::arn",
        build: (f) => void eventTarget(f, variable(f, "topic")),
      },
    ],
  },
  {
    rule: "SNS-01",
    subject: "aws_sns_topic_policy.tp",
    compliant: [
      {
        name: "CloudWatch publishes",
        build: (f) => void topicPolicy(f, { Service: "cloudwatch.amazonaws.com" }),
      },
    ],
    nonCompliant: [
      {
        name: "anyone publishes",
        finding: "Principal::*",
        build: (f) => void topicPolicy(f, "*"),
      },
      {
        name: "another account publishes",
        finding: "Principal::999999999999",
        build: (f) => void topicPolicy(f, { AWS: "999999999999" }),
      },
    ],
  },
];

describe.each(CASES)("$rule", ({ rule, subject, compliant, nonCompliant }) => {
  it.each(compliant)("passes: $name", (variant) => {
    const f = fixture(variant.options, variant.provider);
    variant.build(f);
    const { error, report } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(row(report, rule, variant.subject ?? subject).outcome).toBe("compliant");
  });

  it.each(nonCompliant)("fails: $name", (variant) => {
    const f = fixture(variant.options, variant.provider);
    variant.build(f);
    const address = variant.subject ?? subject;
    const { error, report } = synth(f.stack);
    const result = row(report, rule, address);
    expect(result.outcome).toBe("non-compliant");
    expect(result.findings?.map((x) => x.id)).toContain(variant.finding);
    const message = `[${rule}] stack test: ${address}: `;
    if (result.severity === "warning") {
      expect(error ?? "").not.toContain(`[${rule}]`);
      expect(warnings(f.stack).join("\n")).toContain(message);
    } else {
      expect(error).toContain(message);
      expect(error).toContain(`(finding ${variant.finding})`);
    }
  });
});

test("every rule of the pack has a case", () => {
  expect(CASES.map((c) => c.rule)).toEqual([...POLICY_RULE_IDS]);
});
