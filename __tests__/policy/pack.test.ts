/**
 * The pack as a whole: its rule ids, escape hatches, unknown values, messages, report files and
 * how the checks are applied. Each rule's own cases are in rules.test.ts and spellings.test.ts.
 */
import "cdktf/lib/testing/adapters/jest";
import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { evaluateStack } from "../../modules/policy/evaluate";
import { resolveSettings } from "../../modules/policy/options";
import { POLICY_PACK, POLICY_RULE_IDS } from "../../modules/policy/pack";
import { PolicyChecks } from "../../modules/policy/policy-aspect";
import type { PolicyReport } from "../../modules/policy/report";
import { conventional } from "../helpers";
import { fixture, logGroup, row, synth } from "./fixtures";

test("the pack's rule ids are pinned", () => {
  expect([...POLICY_RULE_IDS].sort()).toEqual([
    "CON-01",
    "IAM-01",
    "IAM-02",
    "IAM-03",
    "IAM-04",
    "IAM-05",
    "IAM-06",
    "KMS-01",
    "LOG-01",
    "S3-03",
    "S3-07",
    "SEC-01",
    "SG-01",
    "SG-02",
  ]);
});

test("every rule has a one-line explanation", () => {
  for (const rule of POLICY_PACK) expect(rule.explanation).toMatch(/^[A-Z][^\n]{10,}\.$/);
});

test("a resource added as a raw stack override is checked (against the stack)", () => {
  const f = fixture();
  f.stack.addOverride("resource.aws_cloudwatch_log_group.raw", {
    name: "raw",
    retention_in_days: 1,
  });
  const { error, report } = synth(f.stack);
  expect(error).toContain("[LOG-01] stack test: aws_cloudwatch_log_group.raw: ");
  expect(row(report, "LOG-01", "aws_cloudwatch_log_group.raw").constructPath).toBe("test");
});

test("a value unknown at synth time is a finding, never a silent pass", () => {
  const f = fixture();
  const days = new TerraformVariable(f.stack, "days", { type: "number" });
  logGroup(f).addOverride("retention_in_days", days.numberValue);
  expect(synth(f.stack).error).toContain("(finding Unresolved::retention_in_days)");
});

test("each error names rule, stack, address, what is wrong and how to fix it", () => {
  const f = fixture({ stackName: "stg" });
  logGroup(f).addOverride("retention_in_days", 30);
  expect(synth(f.stack).error).toContain(
    '[LOG-01] stack stg: aws_cloudwatch_log_group.logs: retention_in_days is 30. Fix: set retention_in_days to a CloudWatch retention of at least 365 days: 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. (finding Retention::30) To accept it, suppress { id: "LOG-01", appliesTo: ["Retention::30"] } with a reason.',
  );
});

describe("the report", () => {
  let report: PolicyReport;
  beforeAll(() => {
    const f = fixture();
    logGroup(f).addOverride("retention_in_days", 30);
    ({ report } = synth(f.stack));
  });

  test("count the findings and name the construct of each row", () => {
    expect(row(report, "LOG-01", "aws_cloudwatch_log_group.logs")).toMatchObject({
      outcome: "non-compliant",
      severity: "error",
      constructPath: "test/logs",
      findings: [expect.objectContaining({ id: "Retention::30" })],
    });
    expect(report.summary.errors).toBeGreaterThan(1); // LOG-01 and the contract's
  });
});

describe("applying the checks", () => {
  test("invalid options fail when applied, listing every problem", () => {
    const f = fixture();
    const environment = {
      ...conventional("demo"),
      ui: { certificateArn: "unused", allowedCidrs: ["0.0.0.0/0", "nonsense"] },
    };
    expect(() =>
      PolicyChecks.applyTo(new TerraformStack(f.app, "other"), {
        environment,
        allowedIngressPorts: [70000],
      }),
    ).toThrow(
      /allowedIngressPorts 70000 .*\n.*ui.allowedCidrs nonsense .*\n.*may not contain 0\.0\.0\.0\/0/,
    );
  });

  test("applying twice to one stack is refused", () => {
    const f = fixture();
    PolicyChecks.applyTo(f.stack, { environment: conventional("demo") });
    expect(() => Testing.fullSynth(f.stack)).toThrow(/applied twice to stack test/);
  });

  test("the report carries the environment's production flag", () => {
    const f = fixture({ environment: conventional("prd") });
    expect(synth(f.stack).report.production).toBe(true);
  });
});

test("a rule that throws fails its check instead of aborting the run", () => {
  const [rule] = evaluateStack({
    json: { resource: { aws_s3_bucket: { b: {} } } },
    stackName: "x",
    settings: resolveSettings({ environment: conventional("demo") }),
    rules: [
      {
        id: "T-01",
        severity: "error",
        explanation: "Throws.",
        check: () => {
          throw new Error("boom");
        },
      },
    ],
  });
  expect(rule.result).toEqual({
    outcome: "non-compliant",
    findings: [
      expect.objectContaining({
        id: "RuleError",
        unsuppressible: true,
        message: expect.stringContaining("boom"),
      }),
    ],
  });
});
