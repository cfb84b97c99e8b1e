/**
 * Equivalent spellings and values that restrict nothing (issue 10): each case is a way to write
 * a violation that an earlier version of the pack let through. Every one must fail its rule
 * through `Testing.fullSynth`, with the finding named; the few compliant cases pin that the
 * parsers did not make the rules refuse what they should accept.
 */
import "cdktf/lib/testing/adapters/jest";
import { DataAwsServiceDiscoveryDnsNamespace } from "@cdktf/provider-aws/lib/data-aws-service-discovery-dns-namespace";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { S3Backend, TerraformOutput } from "cdktf";
import type { PolicyChecksOptions } from "../../modules/policy/policy-aspect";
import { PolicySuppressions } from "../../modules/policy/suppressions";
import {
  ACCOUNT,
  bucket,
  container,
  fixture,
  ingressRule,
  key,
  rolePolicy,
  row,
  securityGroup,
  service,
  synth,
  taskDefinition,
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

const TD = "aws_ecs_task_definition.td";
const POLICY = "aws_iam_role_policy.policy";
const OTHER = "999999999999";

const withContainer = (overrides: object) => (f: Fixture) =>
  void taskDefinition(f, { containers: (logs) => [container(logs, overrides)] });

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
  {
    name: "all traffic out to ::0/0",
    rule: "SG-03",
    subject: "aws_vpc_security_group_egress_rule.out",
    finding: "Egress::all",
    build: (f) =>
      void new VpcSecurityGroupEgressRule(f.stack, "out", {
        securityGroupId: securityGroup(f).id,
        cidrIpv6: "::0/0",
        ipProtocol: "-1",
        description: "everything",
      }),
  },
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
  // ECS-03: root in every spelling.
  ...["00", "0:0", "root:root", "ROOT", " 0 ", "+0"].map((user) => ({
    name: `user ${JSON.stringify(user)}`,
    rule: "ECS-03",
    subject: TD,
    finding: "app",
    build: withContainer({ user }),
  })),
  // ECS-05: secrets by the shape of the value, under any name, anywhere in the definition.
  {
    name: "an AWS secret key under an innocent name",
    rule: "ECS-05",
    subject: TD,
    finding: "Env::app/FLIPT_CONFIG",
    build: withContainer({
      environment: [{ name: "FLIPT_CONFIG", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Lm3Qr2T" }],
    }),
  },
  {
    name: "a token on the command line",
    rule: "ECS-05",
    subject: TD,
    finding: "Value::app/command[1]",
    build: withContainer({ command: ["--token", "ghp_0123456789abcdefABCDEF0123456789abcd"] }),
  },
  // GOV-02: every provider, every endpoint.
  {
    name: "no account guard",
    rule: "GOV-02",
    subject: "provider.aws",
    finding: "AccountGuard::missing",
    provider: { allowedAccountIds: undefined },
    build: () => undefined,
  },
  {
    name: "an endpoint override to a non-FIPS host",
    rule: "GOV-02",
    subject: "provider.aws",
    finding: "Endpoint::s3",
    provider: { endpoints: [{ s3: "https://s3.us-gov-west-1.amazonaws.com" }] },
    build: () => undefined,
  },
  {
    name: "an endpoint override to a host that only looks like FIPS",
    rule: "GOV-02",
    subject: "provider.aws",
    finding: "Endpoint::sts",
    provider: { endpoints: [{ sts: "https://sts-fips.example.com" }] },
    build: () => undefined,
  },
  {
    name: "a second provider without FIPS or guard",
    rule: "GOV-02",
    subject: "provider.aws.east",
    finding: "AccountGuard::missing",
    build: (f) =>
      void new AwsProvider(f.stack, "east", {
        alias: "east",
        region: "us-gov-west-1",
        useFipsEndpoint: true,
      }),
  },
  {
    name: "providers in two regions",
    rule: "GOV-02",
    subject: "stack",
    finding: "Region::several",
    build: (f) =>
      void new AwsProvider(f.stack, "east", {
        alias: "east",
        region: "us-gov-east-1",
        useFipsEndpoint: true,
        allowedAccountIds: [ACCOUNT],
      }),
  },
  {
    name: "a region other than the environment's",
    rule: "GOV-02",
    subject: "provider.aws",
    finding: "Region::us-gov-east-1",
    options: { allowedRegions: ["us-gov-west-1"] },
    provider: { region: "us-gov-east-1" },
    build: () => undefined,
  },
  {
    name: "a state backend without FIPS",
    rule: "GOV-02",
    subject: "stack",
    finding: "Backend::FipsEndpoint",
    build: (f) =>
      void new S3Backend(f.stack, { bucket: "state", key: "k.tfstate", region: "us-gov-west-1" }),
  },
  // CM-01: a namespace looked up, or given by id.
  {
    name: "a public namespace looked up by a data source",
    rule: "CM-01",
    subject: "aws_service_discovery_service.discovery",
    finding: "Namespace::DNS_PUBLIC",
    build: (f) => {
      const ns = new DataAwsServiceDiscoveryDnsNamespace(f.stack, "ns", {
        name: "example.com",
        type: "DNS_PUBLIC",
      });
      discoveryIn(f, ns.id);
    },
  },
  {
    name: "a namespace given as a literal id",
    rule: "CM-01",
    subject: "aws_service_discovery_service.discovery",
    finding: "Unresolved::dns_config.namespace_id",
    build: (f) => discoveryIn(f, "ns-abcdefghijklmnop"),
  },
  // Found in the review of the pack beyond the list.
  {
    name: "a second, non-KMS encryption configuration for the bucket",
    rule: "S3-02",
    subject: "aws_s3_bucket.bucket",
    finding: "Encryption::duplicate",
    build: (f) => {
      const b = bucket(f);
      new S3BucketServerSideEncryptionConfigurationA(f.stack, "sse2", {
        bucket: b.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      });
    },
  },
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
  {
    name: "an ARN of another non-GovCloud partition",
    rule: "GOV-01",
    subject: "stack",
    finding: POLICY,
    build: allow("s3:GetObject", "arn:aws-cn:s3:::b/*"),
  },
  {
    name: "Service Connect on an ECS service",
    rule: "CM-01",
    subject: "aws_ecs_service.svc",
    finding: "ServiceConnect",
    build: (f) =>
      void service(f, {
        serviceConnectConfiguration: { enabled: true, namespace: "svc-test.local" },
      }),
  },
  {
    name: "an event rule on another account's bus",
    rule: "EVT-01",
    subject: "aws_cloudwatch_event_rule.rule",
    finding: "EventBus",
    build: (f) =>
      void new CloudwatchEventRule(f.stack, "rule", {
        name: "flipt-events",
        eventBusName: `arn:${f.partition}:events:us-gov-west-1:${OTHER}:event-bus/shared`,
        eventPattern: JSON.stringify({ source: ["aws.ecs"] }),
      }),
  },
  {
    name: "an output showing a parameter's value",
    rule: "GOV-03",
    subject: "stack",
    finding: "Output::leak",
    build: (f) => {
      const parameter = new SsmParameter(f.stack, "p", {
        name: "/flipt/token",
        type: "SecureString",
        value: "placeholder",
        keyId: key(f).arn,
      });
      new TerraformOutput(f.stack, "leak", { value: parameter.value });
    },
  },
];

function discoveryIn(f: Fixture, namespaceId: string): void {
  new ServiceDiscoveryService(f.stack, "discovery", {
    name: "flipt",
    dnsConfig: { namespaceId, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
    healthCheckCustomConfig: { failureThreshold: 1 },
  });
}

const PASSING: readonly Case[] = [
  {
    name: "a narrow IPv6 range",
    rule: "SG-01",
    subject: "aws_vpc_security_group_ingress_rule.in",
    options: { allowedIngressCidrs: ["2001:db8::/32"] },
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
  {
    name: "a FIPS endpoint override",
    rule: "GOV-02",
    subject: "provider.aws",
    provider: { endpoints: [{ s3: "https://s3-fips.us-gov-west-1.amazonaws.com" }] },
    build: () => undefined,
  },
  {
    name: "uid 1000 with the root group",
    rule: "ECS-03",
    subject: TD,
    build: withContainer({ user: "1000:0" }),
  },
  {
    name: "a private namespace looked up by a data source",
    rule: "CM-01",
    subject: "aws_service_discovery_service.discovery",
    build: (f) => {
      const ns = new DataAwsServiceDiscoveryDnsNamespace(f.stack, "ns", {
        name: "svc-test.local",
        type: "DNS_PRIVATE",
      });
      discoveryIn(f, ns.id);
    },
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

test("a suppression of GOV-03 covers an unreviewed type, never a module call or a dynamic block", () => {
  const f = fixture();
  PolicySuppressions.add(f.stack, [
    { id: "GOV-03", reason: "reviewed by hand for this test: the type is harmless here" },
  ]);
  new Instance(f.stack, "vm", { ami: "ami-12345678", instanceType: "t3.micro" });
  f.stack.addOverride("module.hidden", { source: "./hidden" });
  const { error, report } = synth(f.stack);
  expect(row(report, "GOV-03", "aws_instance.vm").outcome).toBe("suppressed");
  expect(row(report, "GOV-03", "stack").outcome).toBe("non-compliant");
  expect(error).toContain("(finding Section::module) This finding cannot be suppressed.");
});
