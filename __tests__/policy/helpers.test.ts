/** The shared helpers rules rely on, at their edges. */
import {
  parseReference,
  readBool,
  unknownInArn,
  unresolvedExpressions,
} from "../../modules/policy/private/expressions";
import { actionMatches, readPolicy } from "../../modules/policy/private/iam";
import {
  isHarmlessValue,
  isSecretName,
  secretValueKind,
} from "../../modules/policy/private/secrets";
import { cidrWithin } from "../../modules/policy/private/security-groups";
import { StackIndex } from "../../modules/policy/private/stack-index";

const stack = new StackIndex({
  resource: { aws_kms_key: { key: {} }, aws_kms_alias: { alias: { name: "alias/flipt" } } },
  data: { aws_partition: { p: {} }, aws_kms_key: { s3: { key_id: "alias/aws/s3" } } },
});

describe("expressions", () => {
  test.each([
    ["${aws_kms_key.key.arn}", "aws_kms_key.key", "arn"],
    ["${data.aws_partition.p.partition}", "data.aws_partition.p", "partition"],
    [
      "${aws_ecs_service.s.network_configuration[0].subnets}",
      "aws_ecs_service.s",
      "network_configuration[0].subnets",
    ],
  ])("%s is a reference to %s (%s)", (value, address, attribute) => {
    expect(parseReference(value)).toMatchObject({ address, attribute });
  });

  test.each([
    "${var.x}",
    "${local.y}",
    "arn:${aws_kms_key.key.arn}",
    "${jsonencode({a = 1})}",
    "plain",
  ])("%s is not a lone block reference", (value) => expect(parseReference(value)).toBeUndefined());

  test("only references to blocks of the stack are known", () => {
    expect(
      unresolvedExpressions(
        "arn:${data.aws_partition.p.partition}:kms:${var.r}:${aws_kms_key.gone.arn}",
        stack,
      ),
    ).toEqual(["${var.r}", "${aws_kms_key.gone.arn}"]);
    expect(unresolvedExpressions('x${lookup({"a" = "}"}, "a")}y $${literal}', stack)).toEqual([
      '${lookup({"a" = "}"}, "a")}',
    ]);
  });

  test("booleans accept Terraform's string forms and flag expressions", () => {
    expect(readBool("true")).toEqual({ state: "literal", value: true });
    expect(readBool("1")).toEqual({ state: "literal", value: true });
    expect(readBool("0")).toEqual({ state: "literal", value: false });
    expect(readBool("yes")).toEqual({ state: "invalid", value: "yes" });
    expect(readBool("${var.x}")).toEqual({ state: "unresolved", expression: "${var.x}" });
    expect(readBool(null)).toEqual({ state: "absent" });
  });
});

describe("ARN templates", () => {
  const accounts = new Set(["${var.account_id}"]);
  test.each([
    ["arn:${data.aws_partition.p.partition}:iam::${var.account_id}:root", []],
    ["${aws_kms_key.key.arn}/*", []],
    ["arn:${data.aws_partition.p.partition}:s3:::${var.account_id}/*", ["${var.account_id}"]],
    ["${var.account_id}:log-group:x", ["${var.account_id}"]],
    ["arn:aws-us-gov:logs:us-gov-west-1:${var.other}:log-group:x", ["${var.other}"]],
    ["arn:${var.partition}:s3:::b", ["${var.partition}"]],
  ])("%s has unknown parts %j", (value, unknown) =>
    expect(unknownInArn(value, stack, accounts)).toEqual(unknown),
  );

  test("the account variable is the one the provider's allowed_account_ids names", () => {
    const pinned = new StackIndex({
      provider: { aws: [{ allowed_account_ids: ["${var.account_id}"] }] },
    });
    expect([...pinned.accountVariables]).toEqual(["${var.account_id}"]);
    expect(stack.accountVariables.size).toBe(0);
  });
});

describe("IAM", () => {
  test.each([
    ["s3:*", "s3:GetObject", true],
    ["*", "iam:PassRole", true],
    ["iam:Pass*", "iam:PassRole", true],
    ["S3:getobject", "s3:GetObject", true],
    ["s3:Get*", "s3:PutObject", false],
  ])("%s matches %s: %s", (pattern, action, expected) =>
    expect(actionMatches(pattern, action)).toBe(expected),
  );

  test("a policy that is not JSON is unresolved, with the reason", () => {
    expect(readPolicy("${jsonencode({})}", stack)).toMatchObject({
      state: "unresolved",
      reason: "it is a Terraform expression",
    });
    expect(readPolicy("{not json", stack)).toMatchObject({
      state: "unresolved",
      reason: "it is not valid JSON",
    });
  });

  test("principals and conditions are normalized", () => {
    const policy = readPolicy(
      JSON.stringify({
        Statement: {
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      }),
      stack,
    );
    expect(policy).toMatchObject({
      state: "parsed",
      statements: [
        {
          principals: [{ type: "*", id: "*" }],
          actions: ["s3:GetObject"],
          conditions: [{ operator: "Bool", key: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
  });
});

describe("secrets", () => {
  test.each([
    ["DB_PASSWORD", true],
    ["FLIPT_AUTHENTICATION_METHODS_TOKEN_BOOTSTRAP_TOKEN", true],
    ["apiKey", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["FLIPT_LOG_LEVEL", false],
    ["FLIPT_AUTHENTICATION_REQUIRED", false],
    ["PASSAGE_COUNT", false],
  ])("%s names a secret: %s", (name, expected) => expect(isSecretName(name)).toBe(expected));

  test("flags and numbers are not secrets; keys and URLs with passwords are", () => {
    expect(isHarmlessValue("true")).toBe(true);
    expect(isHarmlessValue("30s")).toBe(true);
    expect(isHarmlessValue("hunter2")).toBe(false);
    expect(secretValueKind("AKIAABCDEFGHIJKLMNOP")).toBe("an AWS access key id");
    expect(secretValueKind("https://u:p@host/x")).toBe("a URL with a password");
    expect(secretValueKind("https://host/x")).toBeUndefined();
  });
});

describe("CIDRs", () => {
  test.each([
    ["10.1.0.0/16", "10.0.0.0/8", true],
    ["10.0.0.0/8", "10.0.0.0/16", false],
    ["192.168.1.0/24", "10.0.0.0/8", false],
    ["10.0.0.5/32", "10.0.0.0/24", true],
    ["fd00::/64", "fd00::/64", true],
  ])("%s within %s: %s", (inner, outer, expected) =>
    expect(cidrWithin(inner, outer)).toBe(expected),
  );
});
