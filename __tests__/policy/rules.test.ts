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
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { TerraformVariable } from "cdktf";
import { POLICY_RULE_IDS } from "../../modules/policy/pack";
import { conventional } from "../helpers";
import type { PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import {
  ACCOUNT,
  bucket,
  fixture,
  ingressRule,
  key,
  logGroup,
  narrowStatement,
  role,
  rolePolicy,
  row,
  securityGroup,
  synth,
  trustPolicy,
  warnings,
  type Fixture,
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

const POLICY = "aws_iam_role_policy.policy";
const BUCKET = "aws_s3_bucket.bucket";

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
        options: { environment: withUiRanges(["10.0.0.0/8"]) },
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
        options: { environment: withUiRanges(["10.0.0.0/8"]) },
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
    rule: "LOG-01",
    subject: "aws_cloudwatch_log_group.logs",
    compliant: [{ name: "365 days", build: (f) => void logGroup(f) }],
    nonCompliant: [
      {
        name: "explicit never-expire (0)",
        finding: "Retention::0",
        build: (f) => logGroup(f).addOverride("retention_in_days", 0),
      },
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
];

/** An environment whose UI admits these ranges (SG-02's allowed CIDRs). */
function withUiRanges(allowedCidrs: string[]) {
  return { ...conventional("demo"), ui: { certificateArn: "unused", allowedCidrs } };
}

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

test("every rule of the pack has a case (CON-01 and SEC-01: contract.test.ts, secrets.test.ts)", () => {
  expect(CASES.map((c) => c.rule)).toEqual(
    POLICY_RULE_IDS.filter((id) => id !== "CON-01" && id !== "SEC-01"),
  );
});
