import { Testing } from "cdktf";
import { environments } from "../environments";
import { PolicyChecks } from "../modules/policy/policy-aspect";
import { buildStack, conventional, nonCompliantRules, withChanges } from "./helpers";

// The suppressions the product code declares, and why a reviewer accepts them.
const expectedSuppressions = [
  {
    rule: "IAM-03",
    appliesTo: ["Resource::*::ecr:GetAuthorizationToken"],
    declaredOn: expect.stringMatching(/\/roles\/execution-policy$/),
    reason: expect.stringMatching(/^ecr:GetAuthorizationToken has no resource-level form/),
  },
  {
    rule: "IAM-05",
    appliesTo: ["Condition::aws:SourceAccount"],
    declaredOn: expect.stringMatching(/\/roles\/execution-role$/),
    reason: expect.stringMatching(/task execution role page, which documents no aws:SourceAccount/),
  },
];

describe.each(environments.map((e) => [e.name, e] as const))(
  "policy pack on the %s stack",
  (name, env) => {
    const stack = buildStack(env);
    beforeAll(() => Testing.fullSynth(stack));

    it("passes with no unsuppressed error and no warning", () => {
      const report = PolicyChecks.reportOf(stack)!;
      expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
      expect(nonCompliantRules(report)).toEqual([]);
      expect(report.stack).toBe(name);
      expect(report.production).toBe(env.production);
    });

    it("uses only the reviewed suppressions, and they matched", () => {
      const { suppressions } = PolicyChecks.reportOf(stack)!;
      expect(suppressions).toHaveLength(expectedSuppressions.length);
      expect(suppressions).toEqual(
        expect.arrayContaining(expectedSuppressions.map((s) => expect.objectContaining(s))),
      );
    });
  },
);

describe("policy pack with every option on", () => {
  const stg = conventional("stg");
  const prd = conventional("prd");
  const ui = {
    certificateArn:
      "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    allowedCidrs: ["10.200.0.0/16"],
  };

  it("passes the UI, a flag writer and an alarm topic in production with no error or warning", () => {
    const stack = buildStack(
      withChanges(prd, (e) => {
        e.ui = ui;
        e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" };
        e.flags = {
          mode: "external",
          writerRoleName: "flag-pipeline",
        };
      }),
    );
    Testing.fullSynth(stack);
    expect(PolicyChecks.reportOf(stack)!.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("passes the UI and managed flags outside production with no error or warning", () => {
    const stack = buildStack(
      withChanges(stg, (e) => {
        e.ui = ui;
        e.flags = { mode: "managed", directory: "flags/stg" };
      }),
    );
    Testing.fullSynth(stack);
    expect(PolicyChecks.reportOf(stack)!.summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("passes the UI with deletion protection off: a configuration choice, not a finding", () => {
    const stack = buildStack(
      withChanges(stg, (e) => (e.ui = { ...ui, deletionProtection: false })),
    );
    Testing.fullSynth(stack);
    expect(PolicyChecks.reportOf(stack)!.summary).toMatchObject({ errors: 0, warnings: 0 });
  });
});
