import "cdktf/lib/testing/adapters/jest";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { environments } from "../environments";
import { ENVIRONMENT_NAMES } from "../environments/types";
import {
  containerDefinitions,
  onlyResource,
  ref,
  resourcesOf,
  synthEnvironment,
  type TerraformJson,
} from "./helpers";

// Invariants every environment's stack must hold. Expected values are MilMove's facts
// (reference: the app's FEATURE_FLAG_SERVER_URL), written here from the environment name,
// not read back from the code under test.
describe.each(environments.map((e) => [e.name, e] as const))("%s stack", (name, environment) => {
  let synth: string;
  let json: TerraformJson;
  beforeAll(() => {
    ({ synth, json } = synthEnvironment(environment));
  });

  it("creates the private DNS namespace svc-<env>.local in the environment's VPC", () => {
    expect(synth).toHaveResourceWithProperties(ServiceDiscoveryPrivateDnsNamespace, {
      name: `svc-${name}.local`,
      vpc: expect.stringMatching(/^\$\{data\.aws_vpc\.[\w-]+\.id\}$/),
    });
  });

  it("creates the discovery service flipt in that namespace: A record, short TTL, MULTIVALUE, custom health", () => {
    const namespace = onlyResource(json, "aws_service_discovery_private_dns_namespace");
    expect(synth).toHaveResourceWithProperties(ServiceDiscoveryService, {
      name: "flipt",
      dns_config: {
        namespace_id: ref("aws_service_discovery_private_dns_namespace", namespace.name, "id"),
        routing_policy: "MULTIVALUE",
        dns_records: [{ type: "A", ttl: 10 }],
      },
      health_check_custom_config: { failure_threshold: 1 },
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

  it("runs the ECS service in the cluster app-<env> with no public IP", () => {
    const cluster = Object.entries(json.data?.aws_ecs_cluster ?? {});
    expect(cluster).toHaveLength(1);
    expect(cluster[0][1]).toMatchObject({ cluster_name: `app-${name}` });
    expect(synth).toHaveResourceWithProperties(EcsService, {
      name: "flipt",
      cluster: ref("data.aws_ecs_cluster", cluster[0][0], "arn"),
      launch_type: "FARGATE",
      network_configuration: expect.objectContaining({ assign_public_ip: false }),
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      desired_count: environment.flipt.desiredCount,
    });
  });

  it("admits port 8080 only from the app and app-client-tls security groups", () => {
    const clientGroups = Object.entries(json.data?.aws_security_group ?? {});
    expect(clientGroups.map(([, c]) => c.name).sort()).toEqual(
      [`ecs-app-${name}`, `ecs-app-client-tls-${name}`].sort(),
    );
    const flipt = onlyResource(json, "aws_security_group");
    const ingress = resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(([, c]) => c);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule).toEqual({
        security_group_id: ref("aws_security_group", flipt.name, "id"),
        referenced_security_group_id: expect.any(String),
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        description: expect.stringMatching(/^Flipt API from ECS service app(-client-tls)?$/),
      });
    }
    expect(ingress.map((r) => r.referenced_security_group_id).sort()).toEqual(
      clientGroups.map(([groupName]) => ref("data.aws_security_group", groupName, "id")).sort(),
    );
    expect(flipt.config).not.toHaveProperty("ingress");
    expect(resourcesOf(json, "aws_security_group_rule")).toHaveLength(0);
  });

  it("sends only HTTPS out", () => {
    const egress = resourcesOf(json, "aws_vpc_security_group_egress_rule").map(([, c]) => c);
    expect(egress).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443 }),
    ]);
  });

  it("runs Flipt as its non-root user with a read-only root filesystem and a /health check", () => {
    const [container] = containerDefinitions(json);
    expect(container).toMatchObject({
      name: `flipt-${name}`,
      user: "100:1000",
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: [expect.objectContaining({ containerPort: 8080 })],
      healthCheck: expect.objectContaining({
        command: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"],
      }),
      logConfiguration: {
        logDriver: "awslogs",
        options: expect.objectContaining({
          "awslogs-group": `ecs-tasks-flipt-${name}`,
          "awslogs-region": "us-gov-west-1",
        }),
      },
    });
    expect(container.image).toMatch(
      /^\$\{data\.aws_ecr_repository\.[\w-]+\.repository_url\}(:v1\.\d+\.\d+|@sha256:[a-f0-9]{64})$/,
    );
  });

  it("configures Flipt for S3 object storage with telemetry, update checks and profiling off", () => {
    const [container] = containerDefinitions(json);
    const env = Object.fromEntries(
      (container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      FLIPT_STORAGE_TYPE: "object",
      FLIPT_STORAGE_OBJECT_TYPE: "s3",
      FLIPT_STORAGE_OBJECT_S3_BUCKET: `transcom-gov-milmove-${name}-flipt-us-gov-west-1`,
      FLIPT_STORAGE_OBJECT_S3_REGION: "us-gov-west-1",
      FLIPT_STORAGE_OBJECT_S3_POLL_INTERVAL: expect.stringMatching(/^\d+s$/),
      FLIPT_LOG_ENCODING: "json",
      FLIPT_META_CHECK_FOR_UPDATES: "false",
      FLIPT_META_TELEMETRY_ENABLED: "false",
      FLIPT_DIAGNOSTICS_PROFILING_ENABLED: "false",
    });
  });

  it("configures the provider for GovCloud: region, FIPS endpoints and the account guard", () => {
    expect(synth).toHaveProviderWithProperties(AwsProvider, {
      region: "us-gov-west-1",
      use_fips_endpoint: true,
      allowed_account_ids: ["${var.account_id}"],
      default_tags: [
        {
          tags: expect.objectContaining({
            Environment: name,
            Application: "milmove",
            Automation: "Terraform",
          }),
        },
      ],
    });
    expect(json.variable?.account_id).toMatchObject({
      type: "string",
      validation: [expect.objectContaining({ condition: expect.stringContaining("^[0-9]{12}$") })],
    });
    expect(json.variable?.account_id).not.toHaveProperty("default");
  });

  it("outputs the endpoint URL MilMove's app is configured with", () => {
    expect(json.output?.endpoint_url.value).toBe(`http://flipt.svc-${name}.local:8080`);
  });

  it("outputs what operators need", () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      "discovery_service_arn",
      "down_alarm_name",
      "ecs_service_name",
      "endpoint_url",
      "flag_bucket_name",
      "log_group_name",
      "namespace_hosted_zone_id",
      "namespace_id",
      "security_group_id",
    ]);
  });

  it("alarms when Flipt has no running task, on a metric that needs no Container Insights", () => {
    expect(onlyResource(json, "aws_cloudwatch_metric_alarm").config).toMatchObject({
      alarm_name: `flipt-${name}-no-running-task`,
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: `app-${name}`, ServiceName: "flipt" },
      statistic: "SampleCount",
      period: 60,
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
  });

  it("has no UI load balancer unless the environment turns it on", () => {
    expect(resourcesOf(json, "aws_lb")).toHaveLength(0);
    expect(onlyResource(json, "aws_ecs_service").config).not.toHaveProperty("load_balancer");
  });

  it("contains no literal arn:aws: (GovCloud ARNs are built from the partition)", () => {
    expect(synth).not.toContain("arn:aws:");
    expect(synth).toContain("arn:${data.aws_partition.");
  });

  it("refers to no other environment", () => {
    const others = ENVIRONMENT_NAMES.filter((n) => n !== name);
    const tokens = new Set(synth.split(/[^A-Za-z0-9]+/));
    expect(others.filter((other) => tokens.has(other))).toEqual([]);
  });

  it("matches its snapshot (backstop; the assertions above are the contract)", () => {
    expect(JSON.parse(synth)).toMatchSnapshot();
  });
});
