import "cdktf/lib/testing/adapters/jest";
import { environments } from "../environments";
import {
  environmentOfStack as environmentOf,
  terraformTestSuite,
} from "../scripts/terraform-test-suite";
import {
  environmentNamed,
  onlyResource,
  synthEnvironment,
  withChanges,
  type TerraformJson,
} from "./helpers";

type Postcondition = { condition: string; error_message: string };
const postconditions = (config: Record<string, unknown>): Postcondition[] =>
  (config.lifecycle as { postcondition?: Postcondition[] } | undefined)?.postcondition ?? [];
const onlyData = (json: TerraformJson, type: string) => {
  const all = Object.entries(json.data?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one data ${type}, found ${all.length}`);
  return { name: all[0][0], config: all[0][1] };
};

describe.each(environments.map((e) => [e.name, e] as const))("%s: plan-time guards", (_, env) => {
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  it("fails the plan when the cluster is not ACTIVE, naming the cluster", () => {
    const cluster = onlyData(json, "aws_ecs_cluster").config;
    expect(cluster.cluster_name).toBe(env.clusterName);
    expect(postconditions(cluster)).toEqual([
      {
        condition: '${self.status == "ACTIVE"}',
        error_message: expect.stringContaining(`ECS cluster ${env.clusterName} is not ACTIVE`),
      },
    ]);
  });

  it("looks the image tag up in the repository, so a missing tag fails the plan", () => {
    const image = onlyData(json, "aws_ecr_image").config;
    const repository = onlyData(json, "aws_ecr_repository");
    expect(image).toMatchObject({
      repository_name: `\${data.aws_ecr_repository.${repository.name}.name}`,
      image_tag: env.flipt.image.version,
    });
    expect(postconditions(image)).toEqual([
      {
        condition: `\${contains(self.image_tags, "${env.flipt.image.version}")}`,
        error_message: expect.stringContaining(
          `Image ${env.flipt.image.version} is not in ECR repository ${env.flipt.image.repository}`,
        ),
      },
    ]);
  });

  it("fails the apply when ECS rolled the deployment back", () => {
    const service = onlyResource(json, "aws_ecs_service").config;
    const task = onlyResource(json, "aws_ecs_task_definition").name;
    expect(service.wait_for_steady_state).toBe(true);
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(service.task_definition).toBe(`\${aws_ecs_task_definition.${task}.arn}`);
    expect(postconditions(service)).toEqual([
      {
        condition: `\${self.task_definition == aws_ecs_task_definition.${task}.arn}`,
        error_message: expect.stringMatching(/rolled the .* deployment back/),
      },
    ]);
  });
});

describe("image pinned by digest", () => {
  it("looks the digest up instead of the tag", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const env = withChanges(environmentNamed("stg"), (c) => (c.flipt.image.digest = digest));
    const { json } = synthEnvironment(env);
    const image = onlyData(json, "aws_ecr_image").config;
    expect(image.image_digest).toBe(digest);
    expect(image.image_tag).toBeUndefined();
    expect(postconditions(image)[0].condition).toBe(`\${self.image_digest == "${digest}"}`);
  });
});

describe("terraform test suite generator", () => {
  it("gives every environment's guards a run that expects them to fail", () => {
    for (const env of environments) {
      const { json } = synthEnvironment(env);
      const suite = terraformTestSuite(json, environmentOf(env.name));
      for (const run of [
        "rejects_malformed_account_id",
        "rejects_vpc_without_dns_support",
        "rejects_vpc_without_dns_hostnames",
        "rejects_no_matching_subnet",
        "rejects_inactive_cluster",
        "rejects_missing_image",
      ]) {
        expect(suite).toContain(`run "${run}"`);
      }
      expect(suite).toContain(`"http://${env.serviceName}.${env.namespaceName}:8080"`);
    }
  });

  it("refuses a stack with a postcondition that no run exercises", () => {
    const { json } = synthEnvironment(environmentNamed("stg"));
    json.data!.aws_kms_alias = {
      extra: { name: "alias/x", lifecycle: { postcondition: [{ condition: "${true}" }] } },
    };
    expect(() => terraformTestSuite(json, environmentNamed("stg"))).toThrow(
      /data\.aws_kms_alias\.extra has a postcondition that no run exercises/,
    );
  });
});
