import "cdktf/lib/testing/adapters/jest";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import {
  containerDefinitions,
  conventional,
  onlyResource,
  ref,
  resourcesOf,
  synthEnvironment,
  withChanges,
  type TerraformJson,
} from "./helpers";
import { allCases } from "./variants";

// Variants start from the conventions, not from the committed file an engineer edits.
const stg = conventional("stg");

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const statements = (policy: unknown): Statement[] =>
  (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
const roleNamed = (json: TerraformJson, roleName: string) => {
  const found = resourcesOf(json, "aws_iam_role").find(([, c]) => c.name === roleName);
  if (!found) throw new Error(`no role ${roleName}`);
  return { name: found[0], config: found[1] };
};
const policyOfRole = (json: TerraformJson, roleAddress: string) =>
  resourcesOf(json, "aws_iam_role_policy").find(
    ([, c]) => c.role === ref("aws_iam_role", roleAddress, "id"),
  )![1];

// Resource by resource, on every committed environment and every generated variant: names are
// MilMove's (derived from the environment name), everything tunable comes from the config.
describe.each(allCases().map((c) => [c.label, c.environment] as const))(
  "%s in detail",
  (_l, env) => {
    const name = env.name;
    const region = env.region;
    // The account: the committed literal id, or the Terraform variable asked for at plan time.
    const account = env.accountId ?? "${var.account_id}";
    const accountPattern = escapeRegExp(account);
    let synth: string;
    let json: TerraformJson;
    beforeAll(() => ({ synth, json } = synthEnvironment(env)));

    it("names the roles as MilMove does and trusts only this account's ECS tasks", () => {
      for (const roleName of [`ecs-task-role-flipt-${name}`]) {
        const [trust] = statements(roleNamed(json, roleName).config.assume_role_policy);
        expect(trust).toEqual({
          Sid: expect.any(String),
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: {
              "aws:SourceArn": expect.stringMatching(
                new RegExp(
                  `^arn:\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}:ecs:${region}:${accountPattern}:\\*$`,
                ),
              ),
            },
          },
        });
      }
      expect(synth).toHaveResource(IamRole);
      expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toHaveLength(0);
    });

    it("lets the execution role pull only its image and write only its log group", () => {
      const role = roleNamed(json, `ecs-task-execution-role-flipt-${name}`);
      const repo = Object.keys(json.data?.aws_ecr_repository ?? {})[0];
      const logGroup = onlyResource(json, "aws_cloudwatch_log_group").name;
      expect(
        statements(policyOfRole(json, role.name).policy).map(({ Action, Resource }) => ({
          Action,
          Resource,
        })),
      ).toEqual([
        { Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
          ],
          Resource: ref("data.aws_ecr_repository", repo, "arn"),
        },
        {
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${ref("aws_cloudwatch_log_group", logGroup, "arn")}:log-stream:*`,
        },
      ]);
    });

    it("lets the task role list the flag bucket, read under the flag prefix, decrypt through S3 only", () => {
      const role = roleNamed(json, `ecs-task-role-flipt-${name}`);
      const bucket = onlyResource(json, "aws_s3_bucket").name;
      const key = onlyResource(json, "aws_kms_key").name;
      expect(
        statements(policyOfRole(json, role.name).policy).map(({ Action, Resource, Condition }) => ({
          Action,
          Resource,
          Condition,
        })),
      ).toEqual([
        { Action: "s3:ListBucket", Resource: ref("aws_s3_bucket", bucket, "arn") },
        {
          Action: "s3:GetObject",
          Resource: `${ref("aws_s3_bucket", bucket, "arn")}/${env.flagPrefix}*`,
        },
        {
          Action: "kms:Decrypt",
          Resource: ref("aws_kms_key", key, "arn"),
          Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
        },
      ]);
    });

    it("uses distinct execution and task roles in the task definition", () => {
      const task = onlyResource(json, "aws_ecs_task_definition").config;
      expect(task.execution_role_arn).toBe(
        ref("aws_iam_role", roleNamed(json, `ecs-task-execution-role-flipt-${name}`).name, "arn"),
      );
      expect(task.task_role_arn).toBe(
        ref("aws_iam_role", roleNamed(json, `ecs-task-role-flipt-${name}`).name, "arn"),
      );
    });

    it("drops every Linux capability and runs an init process (size and platform: flipt-stack.test.ts)", () => {
      const [container] = containerDefinitions(json);
      expect(container.linuxParameters).toEqual({
        capabilities: { drop: ["ALL"] },
        initProcessEnabled: true,
      });
    });

    it("keeps a customer-managed key with rotation that CloudWatch Logs of this account and region may use", () => {
      expect(synth).toHaveResourceWithProperties(KmsKey, {
        enable_key_rotation: true,
        deletion_window_in_days: 30,
      });
      const [admin, logs] = statements(onlyResource(json, "aws_kms_key").config.policy);
      expect(admin.Principal).toEqual({
        AWS: expect.stringMatching(
          new RegExp(
            `^arn:\\$\\{data\\.aws_partition\\.[\\w-]+\\.partition\\}:iam::${accountPattern}:root$`,
          ),
        ),
      });
      expect(logs).toMatchObject({
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": [
              expect.stringMatching(
                new RegExp(`:logs:${region}:${accountPattern}:log-group:ecs-tasks-flipt-${name}$`),
              ),
            ],
          },
        },
      });
    });

    it("keeps logs in ecs-tasks-flipt-<env> for at least 365 days, encrypted with the key", () => {
      expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
        name: `ecs-tasks-flipt-${name}`,
        retention_in_days: env.logRetentionDays,
        kms_key_id: ref("aws_kms_key", onlyResource(json, "aws_kms_key").name, "arn"),
      });
    });

    it("locks the flag bucket down: no public access, SSE-KMS, versioning, owner enforced, TLS only, access logs", () => {
      const bucket = onlyResource(json, "aws_s3_bucket").name;
      const bucketId = ref("aws_s3_bucket", bucket, "id");
      expect(synth).toHaveResourceWithProperties(S3Bucket, {
        bucket: env.flagBucketName,
      });
      expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
        bucket: bucketId,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
        bucket: bucketId,
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "aws:kms",
              kms_master_key_id: ref("aws_kms_key", onlyResource(json, "aws_kms_key").name, "arn"),
            },
            bucket_key_enabled: true,
          },
        ],
      });
      expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, {
        bucket: bucketId,
        versioning_configuration: { status: "Enabled" },
      });
      expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, {
        bucket: bucketId,
        rule: { object_ownership: "BucketOwnerEnforced" },
      });
      expect(onlyResource(json, "aws_s3_bucket_logging").config).toMatchObject({
        target_bucket: env.logsBucketName,
        target_prefix: `s3/${env.flagBucketName}/`,
      });
      const [tlsOnly] = statements(onlyResource(json, "aws_s3_bucket_policy").config.policy);
      expect(tlsOnly).toEqual({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ref("aws_s3_bucket", bucket, "arn"), `${ref("aws_s3_bucket", bucket, "arn")}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });

    it("redeploys the ECS service when the discovery service is replaced", () => {
      const discovery = onlyResource(json, "aws_service_discovery_service").name;
      const marker = onlyResource(json, "terraform_data");
      expect(marker.config.lifecycle).toEqual({
        replace_triggered_by: [`aws_service_discovery_service.${discovery}`],
      });
      const service = onlyResource(json, "aws_ecs_service").config;
      expect(service.force_new_deployment).toBe(true);
      expect(service.triggers).toEqual({
        discovery_service: ref("terraform_data", marker.name, "id"),
      });
    });

    it("makes the ECS service depend on its IAM policies, propagate tags, keep ECS Exec off", () => {
      const service = onlyResource(json, "aws_ecs_service").config;
      const policies = resourcesOf(json, "aws_iam_role_policy").map(
        ([n]) => `aws_iam_role_policy.${n}`,
      );
      expect(policies).toHaveLength(2);
      expect(service.depends_on).toEqual(expect.arrayContaining(policies));
      expect(service).toMatchObject({
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
        enable_execute_command: false,
        platform_version: "LATEST",
      });
    });

    it("requires Terraform 1.10 or later (native S3 locking)", () => {
      expect(json.terraform?.required_version).toBe(">= 1.10.0");
    });

    it("checks at plan time that the VPC resolves DNS and that private subnets were found", () => {
      const [vpc] = Object.values(json.data?.aws_vpc ?? {});
      expect(vpc).toMatchObject({
        ...("name" in env.network.vpc
          ? { tags: { Name: env.network.vpc.name } }
          : { id: env.network.vpc.id }),
        lifecycle: {
          postcondition: [
            {
              condition: "${self.enable_dns_support && self.enable_dns_hostnames}",
              error_message: expect.stringContaining("DNS support and DNS hostnames"),
            },
          ],
        },
      });
      const subnetLookup = env.network.privateSubnets;
      if (!("namePattern" in subnetLookup)) return;
      const [subnets] = Object.values(json.data?.aws_subnets ?? {});
      expect(subnets).toMatchObject({
        lifecycle: {
          postcondition: [
            {
              condition: "${length(self.ids) > 0}",
              error_message: expect.stringContaining(subnetLookup.namePattern),
            },
          ],
        },
      });
    });
  },
);

describe("configuration variants", () => {
  it("uses explicit ids instead of lookups when given", () => {
    const { json } = synthEnvironment(
      withChanges(stg, (e) => {
        e.network = {
          vpc: { id: "vpc-0123456789abcdef0" },
          privateSubnets: { ids: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] },
        };
        e.clients = [
          { service: "app", securityGroup: { id: "sg-0123456789abcdef0" } },
          { service: "app-client-tls", securityGroup: { id: "sg-0fedcba9876543210" } },
        ];
      }),
    );
    // The VPC is still read, by id, so plan checks its DNS settings.
    expect(Object.values(json.data?.aws_vpc ?? {})).toEqual([
      expect.objectContaining({ id: "vpc-0123456789abcdef0" }),
    ]);
    expect(json.data?.aws_subnets).toBeUndefined();
    expect(json.data?.aws_security_group).toBeUndefined();
    const vpc = Object.keys(json.data?.aws_vpc ?? {})[0];
    expect(onlyResource(json, "aws_service_discovery_private_dns_namespace").config.vpc).toBe(
      ref("data.aws_vpc", vpc, "id"),
    );
    expect(
      (onlyResource(json, "aws_ecs_service").config.network_configuration as { subnets: string[] })
        .subnets,
    ).toEqual(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]);
    const ingress = onlyResource(json, "aws_security_group").config.ingress as {
      security_groups: string[];
    }[];
    expect(ingress.flatMap((r) => r.security_groups).sort()).toEqual([
      "sg-0123456789abcdef0",
      "sg-0fedcba9876543210",
    ]);
  });

  it("pins the image by digest when one is given", () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const { json } = synthEnvironment(withChanges(stg, (e) => (e.flipt.image.digest = digest)));
    expect(containerDefinitions(json)[0].image).toMatch(new RegExp(`@${digest}$`));
  });

  it("guards a literal account id, uses it in ARNs and asks for no variable", () => {
    const { synth, json } = synthEnvironment(
      withChanges(stg, (e) => (e.accountId = "123456789012")),
    );
    expect(synth).toHaveProviderWithProperties(AwsProvider, {
      allowed_account_ids: ["123456789012"],
    });
    expect(json.variable).toBeUndefined();
    expect(synth).not.toContain("var.account_id");
  });

  it("assumes the configured role", () => {
    const roleArn = "arn:aws-us-gov:iam::123456789012:role/terraform";
    const { synth } = synthEnvironment(withChanges(stg, (e) => (e.assumeRoleArn = roleArn)));
    expect(synth).toHaveProviderWithProperties(AwsProvider, {
      assume_role: [{ role_arn: roleArn, session_name: "terraform-flipt" }],
    });
  });

  it("passes the optional S3 backend settings through", () => {
    const { json } = synthEnvironment(
      withChanges(stg, (e) => {
        e.backend.kmsKeyId = "alias/terraform-state";
        e.backend.dynamodbTable = "terraform-state-lock";
      }),
    );
    expect(json.terraform?.backend).toMatchObject({
      s3: {
        kms_key_id: "alias/terraform-state",
        dynamodb_table: "terraform-state-lock",
        use_lockfile: true,
      },
    });
  });

  it("limits reads to the flag prefix and tells Flipt about it", () => {
    const { json } = synthEnvironment(withChanges(stg, (e) => (e.flagPrefix = "flags/")));
    const env = containerDefinitions(json)[0].environment as { name: string; value: string }[];
    expect(env).toContainEqual({ name: "FLIPT_STORAGE_OBJECT_S3_PREFIX", value: "flags/" });
    const role = roleNamed(json, "ecs-task-role-flipt-stg");
    expect(statements(policyOfRole(json, role.name).policy)[1].Resource).toMatch(/\/flags\/\*$/);
  });
});
