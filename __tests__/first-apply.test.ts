import "cdktf/lib/testing/adapters/jest";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environments } from "../environments";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";
import {
  environmentOfStack as environmentOf,
  terraformTestSuite,
} from "../scripts/terraform-test-suite";
import {
  conventional,
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

  it("looks the configured image up in the repository, so a missing tag or digest fails the plan", () => {
    const image = onlyData(json, "aws_ecr_image").config;
    const repository = onlyData(json, "aws_ecr_repository");
    const { digest, version } = env.flipt.image;
    expect(image).toMatchObject({
      repository_name: `\${data.aws_ecr_repository.${repository.name}.name}`,
    });
    if (digest) {
      // The digest form is pinned in detail by "image pinned by digest" below.
      expect(image).toMatchObject({ image_digest: digest });
      expect(image.image_tag).toBeUndefined();
      return;
    }
    expect(image.image_tag).toBe(version);
    expect(postconditions(image)).toEqual([
      {
        condition: `\${contains(self.image_tags, "${version}")}`,
        error_message: expect.stringContaining(
          `Image ${version} is not in ECR repository ${env.flipt.image.repository}`,
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
    const env = withChanges(conventional("stg"), (c) => (c.flipt.image.digest = digest));
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
        "rejects_vpc_without_dns_support",
        "rejects_vpc_without_dns_hostnames",
        "rejects_inactive_cluster",
      ]) {
        expect(suite).toContain(`run "${run}"`);
      }
      // A pinned digest cannot be shown missing under the mock (the suite says so instead).
      expect(suite.includes(`run "rejects_missing_image"`)).toBe(!env.flipt.image.digest);
      if (env.flipt.image.digest) expect(suite).toMatch(/pinned by digest; a missing digest/);
      // These guards exist only where the configuration asks for them: the account id variable
      // when no literal id is committed, the subnet lookup when subnets are found by name.
      expect(suite.includes(`run "rejects_malformed_account_id"`)).toBe(
        env.accountId === undefined,
      );
      expect(suite.includes(`run "rejects_no_matching_subnet"`)).toBe(
        "namePattern" in env.network.privateSubnets,
      );
      expect(suite).toContain(`"http://${env.serviceName}.${env.namespaceName}:8080"`);
    }
  });

  it("refuses a stack with a postcondition that no run exercises", () => {
    const { json } = synthEnvironment(conventional("stg"));
    json.data!.aws_kms_alias = {
      extra: { name: "alias/x", lifecycle: { postcondition: [{ condition: "${true}" }] } },
    };
    expect(() => terraformTestSuite(json, conventional("stg"))).toThrow(
      /data\.aws_kms_alias\.extra has a postcondition that no run exercises/,
    );
  });
});

describe("alerts from ECS events", () => {
  const withTopic = FIXTURE_STACKS.find((f) => f.stackName === "fixture-all-options")!.environment;
  const topic = withTopic.alarm.snsTopicArn!;
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(withTopic)));

  const patternFor = (eventName: string) => {
    const service = onlyResource(json, "aws_ecs_service").name;
    const rules = Object.entries(json.resource!.aws_cloudwatch_event_rule);
    const found = rules.filter(([, r]) =>
      (
        JSON.parse(r.event_pattern as string) as { detail: { eventName: string[] } }
      ).detail.eventName.includes(eventName),
    );
    expect(found).toHaveLength(1);
    const [name, rule] = found[0];
    const pattern = JSON.parse(rule.event_pattern as string) as Record<string, unknown>;
    expect(pattern).toMatchObject({
      source: ["aws.ecs"],
      resources: [`\${aws_ecs_service.${service}.id}`],
    });
    const targets = Object.values(json.resource!.aws_cloudwatch_event_target).filter(
      (t) => t.rule === `\${aws_cloudwatch_event_rule.${name}.name}`,
    );
    expect(targets).toEqual([expect.objectContaining({ arn: topic })]);
    return pattern["detail-type"];
  };

  it.each([
    ["SERVICE_DEPLOYMENT_FAILED", "ECS Deployment State Change"],
    ["SERVICE_TASK_START_IMPAIRED", "ECS Service Action"],
    ["SERVICE_DISCOVERY_INSTANCE_UNHEALTHY", "ECS Service Action"],
  ])("sends %s of this service only to the environment's SNS topic", (eventName, detailType) => {
    expect(patternFor(eventName)).toEqual([detailType]);
  });

  it("has no rules without a topic to send them to", () => {
    const { json: quiet } = synthEnvironment(withChanges(withTopic, (c) => (c.alarm = {})));
    expect(quiet.resource!.aws_cloudwatch_event_rule).toBeUndefined();
    expect(quiet.resource!.aws_cloudwatch_event_target).toBeUndefined();
  });
});

describe("the UI's DNS name", () => {
  const env = FIXTURE_STACKS.find((f) => f.stackName === "fixture-all-options")!.environment;
  const dns = env.ui!.dns!;
  let json: TerraformJson;
  beforeAll(() => ({ json } = synthEnvironment(env)));

  it("is a CNAME to the load balancer's DNS name (alias records are not assumed in GovCloud)", () => {
    const lb = onlyResource(json, "aws_lb").name;
    expect(onlyResource(json, "aws_route53_record").config).toMatchObject({
      zone_id: dns.hostedZoneId,
      name: dns.recordName,
      type: "CNAME",
      records: [`\${aws_lb.${lb}.dns_name}`],
    });
    expect(onlyResource(json, "aws_route53_record").config.alias).toBeUndefined();
  });

  it("is checked at plan to be below the apex of the configured zone", () => {
    const zone = onlyData(json, "aws_route53_zone").config;
    expect(zone.zone_id).toBe(dns.hostedZoneId);
    expect(postconditions(zone)).toEqual([
      {
        condition: `\${endswith("${dns.recordName}", ".\${trimsuffix(lower(self.name), ".")}")}`,
        error_message: expect.stringContaining("must be a name below the apex"),
      },
    ]);
  });
});

describe("egress from the app's security groups to Flipt", () => {
  const base = conventional("stg");

  it("adds one described rule per client group, to Flipt's group on 8080, when asked", () => {
    const { json } = synthEnvironment(withChanges(base, (c) => (c.clientEgress = true)));
    const flipt = onlyResource(json, "aws_security_group").name;
    const clients = Object.entries(json.data!.aws_security_group);
    expect(clients.map(([, c]) => c.name).sort()).toEqual(
      base.clients.map((c) => ("name" in c.securityGroup ? c.securityGroup.name : "")).sort(),
    );
    const egress = Object.values(json.resource!.aws_vpc_security_group_egress_rule).filter(
      (r) => r.referenced_security_group_id === `\${aws_security_group.${flipt}.id}`,
    );
    expect(egress).toHaveLength(base.clients.length);
    for (const [address, client] of clients) {
      expect(egress).toContainEqual(
        expect.objectContaining({
          security_group_id: `\${data.aws_security_group.${address}.id}`,
          ip_protocol: "tcp",
          from_port: 8080,
          to_port: 8080,
          description: expect.stringContaining(
            `ECS service ${String(client.name).replace(/^ecs-(.*)-stg$/, "$1")} to Flipt`,
          ),
        }),
      );
    }
  });

  it("leaves the client groups alone by default", () => {
    const { json } = synthEnvironment(base);
    const rules = json.resource!.aws_vpc_security_group_egress_rule ?? {};
    const onClients = Object.values(rules).filter((r) =>
      String(r.security_group_id).startsWith("${data.aws_security_group."),
    );
    expect(onClients).toEqual([]);
  });
});

describe.each(environments.map((e) => [e.name, e] as const))(
  "%s: execution role trust",
  (name, env) => {
    it("is exactly what AWS documents for the task execution role: ecs-tasks, no condition", () => {
      const { json } = synthEnvironment(env);
      const role = Object.values(json.resource!.aws_iam_role).find(
        (r) => r.name === `ecs-task-execution-role-${env.serviceName}-${name}`,
      )!;
      const policy = JSON.parse(role.assume_role_policy as string) as { Statement: unknown[] };
      expect(policy.Statement).toEqual([
        {
          Sid: expect.any(String),
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ]);
    });
  },
);

describe("npm run test:terraform without terraform", () => {
  // A PATH holding only what the script needs before it looks for terraform.
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), "tf-test-path-"));
    const dirname = execFileSync("/bin/sh", ["-c", "command -v dirname"], { encoding: "utf8" });
    fs.symlinkSync(dirname.trim(), path.join(bin, "dirname"));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  const run = (env: Record<string, string>) =>
    spawnSync("/bin/bash", ["scripts/terraform-test.sh"], {
      cwd: path.join(__dirname, ".."),
      env: { PATH: bin, ...env },
      encoding: "utf8",
    });

  it("says plainly that it skipped, and succeeds, on a developer machine", () => {
    const result = run({});
    expect(result.stderr).toMatch(/^test:terraform: SKIPPED: terraform is not installed/m);
    expect(result.status).toBe(0);
  });

  it.each<Record<string, string>>([{ TERRAFORM_TEST_REQUIRED: "1" }, { CI: "true" }])(
    "fails when required (%o)",
    (env) => {
      const result = run(env);
      expect(result.stderr).toMatch(/SKIPPED/);
      expect(result.status).toBe(1);
    },
  );
});
