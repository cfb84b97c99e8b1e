import "cdktf/lib/testing/adapters/jest";
import type { EnvironmentConfig } from "../environments/types";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";
import {
  conventional,
  onlyResource,
  ref,
  resourcesOf,
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
    expect(importsOf(json)).toHaveLength(expected().length + 3 + 1);
  });

  it("imports the 2023 egress rule of a client's group to Flipt, and creates the other client's", () => {
    const rules = resourcesOf(json, "aws_vpc_security_group_egress_rule");
    expect(rules).toHaveLength(env.clients.length);
    const flipt = ref("aws_security_group", onlyResource(json, "aws_security_group").name, "id");
    const imported = rules.filter(([name]) =>
      importsOf(json).some((i) => i.to === `aws_vpc_security_group_egress_rule.${name}`),
    );
    expect(imported).toHaveLength(1);
    const [name, rule] = imported[0];
    expect(importsOf(json)).toContainEqual({
      to: `aws_vpc_security_group_egress_rule.${name}`,
      id: adopt.clientEgressRuleIds!.app,
    });
    // The app's rule, to Flipt's group on 8080: what the 2023 rule is, so nothing replaces it.
    expect(rule).toMatchObject({
      referenced_security_group_id: flipt,
      ip_protocol: "tcp",
      from_port: 8080,
      to_port: 8080,
      description: expect.stringMatching(/^ECS service app to Flipt/),
    });
    const app = Object.keys(json.data!.aws_security_group).find(
      (n) => json.data!.aws_security_group[n].name === "ecs-app-stg",
    )!;
    expect(rule.security_group_id).toBe(`\${data.aws_security_group.${app}.id}`);
  });

  it("keeps an adopted security group's description (changing it would replace the group)", () => {
    const group = onlyResource(json, "aws_security_group").config;
    expect(group.lifecycle).toMatchObject({ ignore_changes: ["description"] });
  });

  it("plans nothing to replace or destroy once adopt is removed: only imports, protection and VPC checks go", () => {
    const { json: after } = synthEnvironment(withChanges(env, (c) => delete c.adopt));
    // What Terraform compares with the state: every resource's arguments and the lifecycle
    // settings that shape a plan (ignore_changes), with the import-only parts taken out.
    const planned = (j: TerraformJson) =>
      Object.fromEntries(
        Object.entries(j.resource!).flatMap(([type, byName]) =>
          Object.entries(byName).map(([name, config]) => {
            const { lifecycle, ...args } = config as { lifecycle?: Record<string, unknown> };
            // prevent_destroy and the adopted namespace's VPC check refuse a plan, never shape one.
            const kept = Object.entries(lifecycle ?? {}).filter(
              ([key]) =>
                key !== "prevent_destroy" &&
                !(
                  key === "postcondition" && type === "aws_service_discovery_private_dns_namespace"
                ),
            );
            return [`${type}.${name}`, { ...args, lifecycle: Object.fromEntries(kept) }];
          }),
        ),
      );
    expect(planned(after)).toEqual(planned(json));
    expect(importsOf(after)).toEqual([]);
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
    expect(lookups[0][1]).toMatchObject({ name: env.namespaceName, type: "DNS_PRIVATE" });
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

  it("stops the plan unless its hosted zone is the private zone of that name in the stack's VPC", () => {
    const [zone] = namespaceZone(json);
    const [, lookup] = Object.entries(json.data!.aws_service_discovery_dns_namespace)[0];
    expect(lookup.lifecycle).toEqual({
      postcondition: [
        {
          condition: `\${self.hosted_zone == data.aws_route53_zone.${zone}.zone_id}`,
          error_message: expect.stringMatching(
            /^stg: Cloud Map namespace svc-stg\.local \(looked up by name\) is not the namespace of the stack's VPC/,
          ),
        },
      ],
    });
  });
});

/** The private-zone lookups of the namespace's name in the stack's VPC: [name, config]. */
function namespaceZone(json: TerraformJson): [string, Record<string, unknown>] {
  const vpc = Object.keys(json.data!.aws_vpc)[0];
  const zones = Object.entries(json.data?.aws_route53_zone ?? {}).filter(
    ([, z]) => z.vpc_id !== undefined,
  );
  expect(zones).toHaveLength(1);
  expect(zones[0][1]).toMatchObject({
    name: "svc-stg.local",
    vpc_id: `\${data.aws_vpc.${vpc}.id}`,
    private_zone: true,
  });
  return zones[0];
}

describe("the namespace's VPC is checked at plan", () => {
  it("for an adopted namespace: its hosted zone must be the stack VPC's private zone of that name", () => {
    const { json } = synthEnvironment(fixture("fixture-adoption"));
    const [zone] = namespaceZone(json);
    const namespace = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    expect(namespace.config.lifecycle).toMatchObject({
      postcondition: [
        {
          condition: `\${self.hosted_zone == data.aws_route53_zone.${zone}.zone_id}`,
          error_message: expect.stringContaining(
            "stg: Cloud Map namespace svc-stg.local (ns-0123456789abcdef) is not the namespace of the stack's VPC",
          ),
        },
      ],
    });
  });

  it("not for a namespace the stack creates (its zone does not exist before the apply)", () => {
    const { json } = synthEnvironment(
      withChanges(fixture("fixture-adoption"), (c) => delete c.adopt),
    );
    expect(json.data?.aws_route53_zone).toBeUndefined();
    const namespace = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    expect(namespace.config.lifecycle).toBeUndefined();
  });
});

describe("a namespace owned elsewhere, given by id", () => {
  const env = fixture("fixture-namespace-by-id");
  const id = (env.namespaceOwnedElsewhere as { id: string }).id;
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  it("is used by id: no lookup by name, so namespaces of that name in other VPCs do not matter", () => {
    expect(json.data?.aws_service_discovery_dns_namespace).toBeUndefined();
    expect(json.resource!.aws_service_discovery_private_dns_namespace).toBeUndefined();
    expect(onlyResource(json, "aws_service_discovery_service").config).toMatchObject({
      dns_config: expect.objectContaining({ namespace_id: id }),
    });
    expect(json.output!.namespace_id.value).toBe(id);
  });

  it("stops the plan unless the stack VPC's private zone of that name belongs to that namespace", () => {
    const [zone, config] = namespaceZone(json);
    expect(config.lifecycle).toEqual({
      postcondition: [
        {
          condition: `\${self.linked_service_principal == "servicediscovery.amazonaws.com" && endswith(coalesce(self.linked_service_description, "-"), ":namespace/${id}")}`,
          error_message: expect.stringContaining(
            `stg: Cloud Map namespace svc-stg.local (${id}) is not the namespace of the stack's VPC`,
          ),
        },
      ],
    });
    expect(json.output!.namespace_hosted_zone_id.value).toBe(
      `\${data.aws_route53_zone.${zone}.zone_id}`,
    );
  });
});

describe("adoption settings are validated", () => {
  const stg = conventional("stg");
  const suffix = `${stg.serviceName}-stg`;
  const withAdopt = (adopt: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    problemsWith(withChanges(stg, (c) => Object.assign(c, { adopt, ...more })));

  it("accepts the ids of what exists, named as the stack names it", () => {
    const { adopt, clientEgress } = fixture("fixture-adoption");
    expect(withAdopt(adopt as Record<string, unknown>, { clientEgress })).toEqual([]);
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
      expect.stringMatching(/^stg: adopt\.namespaceId .* when namespaceOwnedElsewhere is set/),
    ]);
  });

  describe("clientEgressRuleIds", () => {
    const rule = "sgr-0123456789abcdef0";
    const withRules = (ids: Record<string, string>, more: Record<string, unknown> = {}) =>
      withAdopt({ clientEgressRuleIds: ids }, { clientEgress: true, ...more });

    it("accepts a rule id for a configured client", () => {
      expect(withRules({ app: rule, "app-client-tls": "sgr-0fedcba9876543210" })).toEqual([]);
    });

    it.each([false, undefined])("refuses it with clientEgress %s", (clientEgress) => {
      expect(withRules({ app: rule }, { clientEgress })).toEqual([
        `stg: adopt.clientEgressRuleIds {"app":"${rule}"} is not allowed; use it only with clientEgress: true (without it the stack adds no egress rule to adopt)`,
      ]);
    });

    it("refuses a key that names no client", () => {
      expect(withRules({ ghc: rule })).toEqual([
        `stg: adopt.clientEgressRuleIds["ghc"] "${rule}" is not allowed; use a key naming a client: app, app-client-tls`,
      ]);
    });

    it.each(["sg-0123456789abcdef0", "sgr-0123", "sgr-0123456789ABCDEF0"])(
      "refuses the malformed rule id %s",
      (id) => {
        expect(withRules({ app: id })).toEqual([
          `stg: adopt.clientEgressRuleIds["app"] "${id}" is not allowed; use a security group rule id, sgr- and 17 hex digits`,
        ]);
      },
    );

    it("refuses one rule for two clients", () => {
      expect(withRules({ app: rule, "app-client-tls": rule })).toEqual([
        `stg: adopt.clientEgressRuleIds["app-client-tls"] "${rule}" is not allowed; use a different rule for each client (one rule, one owner)`,
      ]);
    });

    it("refuses a value that is not a string", () => {
      expect(withAdopt({ clientEgressRuleIds: { app: 1 } }, { clientEgress: true })).toEqual([
        expect.stringMatching(
          /^stg: adopt\.clientEgressRuleIds\["app"\] 1 is not allowed; use a string/,
        ),
      ]);
    });
  });

  it("refuses a clientEgress that is not a boolean", () => {
    expect(problemsWith(withChanges(stg, (c) => (c.clientEgress = "yes")))).toEqual([
      `stg: clientEgress "yes" is not allowed; use true or false (without quotes)`,
    ]);
  });

  it("refuses a namespaceOwnedElsewhere that is neither a boolean nor { id }", () => {
    expect(problemsWith(withChanges(stg, (c) => (c.namespaceOwnedElsewhere = "yes")))).toEqual([
      `stg: namespaceOwnedElsewhere "yes" is not allowed; use true, false or { id: "ns-..." } (true or false without quotes)`,
    ]);
    expect(
      problemsWith(
        withChanges(stg, (c) => (c.namespaceOwnedElsewhere = { name: "svc-stg.local" })),
      ),
    ).toEqual([expect.stringMatching(/^stg: namespaceOwnedElsewhere\.name is not a known field/)]);
  });

  it("refuses a namespace id that is not a Cloud Map namespace id", () => {
    expect(
      problemsWith(withChanges(stg, (c) => (c.namespaceOwnedElsewhere = { id: "svc-stg.local" }))),
    ).toEqual([
      expect.stringMatching(
        /^stg: namespaceOwnedElsewhere\.id "svc-stg\.local" is not allowed; use a Cloud Map namespace id/,
      ),
    ]);
  });

  it("refuses to import a namespace that is owned elsewhere by id", () => {
    expect(
      withAdopt(
        { namespaceId: "ns-0123456789abcdef" },
        { namespaceOwnedElsewhere: { id: "ns-0123456789abcdef" } },
      ),
    ).toEqual([
      expect.stringMatching(/^stg: adopt\.namespaceId .* when namespaceOwnedElsewhere is set/),
    ]);
  });
});

describe("after adoption the stack manages exactly what it declares", () => {
  const env = fixture("fixture-adoption");
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  it("keeps only each role's own inline policy and no managed policy, adopted or not", () => {
    for (const j of [json, synthEnvironment(withChanges(env, (c) => delete c.adopt)).json]) {
      const roles = Object.keys(j.resource!.aws_iam_role);
      const inline = Object.values(j.resource!.aws_iam_role_policies_exclusive);
      const attached = Object.values(j.resource!.aws_iam_role_policy_attachments_exclusive);
      expect(inline).toHaveLength(roles.length);
      expect(attached).toHaveLength(roles.length);
      for (const role of roles) {
        const roleName = ref("aws_iam_role", role, "name");
        const own = Object.entries(j.resource!.aws_iam_role_policy)
          .filter(([, p]) => p.role === ref("aws_iam_role", role, "id"))
          .map(([name]) => ref("aws_iam_role_policy", name, "name"));
        expect(own).toHaveLength(1);
        expect(inline.filter((e) => e.role_name === roleName)).toEqual([
          { role_name: roleName, policy_names: own },
        ]);
        expect(attached.filter((e) => e.role_name === roleName)).toEqual([
          { role_name: roleName, policy_arns: [] },
        ]);
      }
    }
  });

  it("starts the ECS service only once the roles hold exactly their grants", () => {
    const dependsOn = onlyResource(json, "aws_ecs_service").config.depends_on as string[];
    for (const type of [
      "aws_iam_role_policy",
      "aws_iam_role_policies_exclusive",
      "aws_iam_role_policy_attachments_exclusive",
    ]) {
      for (const name of Object.keys(json.resource![type])) {
        expect(dependsOn).toContain(`${type}.${name}`);
      }
    }
  });

  it("gives the adopted group its rules as inline sets, so old rules (the 2023 allow-all egress) are revoked", () => {
    const group = onlyResource(json, "aws_security_group");
    expect(group.config.egress).toEqual([
      expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443 }),
    ]);
    expect((group.config.ingress as unknown[]).length).toBe(env.clients.length);
    const own = ref("aws_security_group", group.name, "id");
    const separate = [
      ...resourcesOf(json, "aws_vpc_security_group_ingress_rule"),
      ...resourcesOf(json, "aws_vpc_security_group_egress_rule"),
    ].filter(([, r]) => r.security_group_id === own);
    expect(separate).toEqual([]);
  });
});
