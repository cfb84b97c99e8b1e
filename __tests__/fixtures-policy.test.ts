import { Testing } from "cdktf";
import { checkConfiguration, REPOSITORY_ROOT } from "../modules/configuration";
import { FliptStack } from "../modules/flipt-stack";
import { PolicyChecks } from "../modules/policy/policy-aspect";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";

// The fixtures turn every option on (UI with DNS, managed flags, alerts, adoption, a namespace
// owned elsewhere, app egress). `npm run validate` and `npm run test:terraform` synthesize
// them; the policy pack must pass them as it passes the environments, or those checks fail
// before terraform ever runs.
describe.each(FIXTURE_STACKS.map((f) => [f.stackName, f] as const))("fixture %s", (_n, fixture) => {
  it("is a valid configuration", () => {
    expect(() => checkConfiguration([fixture.environment])).not.toThrow();
  });

  it("passes the policy pack with no error", () => {
    const stack = new FliptStack(Testing.app(), fixture.stackName, {
      environment: fixture.environment,
      repositoryRoot: REPOSITORY_ROOT,
    });
    Testing.fullSynth(stack);
    expect(PolicyChecks.reportOf(stack)!.summary.errors).toBe(0);
  });
});
