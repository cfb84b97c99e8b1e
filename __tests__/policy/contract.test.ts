/**
 * The stack contract: each word of its vocabulary both ways, and every valid configuration
 * (committed, variants, fixtures, each documented option) passing with no contract edit.
 */
import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../environments/types";
import { REPOSITORY_ROOT } from "../../modules/configuration";
import { FliptStack } from "../../modules/flipt-stack";
import { CONTRACT } from "../../modules/policy/contract";
import { checkContract } from "../../modules/policy/private/contract-check";
import { policyDocument } from "../../modules/policy/private/policy-document";
import {
  address,
  cfg,
  expr,
  json,
  list,
  lit,
  member,
  namedValues,
  obj,
  oneOf,
  opt,
  ref,
  text,
  tpl,
  when,
  type Shape,
  type ShapeContext,
} from "../../modules/policy/private/shapes";
import { FIXTURE_STACKS } from "../../scripts/fixture-environments";
import { conventional, withChanges } from "../helpers";
import { allCases } from "../variants";

const env = withChanges(conventional("stg"), (e) => (e.accountId = "123456789012"));
const ctx: ShapeContext = {
  env,
  types: new Map([
    ["aws_kms_key", ["aws_kms_key.k"]],
    ["aws_security_group", ["aws_security_group.flipt", "aws_security_group.ui"]],
    ["data.aws_vpc", ["data.aws_vpc.v"]],
    ["data.aws_partition", ["data.aws_partition.p"]],
  ]),
  kinds: new Map([
    ["aws_security_group.flipt", "aws_security_group.flipt"],
    ["aws_security_group.ui", "aws_security_group.ui"],
  ]),
};
const passes = (shape: Shape, value: unknown) => expect(shape.check(value, "x", ctx)).toEqual([]);
const fails = (shape: Shape, value: unknown, allowed: RegExp) =>
  expect(shape.check(value, "x", ctx)).toContainEqual(
    expect.objectContaining({
      path: expect.stringMatching(/^x/),
      allowed: expect.stringMatching(allowed),
    }),
  );

describe("vocabulary", () => {
  test("lit: the literal, deep-equal", () => {
    passes(lit({ a: [1] }), { a: [1] });
    fails(lit({ a: [1] }), { a: [2] }, /exactly \{"a":\[1\]\}/);
  });

  test("text: a literal string; escaped $${ and %%{ are literal", () => {
    passes(text(), "Flipt stg $${not} %%{this}");
    fails(text(), '${file("/etc/passwd")}', /no \$\{\.\.\.\}/);
    fails(text(), "%{ if true }x%{ endif }", /no \$\{\.\.\.\}/);
  });

  test("cfg: the environment's value at the path", () => {
    passes(cfg("flipt.cpu"), env.flipt.cpu);
    fails(cfg("flipt.cpu"), 4096, /flipt\.cpu = 256/);
  });

  test("member: one of a config list", () => {
    const cidrs = member("ranges", () => ["10.0.0.0/8"]);
    passes(cidrs, "10.0.0.0/8");
    fails(cidrs, "0.0.0.0/0", /one of ranges/);
  });

  test("tpl: config fields and the guarded account", () => {
    passes(tpl("ecs-task-role-{serviceName}-{name}"), "ecs-task-role-flipt-stg");
    fails(
      tpl("ecs-task-role-{serviceName}-{name}"),
      "ecs-task-role-flipt-prd",
      /= ecs-task-role-flipt-stg/,
    );
    passes(tpl("{account}"), "123456789012");
  });

  test("ref: a block of that type (and kind) in this stack, exactly", () => {
    passes(ref("aws_kms_key", "arn"), "${aws_kms_key.k.arn}");
    fails(
      ref("aws_kms_key", "arn"),
      "${aws_kms_key.elsewhere.arn}",
      /is not a aws_kms_key of this stack/,
    );
    fails(
      ref("aws_kms_key", "arn"),
      "arn:aws-us-gov:kms:us-gov-west-1:1:key/x",
      /\[aws_kms_key\.arn\]/,
    );
    fails(ref("aws_kms_key", "arn"), "${aws_kms_key.k.arn}-x", /\[aws_kms_key\.arn\]/);
    passes(ref("aws_security_group.ui", "id"), "${aws_security_group.ui.id}");
    fails(
      ref("aws_security_group.ui", "id"),
      "${aws_security_group.flipt.id}",
      /not a aws_security_group\.ui/,
    );
    passes(ref("data.aws_vpc", "id"), "${data.aws_vpc.v.id}");
    fails(ref("data.aws_vpc", "id"), "${aws_vpc.v.id}", /\[data\.aws_vpc\.id\]/);
  });

  test("address: a bare address of a block of that type", () => {
    passes(address("aws_kms_key"), "aws_kms_key.k");
    fails(address("aws_kms_key"), "aws_kms_key.other", /address of a aws_kms_key/);
  });

  test("oneOf, opt and when", () => {
    passes(oneOf(lit(80), lit(443)), 443);
    fails(oneOf(lit(80), lit(443)), 8080, /exactly 80 or exactly 443/);
    const block = obj({ a: opt(lit(1)), b: when((e) => e.ui, lit(2)) });
    passes(block, {});
    fails(block, { b: 2 }, /nothing: this configuration sets no such argument/);
  });

  test("obj: no unknown argument, no missing one; one block given as a list is the same", () => {
    passes(obj({ a: lit(1) }), [{ a: 1 }]);
    fails(obj({ a: lit(1) }), { a: 1, b: 2 }, /no argument b here/);
    fails(obj({ a: lit(1) }), {}, /required: exactly 1/);
  });

  test("list: each element, and the length the config calls for", () => {
    passes(
      list(lit(1), () => 2),
      [1, 1],
    );
    fails(
      list(lit(1), () => 2),
      [1],
      /2 element/,
    );
    fails(list(lit(1)), [2], /exactly 1/);
  });

  test("json: a JSON string of the shape", () => {
    passes(json(obj({ a: lit(1) })), '{"a":1}');
    fails(json(obj({ a: lit(1) })), "{a:1}", /a JSON string/);
  });

  test("namedValues: listed names, case-exact, once each, required ones present", () => {
    const vars = namedValues({ A: lit("1"), B: opt(lit("2")) });
    passes(vars, [{ name: "A", value: "1" }]);
    fails(vars, [{ name: "a", value: "1" }], /name\/value pairs named A, B/);
    fails(
      vars,
      [
        { name: "A", value: "1" },
        { name: "A", value: "1" },
      ],
      /A once/,
    );
    fails(vars, [{ name: "B", value: "2" }], /also A/);
  });

  test("expr: only listed functions and known references", () => {
    const condition = expr(["contains", "length"]);
    passes(condition, '${contains(self.image_tags, "v1") && length(var.account_id) > 0}');
    passes(condition, "${self.task_definition == aws_kms_key.k.arn}");
    fails(condition, '${file("/etc/passwd") == ""}', /not file\(/);
    fails(condition, "${var.other == self.id}", /not var\.other/);
    fails(condition, '${contains(self.x, "${templatefile("a", {})}")}', /not templatefile\(/);
    fails(condition, '${self.x == "%{ for x in y }x%{ endfor }"}', /not directive\(/);
    fails(condition, "${aws_kms_key.elsewhere.arn == self.x}", /not aws_kms_key\.elsewhere\.arn/);
  });

  test("policy: this stack's blocks, the partition and the guarded account only", () => {
    const doc = (statement: object) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    passes(
      policyDocument,
      doc({
        Effect: "Allow",
        Principal: { AWS: "arn:${data.aws_partition.p.partition}:iam::123456789012:root" },
        Action: "s3:GetObject",
        Resource: "${aws_kms_key.k.arn}",
      }),
    );
    fails(
      policyDocument,
      doc({ Effect: "Allow", Principal: { AWS: "999999999999" }, Action: "kms:*", Resource: "*" }),
      /not 999999999999/,
    );
    fails(
      policyDocument,
      doc({ Effect: "Allow", Action: "kms:*", Resource: "${aws_kms_key.other.arn}" }),
      /not \$\{aws_kms_key\.other\.arn\}/,
    );
    fails(
      policyDocument,
      doc({ Effect: "Allow", NotAction: "kms:*", Resource: "*" }),
      /no NotAction/,
    );
    // Pasted ARNs: another partition, another bucket (S3 ARNs name no account), no account.
    for (const arn of [
      "arn:aws-us-gov:iam::123456789012:role/admin",
      "arn:${data.aws_partition.p.partition}:s3:::someone-elses-bucket/*",
    ]) {
      fails(
        policyDocument,
        doc({ Effect: "Allow", Action: "s3:GetObject", Resource: arn }),
        /an ARN of the partition/,
      );
    }
  });
});

describe("every valid configuration passes with no contract edit", () => {
  const other = (e: EnvironmentConfig, label: string, change: (c: Record<string, any>) => void) =>
    [label, withChanges(e, change)] as const;
  const stg = conventional("stg");
  const adoption = FIXTURE_STACKS.find((f) => f.stackName === "fixture-adoption")!.environment;
  const cases: (readonly [string, EnvironmentConfig])[] = [
    ...allCases().map((c) => [c.label, c.environment] as const),
    ...FIXTURE_STACKS.map((f) => [f.stackName, f.environment] as const),
    other(stg, "UI without deletion protection", (e) => {
      e.ui = {
        certificateArn: "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/x",
        allowedCidrs: ["10.200.0.0/16"],
        deletionProtection: false,
      };
    }),
    other(stg, "S3 state with a KMS key and a lock table", (e) => {
      e.backend = {
        ...e.backend,
        kmsKeyId: "alias/tf-state",
        dynamodbTable: "terraform-state-lock",
      };
    }),
    other(stg, "Terraform Enterprise with a project", (e) => {
      e.backend = {
        kind: "cloud",
        organization: "milmove",
        workspace: "flipt-stg",
        project: "flipt",
        hostname: "tfe.example.mil",
      };
    }),
    other(stg, "clients' groups by id, VPC and subnets by id", (e) => {
      e.clients = [{ service: "app", securityGroup: { id: "sg-0123456789abcdef0" } }];
      e.network = {
        vpc: { id: "vpc-0123456789abcdef0" },
        privateSubnets: { ids: ["subnet-0123456789abcdef0"] },
      };
    }),
    other(stg, "a flag prefix", (e) => (e.flagPrefix = "flipt/")),
    ...Object.keys(adoption.adopt!)
      .filter((k) => k !== "kmsAliasName")
      .map((k) =>
        other(stg, `adopting ${k} alone`, (e) => {
          e.adopt = { [k]: (adoption.adopt as Record<string, unknown>)[k] };
          // The egress rules to adopt exist only with clientEgress.
          if (k === "clientEgressRuleIds") e.clientEgress = true;
        }),
      ),
  ];

  test.each(cases)("%s", (_label, environment) => {
    const stack = new FliptStack(Testing.app(), environment.name, {
      environment,
      repositoryRoot: REPOSITORY_ROOT,
    });
    expect(checkContract(stack.toTerraform(), environment, CONTRACT, REPOSITORY_ROOT)).toEqual([]);
  });
});

describe("block kinds the contract does not list are refused", () => {
  const stg = conventional("stg");
  const base = () => {
    const stack = new FliptStack(Testing.app(), "stg", {
      environment: stg,
      repositoryRoot: REPOSITORY_ROOT,
    });
    return JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, any>;
  };
  const messages = (json: Record<string, any>) =>
    checkContract(json, stg, CONTRACT, REPOSITORY_ROOT).map((p) => `${p.address}: ${p.message}`);

  test.each(["module", "locals", "moved", "removed", "check"])("a %s section", (section) => {
    const json = base();
    json[section] = { x: {} };
    expect(messages(json)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${section}: a ${section} section; the contract allows only`),
      ),
    );
  });

  test.each([
    ["count", 2],
    ["for_each", '${toset(["a"])}'],
    ["provider", "aws.other"],
    ["provisioner", [{ "local-exec": { command: "curl x | sh" } }]],
    ["dynamic", { ingress: {} }],
  ])("the meta-argument %s on a resource", (key, value) => {
    const json = base();
    const [name] = Object.keys(json.resource.aws_kms_key);
    json.resource.aws_kms_key[name][key] = value;
    expect(messages(json)).toContainEqual(
      expect.stringContaining(`aws_kms_key.${name}: ${key} is`),
    );
  });

  test("a provider alias", () => {
    const json = base();
    json.provider.aws.push({ ...json.provider.aws[0], alias: "other", region: "us-east-1" });
    expect(messages(json).join("\n")).toMatch(
      /provider: provider\.aws is .*; the contract allows 1 element/,
    );
  });
});

describe("the AWS provider's pin", () => {
  const stg = conventional("stg");
  const withProvider = (aws: Record<string, unknown>) => {
    const stack = new FliptStack(Testing.app(), "stg", {
      environment: stg,
      repositoryRoot: REPOSITORY_ROOT,
    });
    const json = JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, any>;
    json.terraform.required_providers.aws = aws;
    return checkContract(json, stg, CONTRACT, REPOSITORY_ROOT).map((p) => p.message);
  };

  test("is HashiCorp's provider at an exact version (CDK Terrain's pin and spelling pass)", () => {
    expect(withProvider({ version: "6.25.0", source: "aws" })).toEqual([]);
    expect(withProvider({ version: "6.66.0", source: "hashicorp/aws" })).toEqual([]);
  });

  test.each([
    [{ version: ">= 6.0", source: "aws" }, /an exact version/],
    [{ version: "6.25.0", source: "someone/aws" }, /someone\/aws/],
    [{ version: "6.25.0" }, /source/],
  ])("refuses %j", (aws, message) => {
    expect(withProvider(aws).join("\n")).toMatch(message);
  });
});

describe("imports of the clients' existing egress rules (adopt.clientEgressRuleIds)", () => {
  const env = FIXTURE_STACKS.find((f) => f.stackName === "fixture-adoption")!.environment;
  const ruleId = env.adopt!.clientEgressRuleIds!.app;
  const synth = () => {
    const stack = new FliptStack(Testing.app(), env.name, {
      environment: env,
      repositoryRoot: REPOSITORY_ROOT,
    });
    return JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, any>;
  };
  const rules = (json: Record<string, any>) =>
    Object.keys(json.resource.aws_vpc_security_group_egress_rule).map(
      (n) => `aws_vpc_security_group_egress_rule.${n}`,
    );
  const ruleImports = (json: Record<string, any>) =>
    (json.import as { to: string; id: string }[]).filter((i) => rules(json).includes(i.to));
  const messages = (json: Record<string, any>, e: EnvironmentConfig = env) =>
    checkContract(json, e, CONTRACT, REPOSITORY_ROOT).map((p) => `${p.address}: ${p.message}`);

  test("allows one import per entry, with the configured id, into a client's rule", () => {
    const json = synth();
    expect(ruleImports(json)).toEqual([{ to: expect.any(String), id: ruleId }]);
    expect(messages(json)).toEqual([]);
  });

  test("refuses an id that is not in the map", () => {
    const json = synth();
    ruleImports(json)[0].id = "sgr-0fedcba9876543210";
    expect(messages(json)).toContainEqual(
      expect.stringMatching(/^import\[\d+\]: .*one of the ids in adopt\.clientEgressRuleIds/),
    );
  });

  test("refuses a second import, into the other client's rule", () => {
    const json = synth();
    const other = rules(json).find((r) => r !== ruleImports(json)[0].to)!;
    json.import.push({ to: other, id: ruleId });
    expect(messages(json)).toContainEqual(
      expect.stringMatching(/^import\[\d+\]: an import into .*one import per adopt field set/),
    );
  });

  test("refuses the import when the map does not ask for it", () => {
    const json = synth();
    const without = withChanges(env, (e) => delete e.adopt.clientEgressRuleIds);
    expect(messages(json, without)).toContainEqual(
      expect.stringMatching(/^import\[\d+\]: an import into "aws_vpc_security_group_egress_rule\./),
    );
  });

  test("requires the import the map asks for", () => {
    const json = synth();
    json.import = json.import.filter((i: { to: string }) => !rules(json).includes(i.to));
    expect(messages(json)).toContainEqual(
      "import: no import for adopt.clientEgressRuleIds; the contract requires one into the aws_vpc_security_group_egress_rule.client-to-flipt",
    );
  });
});
