import "cdktf/lib/testing/adapters/jest";
import * as path from "path";
import { Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { FLIPT_DEFAULTS, milmoveConventions } from "../environments/milmove";
import { ENVIRONMENT_NAMES } from "../environments/registry";
import type { EnvironmentConfig, EnvironmentName } from "../environments/types";
import { MIN_RETENTION_DAYS } from "../environments/validation";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { listFlagFolder } from "../modules/flags/flag-folder";
import { PolicyChecks } from "../modules/policy/policy-aspect";
import {
  buildStack,
  containerDefinitions,
  nonCompliantRules,
  onlyResource,
  ref,
  resourcesOf,
  synthEnvironment,
  validationProblems,
  withChanges,
  type TerraformJson,
} from "./helpers";
import { allCases, certificateFor, variantCases } from "./variants";

// MilMove's facts these invariants pin (everything else is read from the environment's config):
// the app reaches Flipt at http://flipt.svc-<env>.local:8080; the Cloud Map service and the ECS
// service are `flipt`; roles, log group, task family and container follow MilMove's
// `<prefix>-flipt-<env>` names; Flipt runs as uid 100:1000 and answers GET /health on 8080;
// GovCloud partition and FIPS. The rules (circuit breaker, no public IP, retention floor...) are
// the project's own. The same invariants run on the committed environments and on generated
// variants (a new environment, the UI on, other sizes, managed flags, Terraform Cloud).
const FLIPT_HTTP_PORT = 8080;

/**
 * The words of a stack that do not depend on its environment's name: the tokens of a probe
 * environment's stack, with every option on, that do not contain the probe's name.
 */
const FIXED_VOCABULARY = (() => {
  let words: Set<string> | undefined;
  return () => {
    if (words) return words;
    const probe = "zzprobe";
    const env = withChanges(
      { ...milmoveConventions(probe as EnvironmentName), production: false, flipt: FLIPT_DEFAULTS },
      (e) => {
        e.ui = {
          certificateArn: certificateFor(e as EnvironmentConfig),
          allowedCidrs: ["10.0.0.0/16"],
        };
        e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" };
      },
    );
    words = new Set(
      synthEnvironment(env)
        .synth.split(/[^A-Za-z0-9]+/)
        .filter((token) => !token.includes(probe)),
    );
    return words;
  };
})();

describe("the generated variants", () => {
  it.each(variantCases().map((c) => [c.label, c] as const))(
    "%s is a valid configuration",
    (_l, c) => {
      expect(validationProblems(c.all, c.names)).toEqual([]);
    },
  );
});

describe.each(allCases().map((c) => [c.label, c] as const))("%s", (_label, c) => {
  const env = c.environment;
  const name = env.name;
  let synth: string;
  let json: TerraformJson;
  beforeAll(() => {
    ({ synth, json } = synthEnvironment(env));
  });
  /** Flipt's own security group, named as MilMove names ECS services' groups. */
  const fliptSecurityGroup = () => {
    const found = resourcesOf(json, "aws_security_group").find(
      ([, group]) => group.name === `ecs-flipt-${name}`,
    );
    if (!found) throw new Error(`no security group ecs-flipt-${name}`);
    return { name: found[0], config: found[1] };
  };

  /** The namespace's id as the JSON refers to it: created here, or looked up when owned elsewhere. */
  const namespaceIdRef = (): string => {
    if (env.namespaceOwnedElsewhere) {
      const [address] = Object.keys(json.data?.aws_service_discovery_dns_namespace ?? {});
      return ref("data.aws_service_discovery_dns_namespace", address, "id");
    }
    const namespace = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    return ref("aws_service_discovery_private_dns_namespace", namespace.name, "id");
  };

  it("creates the private DNS namespace svc-<env>.local in the environment's VPC, or looks it up when another stack owns it", () => {
    if (env.namespaceOwnedElsewhere) {
      expect(resourcesOf(json, "aws_service_discovery_private_dns_namespace")).toHaveLength(0);
      expect(Object.values(json.data?.aws_service_discovery_dns_namespace ?? {})).toEqual([
        { name: `svc-${name}.local`, type: "DNS_PRIVATE" },
      ]);
      return;
    }
    expect(synth).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, {
      name: `svc-${name}.local`,
      vpc: expect.stringMatching(/^\$\{data\.aws_vpc\.[\w-]+\.id\}$/),
    });
  });

  it("creates the discovery service flipt in that namespace: A record, the configured TTL, MULTIVALUE, custom health", () => {
    expect(synth).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: "flipt",
      dns_config: {
        namespace_id: namespaceIdRef(),
        routing_policy: "MULTIVALUE",
        dns_records: [{ type: "A", ttl: env.dnsTtlSeconds }],
      },
      health_check_custom_config: { failure_threshold: 1 },
      // Destroying it must deregister what is left, or the namespace cannot be deleted.
      force_destroy: true,
    });
    expect(onlyResource(json, "aws_service_discovery_service").config).not.toHaveProperty(
      "health_check_config",
    );
  });

  it("registers the ECS service with that discovery service, by registry ARN only", () => {
    const discovery = onlyResource(json, "aws_service_discovery_service");
    const service = onlyResource(json, "aws_ecs_service").config;
    expect(service.service_registries).toEqual({
      registry_arn: ref("aws_service_discovery_service", discovery.name, "arn"),
    });
    expect(service).not.toHaveProperty("service_connect_configuration");
  });

  it("runs the ECS service flipt in the environment's cluster, privately, with rollback on failure", () => {
    const cluster = Object.entries(json.data?.aws_ecs_cluster ?? {});
    expect(cluster).toHaveLength(1);
    expect(cluster[0][1]).toMatchObject({ cluster_name: env.clusterName });
    expect(synth).toHaveResourceWithProperties(EcsService, {
      name: "flipt",
      cluster: ref("data.aws_ecs_cluster", cluster[0][0], "arn"),
      launch_type: "FARGATE",
      network_configuration: expect.objectContaining({ assign_public_ip: false }),
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      desired_count: env.flipt.desiredCount,
    });
  });

  it("admits 8080 only from the configured client services' security groups (and the UI's load balancer)", () => {
    const flipt = fliptSecurityGroup();
    // Inline: the group's rule set is authoritative, so an adopted group keeps no old rule.
    const ingress = flipt.config.ingress as Record<string, unknown>[];
    expect(ingress).toHaveLength(env.clients.length + (env.ui ? 1 : 0));
    for (const rule of ingress) {
      expect(rule).toMatchObject({
        protocol: "tcp",
        from_port: FLIPT_HTTP_PORT,
        to_port: FLIPT_HTTP_PORT,
        security_groups: [expect.any(String)],
        cidr_blocks: [],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        self: false,
      });
    }
    const expected = env.clients.map((client) =>
      "id" in client.securityGroup
        ? client.securityGroup.id
        : ref(
            "data.aws_security_group",
            Object.entries(json.data?.aws_security_group ?? {}).find(
              ([, lookup]) => lookup.name === (client.securityGroup as { name: string }).name,
            )![0],
            "id",
          ),
    );
    if (env.ui) {
      const alb = resourcesOf(json, "aws_security_group").find(
        ([address]) => address !== flipt.name,
      )!;
      expected.push(ref("aws_security_group", alb[0], "id"));
    }
    expect(ingress.map((r) => (r.security_groups as string[])[0]).sort()).toEqual(expected.sort());
    // No separate rule on Flipt's group: the inline set would revoke it at every apply.
    const own = ref("aws_security_group", flipt.name, "id");
    for (const type of [
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
    ]) {
      expect(resourcesOf(json, type).filter(([, r]) => r.security_group_id === own)).toEqual([]);
    }
    expect(resourcesOf(json, "aws_security_group_rule")).toHaveLength(0);
  });

  it("sends only HTTPS out from Flipt's security group, to any address (S3, ECR, Logs endpoints)", () => {
    expect(fliptSecurityGroup().config.egress).toEqual([
      {
        protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_blocks: ["0.0.0.0/0"],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
        description: expect.any(String),
      },
    ]);
  });

  it("defines the task as configured: Fargate, awsvpc, its size and architecture", () => {
    expect(synth).toHaveResourceWithProperties(EcsTaskDefinition, {
      family: `flipt-${name}`,
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: String(env.flipt.cpu),
      memory: String(env.flipt.memoryMiB),
      runtime_platform: {
        operating_system_family: "LINUX",
        cpu_architecture: env.flipt.cpuArchitecture,
      },
    });
  });

  it("runs Flipt as the task's one essential container, non-root, read-only root, tcp 8080, /health, awslogs", () => {
    expect(containerDefinitions(json)).toHaveLength(1);
    const [container] = containerDefinitions(json);
    expect(container).toMatchObject({
      name: `flipt-${name}`,
      essential: true,
      user: "100:1000",
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: [
        expect.objectContaining({
          containerPort: FLIPT_HTTP_PORT,
          hostPort: FLIPT_HTTP_PORT,
          protocol: "tcp",
        }),
      ],
      healthCheck: expect.objectContaining({
        command: [
          "CMD",
          "wget",
          "-q",
          "-O",
          "/dev/null",
          `http://127.0.0.1:${FLIPT_HTTP_PORT}/health`,
        ],
      }),
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": `ecs-tasks-flipt-${name}`,
          "awslogs-region": env.region,
          "awslogs-stream-prefix": "flipt",
        },
      },
    });
    expect(container.linuxParameters).toMatchObject({ capabilities: { drop: ["ALL"] } });
  });

  it("pulls the configured image from the account's private ECR, by digest when one is given", () => {
    const [container] = containerDefinitions(json);
    const repository = Object.entries(json.data?.aws_ecr_repository ?? {});
    expect(repository).toHaveLength(1);
    expect(repository[0][1]).toMatchObject({ name: env.flipt.image.repository });
    const url = ref("data.aws_ecr_repository", repository[0][0], "repository_url");
    const { digest, version } = env.flipt.image;
    expect(container.image).toBe(digest ? `${url}@${digest}` : `${url}:${version}`);
  });

  it("configures Flipt for its S3 flag bucket, with telemetry, update checks and profiling off", () => {
    const [container] = containerDefinitions(json);
    const vars = Object.fromEntries(
      (container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
    );
    expect(vars).toMatchObject({
      FLIPT_STORAGE_TYPE: "object",
      FLIPT_STORAGE_OBJECT_TYPE: "s3",
      FLIPT_STORAGE_OBJECT_S3_BUCKET: env.flagBucketName,
      FLIPT_STORAGE_OBJECT_S3_REGION: env.region,
      FLIPT_STORAGE_OBJECT_S3_POLL_INTERVAL: `${env.flipt.pollIntervalSeconds}s`,
      FLIPT_LOG_LEVEL: env.flipt.logLevel,
      FLIPT_LOG_ENCODING: "json",
      FLIPT_META_CHECK_FOR_UPDATES: "false",
      FLIPT_META_TELEMETRY_ENABLED: "false",
      FLIPT_DIAGNOSTICS_PROFILING_ENABLED: "false",
    });
    // Only under the configured prefix, when there is one.
    expect(vars.FLIPT_STORAGE_OBJECT_S3_PREFIX).toBe(
      env.flagPrefix === "" ? undefined : env.flagPrefix,
    );
  });

  it("destroys the flag bucket before its key, so a bucket that cannot go keeps its key", () => {
    const key = onlyResource(json, "aws_kms_key").name;
    expect(onlyResource(json, "aws_s3_bucket").config.depends_on).toEqual([`aws_kms_key.${key}`]);
  });

  it("keeps Flipt's logs in ecs-tasks-flipt-<env> as long as configured, never under the floor, encrypted", () => {
    expect(synth).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: `ecs-tasks-flipt-${name}`,
      retention_in_days: env.logRetentionDays,
      kms_key_id: ref("aws_kms_key", onlyResource(json, "aws_kms_key").name, "arn"),
    });
    expect(env.logRetentionDays).toBeGreaterThanOrEqual(MIN_RETENTION_DAYS);
  });

  it("configures the provider for GovCloud: region, FIPS endpoints, the account guard, the tags", () => {
    expect(synth).toHaveProviderWithProperties(AwsProvider, {
      region: env.region,
      use_fips_endpoint: true,
      allowed_account_ids: [env.accountId ?? "${var.account_id}"],
      default_tags: [{ tags: env.tags }],
    });
    if (env.accountId === undefined) {
      expect(json.variable?.account_id).toMatchObject({
        type: "string",
        validation: [
          expect.objectContaining({ condition: expect.stringContaining("^[0-9]{12}$") }),
        ],
      });
      expect(json.variable?.account_id).not.toHaveProperty("default");
    }
  });

  it("keeps its state where the environment says", () => {
    const b = env.backend;
    if (b.kind === "s3") {
      expect(json.terraform?.backend).toEqual({
        s3: expect.objectContaining({
          bucket: b.bucket,
          key: b.key,
          region: b.region,
          encrypt: true,
          use_lockfile: true,
          use_fips_endpoint: true,
        }),
      });
    } else if (b.kind === "cloud") {
      expect(json.terraform?.cloud).toMatchObject({
        organization: b.organization,
        workspaces: { name: b.workspace },
      });
      expect(json.terraform?.backend).toBeUndefined();
    } else {
      const stackDir = path.join(REPOSITORY_ROOT, "cdktf.out", "stacks", name);
      const written = (json.terraform?.backend as { local: { path: string } }).local.path;
      expect(path.resolve(stackDir, written)).toBe(
        path.resolve(REPOSITORY_ROOT, b.path ?? `.terraform-state/${name}/terraform.tfstate`),
      );
    }
  });

  it("outputs the endpoint URL MilMove's app is configured with, and what operators need", () => {
    expect(json.output?.endpoint_url.value).toBe(`http://flipt.svc-${name}.local:8080`);
    expect(Object.keys(json.output ?? {})).toEqual(
      expect.arrayContaining([
        "discovery_service_arn",
        "down_alarm_name",
        "ecs_service_name",
        "endpoint_url",
        "flag_bucket_name",
        "log_group_name",
        "namespace_hosted_zone_id",
        "namespace_id",
        "security_group_id",
      ]),
    );
    expect(Object.keys(json.output ?? {}).includes("ui_url")).toBe(env.ui !== undefined);
  });

  it("alarms when Flipt has no running task, on a metric that needs no Container Insights", () => {
    expect(onlyResource(json, "aws_cloudwatch_metric_alarm").config).toMatchObject({
      alarm_name: `flipt-${name}-no-running-task`,
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: env.clusterName, ServiceName: "flipt" },
      statistic: "SampleCount",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
  });

  it("has a UI load balancer exactly when the environment turns the UI on", () => {
    const expected = env.ui ? 1 : 0;
    expect(resourcesOf(json, "aws_lb")).toHaveLength(expected);
    expect(
      Object.keys(onlyResource(json, "aws_ecs_service").config).includes("load_balancer"),
    ).toBe(env.ui !== undefined);
    if (env.ui) {
      expect(onlyResource(json, "aws_lb").config).toMatchObject({
        internal: true,
        enable_deletion_protection: env.ui.deletionProtection ?? true,
      });
    }
  });

  it("uploads the flag folder's files exactly when flags are managed here", () => {
    const objects = resourcesOf(json, "aws_s3_object");
    if (env.flags.mode === "managed") {
      const listing = listFlagFolder(path.join(REPOSITORY_ROOT, env.flags.directory));
      expect(objects.length).toBe(listing.flagFiles.length + (listing.indexFile ? 1 : 0));
      expect(objects.length).toBeGreaterThan(0);
    } else {
      expect(objects).toHaveLength(0);
    }
  });

  it("contains no literal arn:aws: (GovCloud ARNs are built from the partition)", () => {
    expect(synth).not.toContain("arn:aws:");
    expect(synth).toContain("arn:${data.aws_partition.");
  });

  it("refers to no other environment", () => {
    // Words every stack contains whatever its environment is called (`dev` in /dev/null, `kms`
    // in kms:Decrypt...) are no reference to an environment of that name.
    const tokens = new Set(
      synth.split(/[^A-Za-z0-9]+/).filter((token) => !FIXED_VOCABULARY().has(token)),
    );
    const others = new Set(
      [...ENVIRONMENT_NAMES, ...c.all.map((e) => e.name as string)].filter((n) => n !== name),
    );
    expect([...others].filter((other) => tokens.has(other))).toEqual([]);
  });

  it("passes the stack contract and the policy pack with no error and no warning", () => {
    const stack = buildStack(env);
    Testing.fullSynth(stack);
    const report = PolicyChecks.reportOf(stack)!;
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(nonCompliantRules(report)).toEqual([]);
    expect(report.production).toBe(env.production);
  });
});
