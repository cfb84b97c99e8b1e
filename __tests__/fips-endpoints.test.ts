import { environments } from "../environments";
import { ENDPOINT_OF_TYPE, FIPS_SERVICES } from "../modules/fips-endpoints";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";
import { containerDefinitions, synthEnvironment, type TerraformJson } from "./helpers";

const stacks: [string, TerraformJson, string][] = [
  ...environments.map(
    (e) => [e.name, synthEnvironment(e).json, e.region] as [string, TerraformJson, string],
  ),
  ...FIXTURE_STACKS.map(
    (f) =>
      [f.stackName, synthEnvironment(f.environment).json, f.environment.region] as [
        string,
        TerraformJson,
        string,
      ],
  ),
];

describe.each(stacks)(
  "%s: every AWS API call goes to a FIPS endpoint chosen here",
  (_, json, region) => {
    const endpoints = (json.provider!.aws[0].endpoints as Record<string, string>[])[0];
    const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];

    it("has an endpoint decision for every resource and data source type", () => {
      const undecided = types.filter((t) => ENDPOINT_OF_TYPE[t] === undefined);
      expect(undecided).toEqual([]);
    });

    it("sets the endpoint of each service its resources call, and of STS (the account guard)", () => {
      const needed = new Set(types.map((t) => ENDPOINT_OF_TYPE[t]).filter((k) => k !== "none"));
      needed.add("sts");
      for (const key of needed) {
        expect(endpoints[key]).toMatch(/^https:\/\/[a-z0-9.-]+\.amazonaws\.com$/);
      }
      expect(json.provider!.aws[0].use_fips_endpoint).toBe(true);
    });

    it("sends Flipt's own AWS calls (S3, through gocloud and the AWS SDK for Go v2) to FIPS endpoints", () => {
      for (const container of containerDefinitions(json)) {
        expect(container.environment).toContainEqual({
          name: "AWS_USE_FIPS_ENDPOINT",
          value: "true",
        });
      }
    });

    it("uses the dedicated -fips hosts where GovCloud has them (ECR included)", () => {
      for (const key of ["ecs", "servicediscovery", "kms", "s3", "ecr"]) {
        expect(endpoints[key]).toBe(`https://${key}-fips.${region}.amazonaws.com`);
      }
      expect(endpoints.iam).toBe("https://iam.us-gov.amazonaws.com");
    });
  },
);

it("decides nothing that is not an endpoint of the provider block", () => {
  const keys = new Set(FIPS_SERVICES.map((s) => s.endpointKey));
  for (const decision of Object.values(ENDPOINT_OF_TYPE)) {
    if (decision !== "none") expect(keys).toContain(decision);
  }
});
