import "cdktf/lib/testing/adapters/jest";
import type { EnvironmentConfig } from "../environments/types";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";
import {
  conventional,
  onlyResource,
  problemsWith,
  synthEnvironment,
  withChanges,
  type TerraformJson,
} from "./helpers";

type ImportBlock = { to: string; id: string };
const importsOf = (json: TerraformJson) =>
  ((json as { import?: ImportBlock[] }).import ?? []) as ImportBlock[];
const fixture = (name: string): EnvironmentConfig =>
  FIXTURE_STACKS.find((f) => f.stackName === name)!.environment;

describe("adopting the resources of an existing Flipt", () => {
  const env = fixture("fixture-adoption");
  const adopt = env.adopt!;
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  // Import ids per the provider's import documentation of each resource type.
  const expected = (): [string, string][] => [
    ["aws_kms_key", adopt.kmsKeyId!],
    ["aws_kms_alias", adopt.kmsAliasName!],
    ["aws_cloudwatch_log_group", adopt.logGroupName!],
    ["aws_s3_bucket", adopt.flagBucketName!],
    ["aws_security_group", adopt.securityGroupId!],
    ["aws_service_discovery_service", adopt.discoveryServiceId!],
    ["aws_ecs_service", adopt.ecsService!],
  ];

  it.each(expected())("imports the existing %s by its id", (type, id) => {
    const { name } = onlyResource(json, type);
    expect(importsOf(json)).toContainEqual({ to: `${type}.${name}`, id });
  });

  it("imports both roles by name", () => {
    const roles = Object.entries(json.resource!.aws_iam_role);
    for (const roleName of [adopt.taskRoleName!, adopt.executionRoleName!]) {
      const [address] = roles.find(([, c]) => c.name === roleName)!;
      expect(importsOf(json)).toContainEqual({ to: `aws_iam_role.${address}`, id: roleName });
    }
  });

  it("imports the namespace as <namespace id>:<vpc id>, the VPC read at plan", () => {
    const { name } = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    const vpc = Object.keys(json.data!.aws_vpc)[0];
    expect(importsOf(json)).toContainEqual({
      to: `aws_service_discovery_private_dns_namespace.${name}`,
      id: `${adopt.namespaceId}:\${data.aws_vpc.${vpc}.id}`,
    });
  });

  it("protects every adopted object from a replacing plan", () => {
    for (const { to } of importsOf(json)) {
      const [type, name] = to.split(".");
      expect(json.resource![type][name].lifecycle).toMatchObject({ prevent_destroy: true });
    }
    expect(importsOf(json)).toHaveLength(expected().length + 3);
  });

  it("keeps an adopted security group's description (changing it would replace the group)", () => {
    const group = onlyResource(json, "aws_security_group").config;
    expect(group.lifecycle).toMatchObject({ ignore_changes: ["description"] });
  });

  it("imports nothing and protects nothing when nothing is adopted", () => {
    const { json: plain } = synthEnvironment(withChanges(env, (c) => delete c.adopt));
    expect(importsOf(plain)).toEqual([]);
    const protectedOnes = Object.values(plain.resource!).flatMap((byName) =>
      Object.values(byName).filter(
        (c) => (c.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy,
      ),
    );
    expect(protectedOnes).toEqual([]);
  });
});

describe("a namespace owned by other infrastructure", () => {
  const env = fixture("fixture-external-namespace");
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  it("is looked up by name, never created", () => {
    expect(json.resource!.aws_service_discovery_private_dns_namespace).toBeUndefined();
    const lookups = Object.entries(json.data!.aws_service_discovery_dns_namespace);
    expect(lookups).toHaveLength(1);
    expect(lookups[0][1]).toEqual({ name: env.namespaceName, type: "DNS_PRIVATE" });
  });

  it("holds the flipt discovery service, which the ECS service registers in", () => {
    const [lookup] = Object.keys(json.data!.aws_service_discovery_dns_namespace);
    const discovery = onlyResource(json, "aws_service_discovery_service");
    expect(discovery.config).toMatchObject({
      name: env.serviceName,
      dns_config: expect.objectContaining({
        namespace_id: `\${data.aws_service_discovery_dns_namespace.${lookup}.id}`,
      }),
    });
    expect(onlyResource(json, "aws_ecs_service").config.service_registries).toEqual({
      registry_arn: `\${aws_service_discovery_service.${discovery.name}.arn}`,
    });
    expect(json.output!.namespace_id.value).toBe(
      `\${data.aws_service_discovery_dns_namespace.${lookup}.id}`,
    );
  });
});

describe("adoption settings are validated", () => {
  const stg = conventional("stg");
  const suffix = `${stg.serviceName}-stg`;
  const withAdopt = (adopt: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    problemsWith(withChanges(stg, (c) => Object.assign(c, { adopt, ...more })));

  it("accepts the ids of what exists, named as the stack names it", () => {
    expect(withAdopt(fixture("fixture-adoption").adopt as Record<string, unknown>)).toEqual([]);
  });

  it.each([
    [
      "namespaceId",
      "ns-123",
      /adopt\.namespaceId "ns-123" is not allowed; use a Cloud Map namespace id/,
    ],
    ["namespaceId", "svc-stg.local", /adopt\.namespaceId "svc-stg\.local" is not allowed/],
    [
      "discoveryServiceId",
      "ns-0123456789abcdef",
      /adopt\.discoveryServiceId .* a Cloud Map service id/,
    ],
    ["securityGroupId", "sg-xyz", /adopt\.securityGroupId "sg-xyz" is not allowed; use sg-/],
    [
      "kmsKeyId",
      "alias/flipt-stg",
      /adopt\.kmsKeyId "alias\/flipt-stg" is not allowed; use a KMS key id/,
    ],
  ])("refuses a malformed %s", (field, value, message) => {
    const problems = withAdopt({ [field]: value });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^stg: ${message.source}`))]);
  });

  it.each([
    ["ecsService", "app-stg/flipt-old", `app-stg/flipt`],
    ["taskRoleName", "flipt-task-role", `ecs-task-role-${suffix}`],
    ["executionRoleName", "ecsTaskExecutionRole", `ecs-task-execution-role-${suffix}`],
    ["logGroupName", "/ecs/flipt", `ecs-tasks-${suffix}`],
    ["flagBucketName", "some-other-bucket", stg.flagBucketName],
  ])("refuses %s under another name than the stack gives it", (field, value, expected) => {
    expect(withAdopt({ [field]: value })).toEqual([
      expect.stringContaining(
        `stg: adopt.${field} ${JSON.stringify(value)} is not allowed; use ${expected} (`,
      ),
    ]);
  });

  it("refuses a key alias under another name than the stack gives it", () => {
    const keyId = fixture("fixture-adoption").adopt!.kmsKeyId;
    expect(withAdopt({ kmsKeyId: keyId, kmsAliasName: "alias/flipt" })).toEqual([
      expect.stringContaining(
        `stg: adopt.kmsAliasName "alias/flipt" is not allowed; use alias/${suffix} (`,
      ),
    ]);
  });

  it("refuses a key alias without the key behind it", () => {
    expect(withAdopt({ kmsAliasName: `alias/${suffix}` })).toEqual([
      expect.stringMatching(/^stg: adopt\.kmsAliasName .* together with adopt\.kmsKeyId/),
    ]);
  });

  it("refuses to import a namespace that is owned elsewhere", () => {
    expect(
      withAdopt({ namespaceId: "ns-0123456789abcdef" }, { namespaceOwnedElsewhere: true }),
    ).toEqual([
      expect.stringMatching(/^stg: adopt\.namespaceId .* when namespaceOwnedElsewhere is true/),
    ]);
  });

  it.each(["namespaceOwnedElsewhere", "clientEgress"])(
    "refuses a %s that is not a boolean",
    (field) => {
      expect(problemsWith(withChanges(stg, (c) => (c[field] = "yes")))).toEqual([
        `stg: ${field} "yes" is not allowed; use true or false (without quotes)`,
      ]);
    },
  );
});
