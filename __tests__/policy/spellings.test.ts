/**
 * Equivalent spellings and values that restrict nothing (issue 10): each case is a way to write
 * a violation that an earlier version of the pack let through. Every one must fail its rule
 * through `Testing.fullSynth`, with the finding named; the few compliant cases pin that the
 * parsers did not make the rules refuse what they should accept.
 */
import "cdktf/lib/testing/adapters/jest";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import { conventional } from "../helpers";
import {
  ACCOUNT,
  bucket,
  fixture,
  ingressRule,
  rolePolicy,
  row,
  securityGroup,
  synth,
  trustPolicy,
  warnings,
  type Fixture,
} from "./fixtures";

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly subject: string;
  readonly finding?: string;
  readonly build: (f: Fixture) => void;
  readonly options?: Partial<PolicyChecksOptions>;
  readonly provider?: Partial<AwsProviderConfig>;
}

const POLICY = "aws_iam_role_policy.policy";
const OTHER = "999999999999";

const allow = (action: string | string[], resource: string | string[]) => (f: Fixture) =>
  void rolePolicy(f, [{ Effect: "Allow", Action: action, Resource: resource }]);

const keyWith = (statement: object) => (f: Fixture) =>
  void new KmsKey(f.stack, "k", {
    description: "test",
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
        { Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...statement },
      ],
    }),
  });

const trusting = (condition: object) => (f: Fixture) =>
  void new IamRole(f.stack, "r", {
    name: "r",
    assumeRolePolicy: trustPolicy({ Condition: condition }),
  });

const ingressFrom =
  (...cidrs: { cidrIpv4?: string; cidrIpv6?: string }[]) =>
  (f: Fixture) => {
    const group = securityGroup(f);
    cidrs.forEach(
      (cidr, i) =>
        void new VpcSecurityGroupIngressRule(f.stack, i === 0 ? "in" : `in${i}`, {
          securityGroupId: group.id,
          ipProtocol: "tcp",
          fromPort: 8080,
          toPort: 8080,
          description: "clients",
          ...cidr,
        }),
    );
  };

const FAILING: readonly Case[] = [
  // SG-01: anywhere in every spelling, and in pieces.
  ...["::0/0", "0:0::/0", "0000:0000::/0"].map((cidr) => ({
    name: `IPv6 anywhere written ${cidr}`,
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    finding: `Cidr::${cidr}`,
    build: (f: Fixture) =>
      void ingressRule(f, { referencedSecurityGroupId: undefined, cidrIpv6: cidr }),
  })),
  {
    name: "the IPv4 internet in two halves, across two rules of one group",
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in1",
    finding: "Cidr::128.0.0.0/1",
    build: ingressFrom({ cidrIpv4: "0.0.0.0/1" }, { cidrIpv4: "128.0.0.0/1" }),
  },
  {
    name: "a malformed CIDR (leading zeros)",
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    finding: "Invalid::cidr",
    build: ingressFrom({ cidrIpv4: "010.0.0.0/8" }),
  },
  // SG-03: IPv6 anywhere, spelt differently, every protocol.
  // IAM: wildcards other than "*".
  {
    name: "every action of every service on an ARN that covers everything",
    rule: "IAM-01",
    subject: POLICY,
    finding: "Action::*",
    build: allow("*:*", "arn:*"),
  },
  {
    name: "s3:** is every S3 action",
    rule: "IAM-02",
    subject: POLICY,
    finding: "Action::s3:**",
    build: (f) => allow("s3:**", `arn:${f.partition}:s3:::b/*`)(f),
  },
  {
    name: "a wildcard service part reaches several services",
    rule: "IAM-02",
    subject: POLICY,
    finding: "Action::s?:GetObject",
    build: (f) => allow("s?:GetObject", `arn:${f.partition}:s3:::b/*`)(f),
  },
  {
    name: "every key of the account is a wildcard resource",
    rule: "IAM-03",
    subject: POLICY,
    finding: "SecretRead::kms:Decrypt",
    build: (f) => allow("kms:Decrypt", `arn:${f.partition}:kms:*:*:key/*`)(f),
  },
  {
    name: "every secret of the account, and GetSecretValue spelt in another case",
    rule: "IAM-03",
    subject: POLICY,
    finding: "SecretRead::SecretsManager:getsecretvalue",
    build: (f) =>
      allow(
        "SecretsManager:getsecretvalue",
        `arn:${f.partition}:secretsmanager:us-gov-west-1:${ACCOUNT}:secret:*`,
      )(f),
  },
  {
    name: "IAM:passrole on every role",
    rule: "IAM-06",
    subject: POLICY,
    finding: "Action::IAM:passrole",
    build: (f) => allow("IAM:passrole", `arn:${f.partition}:iam::${ACCOUNT}:role/*`)(f),
  },
  {
    name: "iam:Pass* on every role",
    rule: "IAM-06",
    subject: POLICY,
    finding: "Action::iam:Pass*",
    build: (f) => allow("iam:Pass*", `arn:${f.partition}:iam::${ACCOUNT}:role/*`)(f),
  },
  // KMS-01: other accounts, and conditions that restrict nothing.
  {
    name: "a key policy granting another account's root",
    rule: "KMS-01",
    subject: "aws_kms_key.k",
    finding: `Principal::arn:\${data.aws_partition.partition.partition}:iam::${OTHER}:root`,
    build: (f) => keyWith({ Principal: { AWS: `arn:${f.partition}:iam::${OTHER}:root` } })(f),
  },
  {
    name: "a key policy granting another account by bare id",
    rule: "KMS-01",
    subject: "aws_kms_key.k",
    finding: `Principal::${OTHER}`,
    build: keyWith({ Principal: { AWS: OTHER } }),
  },
  {
    name: "anyone, with a StringLike condition on *",
    rule: "KMS-01",
    subject: "aws_kms_key.k",
    finding: "Principal::*",
    build: keyWith({
      Principal: { AWS: "*" },
      Condition: { StringLike: { "kms:CallerAccount": "*" } },
    }),
  },
  {
    name: "anyone, with an IfExists condition",
    rule: "KMS-01",
    subject: "aws_kms_key.k",
    finding: "Principal::*",
    build: keyWith({
      Principal: "*",
      Condition: { StringEqualsIfExists: { "kms:CallerAccount": ACCOUNT } },
    }),
  },
  // IAM-05: a SourceAccount condition that pins nothing.
  ...[
    { StringLike: { "aws:SourceAccount": "*" } },
    { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
    { StringEquals: { "aws:SourceAccount": OTHER } },
    { StringEquals: { "aws:SourceAccount": [] } },
    { Null: { "aws:SourceAccount": "false" } },
  ].map((condition) => ({
    name: `trust with ${JSON.stringify(condition)}`,
    rule: "IAM-05",
    subject: "aws_iam_role.r",
    finding: "Condition::aws:SourceAccount",
    build: trusting(condition),
  })),
  // Found in the review of the pack beyond the list.
  {
    name: "a TLS deny narrowed by a second condition",
    rule: "S3-03",
    subject: "aws_s3_bucket.bucket",
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
              Resource: [b.arn, `${b.arn}/*`],
              Condition: {
                Bool: { "aws:SecureTransport": "false" },
                IpAddress: { "aws:SourceIp": "192.0.2.1/32" },
              },
            },
          ],
        }),
      });
    },
  },
  {
    name: "BatchGetSecretValue on every secret",
    rule: "IAM-03",
    subject: POLICY,
    finding: "SecretRead::secretsmanager:BatchGetSecretValue",
    build: allow("secretsmanager:BatchGetSecretValue", "*"),
  },
];

const PASSING: readonly Case[] = [
  {
    name: "a narrow IPv6 range",
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    options: {
      environment: {
        ...conventional("demo"),
        ui: { certificateArn: "unused", allowedCidrs: ["2001:db8::/32"] },
      },
    },
    build: ingressFrom({ cidrIpv6: "2001:db8:1::/48" }),
  },
  {
    name: "two halves of a private range",
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    build: ingressFrom({ cidrIpv4: "10.0.0.0/9" }, { cidrIpv4: "10.128.0.0/9" }),
  },
  {
    name: "s3:Get* on one bucket",
    rule: "IAM-02",
    subject: POLICY,
    build: (f) => allow("s3:Get*", `arn:${f.partition}:s3:::b/*`)(f),
  },
  {
    name: "objects of one bucket are not every resource",
    rule: "IAM-03",
    subject: POLICY,
    build: (f) => allow("s3:GetObject", `arn:${f.partition}:s3:::b/*`)(f),
  },
  {
    name: "roles under one path prefix are not every role",
    rule: "IAM-06",
    subject: POLICY,
    build: (f) => allow("iam:PassRole", `arn:${f.partition}:iam::${ACCOUNT}:role/flipt-*`)(f),
  },
  {
    name: "anyone, restricted to this account's callers",
    rule: "KMS-01",
    subject: "aws_kms_key.k",
    build: keyWith({
      Principal: { AWS: "*" },
      Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
    }),
  },
];

describe.each(FAILING)("$rule fails: $name", (c) => {
  test("the finding is reported", () => {
    const f = fixture(c.options, c.provider);
    c.build(f);
    const { error, report } = synth(f.stack);
    const result = row(report, c.rule, c.subject);
    expect(result.outcome).toBe("non-compliant");
    expect(result.findings?.map((x) => x.id)).toContain(c.finding);
    const message = `[${c.rule}] stack test: ${c.subject}: `;
    if (result.severity === "warning") expect(warnings(f.stack).join("\n")).toContain(message);
    else expect(error).toContain(message);
  });
});

describe.each(PASSING)("$rule passes: $name", (c) => {
  test("the rule is compliant", () => {
    const f = fixture(c.options, c.provider);
    c.build(f);
    const { report } = synth(f.stack);
    expect(row(report, c.rule, c.subject).outcome).toBe("compliant");
  });
});
