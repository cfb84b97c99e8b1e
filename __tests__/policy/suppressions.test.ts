/** Suppressions: validated when declared, scoped, reported when unused, audited in the JSON. */
import "cdktf/lib/testing/adapters/jest";
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { PolicyReport } from "../../modules/policy/report";
import { PolicySuppressions } from "../../modules/policy/suppressions";
import {
  bucket,
  fixture,
  logGroup,
  narrowStatement,
  role,
  rolePolicy,
  row,
  synth,
  warnings,
  type Fixture,
} from "./fixtures";

const REASON = "ECR issues registry tokens account-wide; no resource-level form exists.";
const TOKEN_STATEMENT = { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" };
const TOKEN_FINDING = "Resource::*::ecr:GetAuthorizationToken";

describe("declaring", () => {
  const f = fixture();
  const target = logGroup(f);

  test("a reason under 20 characters is rejected", () => {
    expect(() => PolicySuppressions.add(target, [{ id: "LOG-01", reason: "because" }])).toThrow(
      'Invalid policy suppression on test/logs:\n  - LOG-01: reason "because" has 7 characters; give at least 20',
    );
  });

  test("an unknown rule id is rejected", () => {
    expect(() => PolicySuppressions.add(target, [{ id: "LOG-9", reason: REASON }])).toThrow(
      /"LOG-9" is not a rule of the policy pack; known ids: CON-01, IAM-01/,
    );
  });

  test.each(["CON-01", "SEC-01", "SG-01"])("unsuppressible %s is rejected", (id) => {
    expect(() => PolicySuppressions.add(target, [{ id, reason: REASON }])).toThrow(
      new RegExp(`${id} cannot be suppressed`),
    );
  });

  // Issue 14: a reason that is filler says nothing a reviewer can judge.
  test.each([
    ["TODO: write the reason for this one", /is a placeholder \("TODO"\)/],
    ["n/a n/a n/a n/a n/a n/a n/a n/a", /is a placeholder/],
    ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", /is a placeholder/],
    ["accepted accepted accepted accepted", /has 1 distinct word/],
    ["fine fine ok ok fine fine ok ok ok fine", /has 2 distinct word/],
    [
      "one two three four five one two three four five one two three four five",
      /repeats its words/,
    ],
  ])("a filler reason %j is rejected", (reason, message) => {
    expect(() => PolicySuppressions.add(target, [{ id: "LOG-01", reason }])).toThrow(message);
  });

  test("a reason a reviewer can judge is accepted", () => {
    const g = fixture();
    expect(() =>
      PolicySuppressions.add(logGroup(g), [{ id: "LOG-01", reason: REASON }]),
    ).not.toThrow();
  });

  test("every problem is listed at once", () => {
    expect(() =>
      PolicySuppressions.add(target, [
        { id: "SG-01", reason: "short" },
        { id: "IAM-03", reason: REASON, appliesTo: [] },
      ]),
    ).toThrow(
      /SG-01 cannot be suppressed.*\n.*SG-01: reason "short".*\n.*IAM-03: appliesTo is empty/,
    );
  });

  test("a construct outside any stack is rejected", () => {
    expect(() => PolicySuppressions.add(f.app, [{ id: "LOG-01", reason: REASON }])).toThrow(
      /not inside a TerraformStack/,
    );
  });

  test("nothing is recorded when a declaration is rejected", () => {
    expect(PolicySuppressions.of(target)).toEqual([]);
  });
});

describe("applying", () => {
  test("a suppression covers the construct's findings of that rule and is audited in cdk.tf.json", () => {
    const f = fixture();
    const policy = rolePolicy(f, [TOKEN_STATEMENT]);
    PolicySuppressions.add(policy, [{ id: "IAM-03", reason: REASON, appliesTo: [TOKEN_FINDING] }]);
    const { error, report, outdir } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(row(report, "IAM-03", "aws_iam_role_policy.policy")).toMatchObject({
      outcome: "suppressed",
      findings: [{ id: TOKEN_FINDING, suppressed: { reason: REASON, declaredOn: "test/policy" } }],
    });
    const json = JSON.parse(
      fs.readFileSync(path.join(outdir ?? "", "stacks", "test", "cdk.tf.json"), "utf8"),
    );
    expect(json.resource.aws_iam_role_policy.policy["//"].policy_suppressions).toEqual([
      { rule: "IAM-03", reason: REASON, declared_on: "test/policy", findings: [TOKEN_FINDING] },
    ]);
  });

  test("a suppression on a scope covers the constructs under it", () => {
    const f = fixture();
    const roles = new Construct(f.stack, "roles");
    new IamRolePolicy(roles, "policy", {
      role: role(f, "role").id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [TOKEN_STATEMENT] }),
    });
    PolicySuppressions.add(roles, [{ id: "IAM-03", reason: REASON }]);
    const { error, report } = synth(f.stack);
    expect(error).toBeUndefined();
    const result = report.results.find(
      (r) => r.rule === "IAM-03" && r.constructPath === "test/roles/policy",
    );
    expect(result?.subject).toMatch(/^aws_iam_role_policy\.roles_policy_[0-9A-F]{8}$/);
    expect(result?.outcome).toBe("suppressed");
  });

  test("appliesTo limits the suppression to the named findings", () => {
    const f = fixture();
    const policy = rolePolicy(f, [
      {
        Effect: "Allow",
        Action: ["s3:*", "logs:*"],
        Resource: `arn:${f.partition}:s3:::test-bucket`,
      },
    ]);
    PolicySuppressions.add(policy, [
      {
        id: "IAM-02",
        reason: "the bucket is this service's own scratch space",
        appliesTo: ["Action::s3:*"],
      },
    ]);
    const { error, report } = synth(f.stack);
    expect(error).toContain("(finding Action::logs:*)");
    expect(error).not.toContain("(finding Action::s3:*)");
    const result = row(report, "IAM-02", "aws_iam_role_policy.policy");
    expect(result.outcome).toBe("non-compliant");
    expect(result.findings?.map((x) => [x.id, Boolean(x.suppressed)])).toEqual([
      ["Action::s3:*", true],
      ["Action::logs:*", false],
    ]);
  });

  test("appliesTo may hold tokens, resolved at synthesis", () => {
    const f = fixture();
    const foreign = `arn:${f.partition}:iam::999999999999:root`;
    bucket(
      f,
      [],
      [{ Effect: "Allow", Principal: { AWS: foreign }, Action: "s3:GetObject", Resource: "*" }],
    );
    PolicySuppressions.add(f.stack, [
      {
        id: "S3-07",
        reason: "the audit account reads the flag history",
        appliesTo: [`Principal::${foreign}`],
      },
    ]);
    const { error, report } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(row(report, "S3-07", "aws_s3_bucket_policy.policy").outcome).toBe("suppressed");
  });

  test("reading secrets on * stays an error when IAM-03 is suppressed", () => {
    const f = fixture();
    const policy = rolePolicy(f, [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]);
    PolicySuppressions.add(policy, [{ id: "IAM-03", reason: REASON }]);
    const { error, report } = synth(f.stack);
    expect(error).toContain("(finding SecretRead::kms:Decrypt) This finding cannot be suppressed.");
    expect(error).not.toContain("(finding Resource::*::kms:Decrypt)");
    expect(row(report, "IAM-03", "aws_iam_role_policy.policy").findings).toEqual([
      expect.objectContaining({ id: "Resource::*::kms:Decrypt", suppressed: expect.anything() }),
      expect.objectContaining({ id: "SecretRead::kms:Decrypt", unsuppressible: true }),
    ]);
  });

  test("an IAM-03 suppression for one action on * does not cover other actions on *", () => {
    const f = fixture();
    const policy = rolePolicy(f, [
      { Sid: "GetRegistryToken", ...TOKEN_STATEMENT },
      { Sid: "Later", Effect: "Allow", Action: ["sts:AssumeRole"], Resource: "*" },
    ]);
    PolicySuppressions.add(policy, [{ id: "IAM-03", reason: REASON, appliesTo: [TOKEN_FINDING] }]);
    const { error, report } = synth(f.stack);
    expect(error).toContain("(finding Resource::*::sts:AssumeRole)");
    expect(row(report, "IAM-03", "aws_iam_role_policy.policy").findings).toEqual([
      expect.objectContaining({ id: TOKEN_FINDING, suppressed: expect.anything() }),
      expect.objectContaining({ id: "Resource::*::sts:AssumeRole" }),
    ]);
  });
});

describe("unused suppressions", () => {
  let f: Fixture;
  let report: PolicyReport;
  beforeAll(() => {
    f = fixture();
    const policy = rolePolicy(f, [narrowStatement(f), TOKEN_STATEMENT]);
    PolicySuppressions.add(policy, [
      { id: "IAM-03", reason: REASON, appliesTo: [TOKEN_FINDING, "Resource::arn:stale"] },
      { id: "IAM-02", reason: "kept from an older version of the policy" },
    ]);
    ({ report } = synth(f.stack));
  });

  test("a suppression that matched nothing is reported as a warning naming it", () => {
    expect(warnings(f.stack)).toContainEqual(
      "[policy] stack test: the IAM-02 suppression on test/policy matched no finding; remove it, or correct the rule id or finding id",
    );
  });

  test("an appliesTo entry that matched nothing is reported", () => {
    expect(warnings(f.stack)).toContainEqual(
      expect.stringContaining(
        'appliesTo entry "Resource::arn:stale" of the IAM-03 suppression on test/policy matched no finding',
      ),
    );
  });

  test("the report lists every suppression with its reason and matches", () => {
    expect(report.suppressions).toEqual([
      {
        rule: "IAM-03",
        reason: REASON,
        appliesTo: [TOKEN_FINDING, "Resource::arn:stale"],
        declaredOn: "test/policy",
        matched: [`aws_iam_role_policy.policy#${TOKEN_FINDING}`],
      },
      {
        rule: "IAM-02",
        reason: "kept from an older version of the policy",
        appliesTo: undefined,
        declaredOn: "test/policy",
        matched: [],
      },
    ]);
    expect(row(report, "IAM-03", "aws_iam_role_policy.policy")).toMatchObject({
      outcome: "suppressed",
      findings: [expect.objectContaining({ id: TOKEN_FINDING, suppressed: expect.anything() })],
    });
  });
});
