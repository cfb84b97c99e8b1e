/**
 * The parsers shared by environment validation and the policy pack (modules/private): one
 * meaning per concept, whatever the spelling. Also: the pack's defaults are environment
 * validation's constants, and a cdktf token left unresolved is a finding of the pure core.
 */
import { isWildcardResource, parseArn, principalAccount } from "../../modules/private/arn";
import {
  cidrWithin,
  cidrsOverlap,
  coversAnywhere,
  familiesCovered,
  parseCidr,
} from "../../environments/cidr";
import { pinsKey, restricts } from "../../modules/private/condition";
import { actionMatches, actionScope } from "../../modules/private/iam-action";

describe("cidr", () => {
  test.each(["::/0", "::0/0", "0:0::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"])(
    "%s is IPv6 anywhere",
    (cidr) => expect(familiesCovered([cidr])).toEqual([6]),
  );

  test("ranges that together cover a family are anywhere", () => {
    expect(coversAnywhere(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"])).toBe(true);
    expect(coversAnywhere(["::/1", "8000::/1"])).toBe(true);
    expect(coversAnywhere(["0.0.0.0/1", "128.0.0.0/2"])).toBe(false);
  });

  test.each([
    "010.0.0.0/8",
    "10.0.0.0/08",
    "10.0.0/8",
    "10.0.0.0",
    "256.0.0.0/8",
    "10.0.0.0/33",
    "::1/129",
    "1::2::3/64",
    "fe80::1%eth0/64",
    "10.0.0.0/8 ",
  ])("%j is malformed", (cidr) => expect(parseCidr(cidr)).toBeUndefined());

  test("host bits are reported, containment and overlap are by address", () => {
    expect(parseCidr("10.0.0.1/8")?.hostBitsSet).toBe(true);
    expect(cidrWithin("10.1.0.0/16", "10.0.0.0/8")).toBe(true);
    expect(cidrWithin("2001:db8:1::/48", "2001:0db8::/32")).toBe(true);
    expect(cidrWithin("10.0.0.0/8", "10.1.0.0/16")).toBe(false);
    expect(cidrsOverlap("10.0.0.0/8", "10.200.0.0/16")).toBe(true);
    expect(cidrsOverlap("::ffff:10.0.0.0/104", "10.0.0.0/8")).toBe(false);
  });
});

describe("arn", () => {
  test.each([
    "*",
    "**",
    "arn:*",
    "arn:${data.aws_partition.p.partition}:kms:*:*:key/*",
    "arn:aws-us-gov:iam::123456789012:role/*",
    "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:*",
    "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/*",
    "arn:aws-us-gov:s3:::*",
    "arn:aws-us-gov:s3:::*/*",
    "arn:aws-us-gov:iam::*:role/flipt",
  ])("%s reaches every resource of its kind", (value) =>
    expect(isWildcardResource(value)).toBe(true),
  );

  test.each([
    "arn:aws-us-gov:s3:::bucket/*",
    "arn:aws-us-gov:iam::123456789012:role/flipt-*",
    "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "${aws_s3_bucket.b.arn}/*",
  ])("%s is narrow", (value) => expect(isWildcardResource(value)).toBe(false));

  test("fields split outside expressions; principals name their account", () => {
    expect(parseArn("arn:${x.y.z}:sns:us-gov-west-1:1:t")?.service).toBe("sns");
    expect(principalAccount("123456789012")).toBe("123456789012");
    expect(principalAccount("arn:aws-us-gov:iam::123456789012:root")).toBe("123456789012");
    expect(principalAccount("arn:aws-us-gov:sts::123456789012:assumed-role/r/s")).toBe(
      "123456789012",
    );
    expect(principalAccount("ecs-tasks.amazonaws.com")).toBeUndefined();
  });
});

describe("iam-action", () => {
  test.each([
    ["s3:Get*", "s3:GetObject", true],
    ["IAM:passrole", "iam:PassRole", true],
    ["iam:Pass*", "iam:PassRole", true],
    ["iam:Pas?Role", "iam:PassRole", true],
    ["s3:Get*", "s3:PutObject", false],
  ])("%s matches %s: %s", (pattern, action, expected) =>
    expect(actionMatches(pattern, action)).toBe(expected),
  );

  test.each([
    ["*", "every-action"],
    ["*:*", "every-action"],
    ["**", "every-action"],
    ["*?:*", "every-action"],
    ["s3:*", "service-wide"],
    ["s3:**", "service-wide"],
    ["*:GetObject", "service-wide"],
    ["s3:Get*", "narrow"],
  ])("%s is %s", (pattern, scope) => expect(actionScope(pattern)).toBe(scope));
});

describe("condition", () => {
  const c = (operator: string, values: string[], key = "aws:SourceAccount") => ({
    operator,
    key,
    values,
  });
  test.each([
    c("StringLike", ["*"]),
    c("StringEqualsIfExists", ["123456789012"]),
    c("ForAllValues:StringEquals", ["123456789012"]),
    c("Null", ["false"]),
    c("StringEquals", []),
    c("StringEqualz", ["123456789012"]),
  ])("$operator $values restricts nothing", (condition) =>
    expect(restricts(condition)).toBe(false),
  );

  test("an equality on the account pins it; on another key, or to another account, it does not", () => {
    const own = (v: string) => v === "123456789012";
    expect(pinsKey(c("StringEquals", ["123456789012"]), "aws:sourceaccount", own)).toBe(true);
    expect(pinsKey(c("StringEquals", ["999999999999"]), "aws:SourceAccount", own)).toBe(false);
    expect(pinsKey(c("StringNotEquals", ["123456789012"]), "aws:SourceAccount", own)).toBe(false);
    expect(
      pinsKey(c("StringEquals", ["123456789012"], "aws:SourceArn"), "aws:SourceAccount", own),
    ).toBe(false);
  });
});
