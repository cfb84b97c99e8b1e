import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { PolicyChecks } from "../../modules/policy/policy-aspect";
import { buildStack, conventional, withChanges } from "../helpers";

// The policy check resolves each stack once and serves that resolution (with the audit trail it
// adds) to cdktf's writer, instead of resolving twice. What is written must be exactly what a
// fresh resolution gives, audit trail included.
describe("the stack written after the policy check", () => {
  const stg = conventional("stg");
  it.each([
    ["as committed", stg],
    [
      "with the UI and alerts",
      withChanges(stg, (e) => {
        e.ui = {
          certificateArn:
            "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
          allowedCidrs: ["10.200.0.0/16"],
        };
        e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" };
      }),
    ],
  ])("%s equals a fresh resolution, audit trail included", (_label, env) => {
    const stack = buildStack(env);
    const outdir = Testing.fullSynth(stack);
    const written = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", env.name, "cdk.tf.json"), "utf8"),
    );
    expect(PolicyChecks.reportOf(stack)!.suppressions.length).toBeGreaterThan(0);
    expect(JSON.stringify(written)).toContain("policy_suppressions");
    expect(written).toEqual(JSON.parse(JSON.stringify(stack.toTerraform())));
  });
});
