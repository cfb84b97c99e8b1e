/**
 * One source of truth (issue 10, item 7): the pack's defaults are the constants environment
 * validation enforces (environments/rules.ts). Changing one there changes both.
 */
import * as rules from "../../environments/rules";
import { resolveSettings } from "../../modules/policy/options";

test("the pack's defaults are environment validation's constants", () => {
  const settings = resolveSettings({ production: false });
  expect(settings.allowedRegions).toEqual(rules.GOVCLOUD_REGIONS);
  expect(settings.partition).toBe(rules.GOVCLOUD_PARTITION);
  expect(settings.minLogRetentionDays).toBe(rules.MIN_RETENTION_DAYS);
  expect(settings.requiredTagKeys).toEqual(rules.REQUIRED_TAG_KEYS);
  expect(settings.maxDnsTtlSeconds).toBe(rules.DNS_TTL_BOUNDS.max);
  expect(settings.allowedIngressCidrs).toEqual(rules.DEFAULT_ALLOWED_INGRESS_CIDRS);
});

test("changing a shared constant changes the pack and validation together", async () => {
  await jest.isolateModulesAsync(async () => {
    jest.doMock("../../environments/rules", () => ({
      ...jest.requireActual<typeof rules>("../../environments/rules"),
      GOVCLOUD_REGIONS: ["us-gov-east-1"],
      MIN_RETENTION_DAYS: 400,
      REQUIRED_TAG_KEYS: ["Environment", "CostCenter"],
      DNS_TTL_BOUNDS: { min: 1, max: 5 },
    }));
    const { resolveSettings: resolve } = await import("../../modules/policy/options");
    const { validateEnvironment } = await import("../../environments/validation");
    // MilMove's conventions for stg, not the committed file, whose values an engineer tunes.
    const { FLIPT_DEFAULTS, milmoveConventions } = await import("../../environments/milmove");
    const stg = { ...milmoveConventions("stg"), production: false, flipt: FLIPT_DEFAULTS };
    const settings = resolve({ production: false });
    expect(settings.allowedRegions).toEqual(["us-gov-east-1"]);
    expect(settings.minLogRetentionDays).toBe(400);
    expect(settings.requiredTagKeys).toEqual(["Environment", "CostCenter"]);
    expect(settings.maxDnsTtlSeconds).toBe(5);
    const problems = validateEnvironment(stg).join("\n");
    expect(problems).toMatch(
      /stg: region "us-gov-west-1" is not allowed; use a GovCloud region: us-gov-east-1/,
    );
    expect(problems).toMatch(
      /stg: logRetentionDays 365 is not allowed; use a CloudWatch retention of at least 400 days/,
    );
    expect(problems).toMatch(/stg: tags\.CostCenter \(missing\) is not allowed/);
    expect(problems).toMatch(
      /stg: dnsTtlSeconds 10 is not allowed; use a whole number from 1 to 5/,
    );
  });
});
