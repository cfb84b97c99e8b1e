/**
 * THE STACK CONTRACT: everything a Flipt stack may hold, reviewed by hand (CODEOWNERS).
 *
 * Written on its own, not derived from the constructs, so that it catches what they (or an
 * escape hatch) do wrong. Every stack is checked against it at synthesis (rule CON-01, which
 * cannot be suppressed): a block kind, type, argument, nested block or value it does not name
 * is refused, and so is a block it requires that is missing.
 *
 * How to read it (vocabulary in private/shapes.ts):
 *   lit(v)        exactly v                 text()       a literal string, no ${...}/%{...}
 *   cfg("a.b")    the environment's a.b     member(...)  one of a config list
 *   tpl("x-{a}")  a string built from config fields; `{account}` is the guarded account
 *                 (committed id or ${var.account_id}); `[aws_kms_key.arn]` is exactly
 *                 ${aws_kms_key.<name>.arn} of a block of this stack (`[aws_iam_role.task.arn]`:
 *                 of that kind below; `[data.aws_vpc.id]`: a data source)
 *   ref(kind, attribute)    = tpl("[kind.attribute]")       address(kind)  a bare address
 *   json(shape)   a JSON string             policy       an IAM/KMS/S3 policy document, judged
 *                                                         further by the IAM/KMS/S3 rules
 *   when(config => bool, shape)  required when the config says so, absent otherwise
 *   opt(shape)    may be left out           expr([functions])  a condition
 *   count: how many blocks of the kind the configuration calls for ("any": as many as there are)
 *
 * Valid configuration changes need no edit here; a new kind of block or argument does.
 */
import type { EnvironmentConfig } from "../../environments/types";
import {
  address,
  cfg,
  expr,
  json,
  flagFileContent,
  list,
  ifSet,
  matching,
  lit,
  member,
  message,
  namedValues,
  obj,
  oneOf,
  opt,
  pick,
  ref,
  relativePath,
  single,
  text,
  tpl,
  when,
  type Shape,
} from "./private/shapes";
import type { BlockKind, ImportContract, StackContract } from "./private/contract-check";
import { policyDocument as policy } from "./private/policy-document";

type Env = EnvironmentConfig;

// ---- Conditions ---------------------------------------------------------------------------
const ui = (e: Env) => e.ui !== undefined;
const dns = (e: Env) => e.ui?.dns !== undefined;
const topic = (e: Env) => e.alarm.snsTopicArn !== undefined;
const managedFlags = (e: Env) => e.flags.mode === "managed";
const ownsNamespace = (e: Env) => !e.namespaceOwnedElsewhere;
/** The namespace is owned elsewhere and looked up by name (`true`), or given by id (`{ id }`). */
const namespaceByName = (e: Env) => e.namespaceOwnedElsewhere === true;
/** Adopted or owned elsewhere: the plan checks that the namespace is the one of the stack's VPC. */
const namespaceChecked = (e: Env) => Boolean(e.namespaceOwnedElsewhere || e.adopt?.namespaceId);
const subnetIds = (e: Env) => "ids" in e.network.privateSubnets;
const n =
  (condition: (e: Env) => unknown, count = 1) =>
  (e: Env) =>
    condition(e) ? count : 0;
const one = () => 1;
/** A block kind: how many the configuration calls for, and its arguments. */
const kind = (count: BlockKind["count"], args: BlockKind["args"]): BlockKind => ({ count, args });

// ---- Shared shapes ------------------------------------------------------------------------
/** Terraform functions a condition may call: what the stack's checks need, nothing that reads files. */
const FUNCTIONS = "can regex contains endswith trimsuffix lower split length coalesce".split(" ");
const conditions = () =>
  list(obj({ condition: expr(FUNCTIONS), error_message: message(FUNCTIONS) }));
const postconditions = opt(obj({ postcondition: conditions() }));
/** An object the stack adopted is kept from being destroyed; nothing else may be said here. */
const protectedIfAdopted = opt(obj({ prevent_destroy: lit(true) }));
const flagBucket = ref("aws_s3_bucket", "id");
/** A client service's security group: looked up by name, or its configured id. */
const clientGroup = oneOf(
  ref("data.aws_security_group", "id"),
  member("the clients' security group ids", (e) => clientGroups(e, "id")),
);
const tcp = lit("tcp");
const privateSubnets = pick((e) =>
  subnetIds(e) ? cfg("network.privateSubnets.ids") : ref("data.aws_subnets", "ids"),
);

/** ELB's FIPS TLS policies with TLS 1.2 as the minimum. */
const FIPS_TLS_POLICIES = `
  1-2-FIPS-2023-04 1-2-Res-FIPS-2023-04 1-2-Ext1-FIPS-2023-04 1-2-Ext2-FIPS-2023-04 1-3-FIPS-2023-04
  1-2-FIPS-PQ-2025-09 1-2-Res-FIPS-PQ-2025-09 1-2-Ext0-FIPS-PQ-2025-09
  1-2-Ext1-FIPS-PQ-2025-09 1-2-Ext2-FIPS-PQ-2025-09 1-3-FIPS-PQ-2025-09
`
  .trim()
  .split(/\s+/)
  .map((suffix) => `ELBSecurityPolicy-TLS13-${suffix}`);

/** Flipt's one container: every key it may have; Flipt configured only through these. */
const container = obj({
  name: tpl("{serviceName}-{name}"),
  image: pick((e) =>
    e.flipt.image.digest
      ? tpl("[data.aws_ecr_repository.repository_url]@{flipt.image.digest}")
      : tpl("[data.aws_ecr_repository.repository_url]:{flipt.image.version}"),
  ),
  essential: lit(true),
  user: lit("100:1000"),
  readonlyRootFilesystem: lit(true),
  privileged: lit(false),
  linuxParameters: lit({ capabilities: { drop: ["ALL"] }, initProcessEnabled: true }),
  portMappings: lit([{ name: "http", containerPort: 8080, hostPort: 8080, protocol: "tcp" }]),
  environment: namedValues({
    FLIPT_STORAGE_TYPE: lit("object"),
    FLIPT_STORAGE_OBJECT_TYPE: lit("s3"),
    FLIPT_STORAGE_OBJECT_S3_BUCKET: cfg("flagBucketName"),
    FLIPT_STORAGE_OBJECT_S3_REGION: cfg("region"),
    FLIPT_STORAGE_OBJECT_S3_POLL_INTERVAL: opt(tpl("{flipt.pollIntervalSeconds}s")),
    FLIPT_STORAGE_OBJECT_S3_PREFIX: opt(cfg("flagPrefix")),
    FLIPT_SERVER_HTTP_PORT: opt(lit("8080")),
    FLIPT_LOG_ENCODING: opt(lit("json")),
    FLIPT_LOG_LEVEL: opt(cfg("flipt.logLevel")),
    FLIPT_META_CHECK_FOR_UPDATES: lit("false"),
    FLIPT_META_TELEMETRY_ENABLED: lit("false"),
    FLIPT_DIAGNOSTICS_PROFILING_ENABLED: lit("false"),
    AWS_USE_FIPS_ENDPOINT: lit("true"),
  }),
  healthCheck: lit({
    command: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"],
    interval: 15,
    timeout: 5,
    retries: 3,
    startPeriod: 20,
  }),
  stopTimeout: lit(30),
  logConfiguration: obj({
    logDriver: lit("awslogs"),
    options: obj({
      "awslogs-group": tpl("ecs-tasks-{serviceName}-{name}"),
      "awslogs-region": cfg("region"),
      "awslogs-stream-prefix": lit("flipt"),
    }),
  }),
  mountPoints: lit([]),
  volumesFrom: lit([]),
});

const ecsEvents = (detailType: string, events: string[]) =>
  json(
    obj({
      source: lit(["aws.ecs"]),
      "detail-type": lit([detailType]),
      resources: single(ref("aws_ecs_service", "id")),
      detail: obj({ eventName: lit(events) }),
    }),
  );
const alertRule = (suffix: string, pattern: Shape): BlockKind =>
  kind(n(topic), {
    name: tpl(`{serviceName}-{name}-${suffix}`),
    description: text(),
    event_pattern: pattern,
  });
const alarmTopic = pick((e) => (topic(e) ? single(cfg("alarm.snsTopicArn")) : lit([])));
const endpoint = (host: string) => tpl(`https://${host}.{region}.amazonaws.com`);

// ---- The contract -------------------------------------------------------------------------
export const CONTRACT: StackContract = {
  terraform: obj({
    required_version: lit(">= 1.10.0"),
    // HashiCorp's AWS provider, pinned exactly to what the installed provider bindings generate
    // (package-lock.json holds that pin; the move to CDK Terrain changes it). Never a range.
    required_providers: obj({
      aws: obj({
        version: matching(/^\d+\.\d+\.\d+$/, "an exact version, such as 6.25.0"),
        source: oneOf(lit("aws"), lit("hashicorp/aws")),
      }),
    }),
    backend: when(
      (e) => e.backend.kind !== "cloud",
      pick((e) =>
        e.backend.kind === "s3"
          ? obj({
              s3: obj({
                bucket: cfg("backend.bucket"),
                key: cfg("backend.key"),
                region: cfg("backend.region"),
                encrypt: lit(true),
                use_lockfile: lit(true),
                use_fips_endpoint: lit(true),
                kms_key_id: ifSet("backend.kmsKeyId"),
                dynamodb_table: ifSet("backend.dynamodbTable"),
              }),
            })
          : obj({
              local: obj({
                path: relativePath(
                  "the configured local state file",
                  (e) =>
                    (e.backend.kind === "local" && e.backend.path) ||
                    `.terraform-state/${e.name}/terraform.tfstate`,
                ),
              }),
            }),
      ),
    ),
    cloud: when(
      (e) => e.backend.kind === "cloud",
      obj({
        organization: cfg("backend.organization"),
        hostname: ifSet("backend.hostname"),
        workspaces: obj({
          name: cfg("backend.workspace"),
          project: ifSet("backend.project"),
        }),
      }),
    ),
  }),

  // One AWS provider, no alias: the guarded account, FIPS, and these endpoints only.
  provider: obj({
    aws: single(
      obj({
        region: cfg("region"),
        allowed_account_ids: list(tpl("{account}"), () => 1),
        use_fips_endpoint: lit(true),
        assume_role: when(
          (e) => e.assumeRoleArn,
          list(
            obj({ role_arn: cfg("assumeRoleArn"), session_name: lit("terraform-flipt") }),
            () => 1,
          ),
        ),
        default_tags: list(obj({ tags: cfg("tags") }), () => 1),
        endpoints: list(
          obj({
            ecs: endpoint("ecs-fips"),
            servicediscovery: endpoint("servicediscovery-fips"),
            kms: endpoint("kms-fips"),
            s3: endpoint("s3-fips"),
            ecr: endpoint("ecr-fips"),
            logs: endpoint("logs"),
            cloudwatch: endpoint("monitoring"),
            ec2: endpoint("ec2"),
            elbv2: endpoint("elasticloadbalancing"),
            sts: endpoint("sts"),
            events: endpoint("events"),
            iam: lit("https://iam.us-gov.amazonaws.com"),
            route53: lit("https://route53.us-gov.amazonaws.com"),
          }),
          () => 1,
        ),
      }),
    ),
  }),

  variable: {
    account_id: {
      when: (e) => e.accountId === undefined,
      shape: obj({
        type: lit("string"),
        description: text(),
        validation: single(obj({ condition: expr(FUNCTIONS), error_message: text() })),
      }),
    },
  },

  data: {
    aws_partition: kind(one, {}),
    aws_vpc: kind(one, {
      id: when((e) => "id" in e.network.vpc, cfg("network.vpc.id")),
      tags: when((e) => "name" in e.network.vpc, obj({ Name: cfg("network.vpc.name") })),
      lifecycle: postconditions,
    }),
    aws_subnets: kind(
      n((e) => !subnetIds(e)),
      {
        filter: list(
          oneOf(
            obj({ name: lit("vpc-id"), values: single(ref("data.aws_vpc", "id")) }),
            obj({
              name: lit("tag:Name"),
              values: single(cfg("network.privateSubnets.namePattern")),
            }),
          ),
          () => 2,
        ),
        lifecycle: postconditions,
      },
    ),
    // The client services' groups given by name; those given by id are named directly.
    aws_security_group: kind((e) => clientGroups(e, "name").length, {
      name: member("the clients' security group names", (e) => clientGroups(e, "name")),
      vpc_id: ref("data.aws_vpc", "id"),
    }),
    aws_ecs_cluster: kind(one, { cluster_name: cfg("clusterName"), lifecycle: postconditions }),
    aws_ecr_repository: kind(one, { name: cfg("flipt.image.repository") }),
    aws_ecr_image: kind(one, {
      repository_name: ref("data.aws_ecr_repository", "name"),
      image_digest: ifSet("flipt.image.digest"),
      image_tag: when((e) => !e.flipt.image.digest, cfg("flipt.image.version")),
      lifecycle: postconditions,
    }),
    aws_route53_zone: {
      zone: kind(n(dns), { zone_id: cfg("ui.dns.hostedZoneId"), lifecycle: postconditions }),
      // The private zone of the namespace's name associated with the stack's VPC.
      "namespace-zone": kind(n(namespaceChecked), {
        name: cfg("namespaceName"),
        vpc_id: ref("data.aws_vpc", "id"),
        private_zone: lit(true),
        lifecycle: postconditions,
      }),
    },
    aws_service_discovery_dns_namespace: kind(n(namespaceByName), {
      name: cfg("namespaceName"),
      type: lit("DNS_PRIVATE"),
      lifecycle: postconditions,
    }),
  },

  resource: {
    aws_kms_key: kind(one, {
      description: text(),
      deletion_window_in_days: lit(30),
      enable_key_rotation: lit(true),
      policy,
      lifecycle: protectedIfAdopted,
    }),
    aws_kms_alias: kind(one, {
      name: tpl("alias/{serviceName}-{name}"),
      target_key_id: ref("aws_kms_key", "key_id"),
      lifecycle: protectedIfAdopted,
    }),
    aws_cloudwatch_log_group: kind(one, {
      name: tpl("ecs-tasks-{serviceName}-{name}"),
      retention_in_days: cfg("logRetentionDays"),
      kms_key_id: ref("aws_kms_key", "arn"),
      lifecycle: protectedIfAdopted,
    }),
    aws_s3_bucket: kind(one, {
      bucket: cfg("flagBucketName"),
      // Destroyed before its key, which survives a bucket that still holds flag files.
      depends_on: list(address("aws_kms_key")),
      lifecycle: protectedIfAdopted,
    }),
    aws_s3_bucket_public_access_block: kind(one, {
      bucket: flagBucket,
      block_public_acls: lit(true),
      block_public_policy: lit(true),
      ignore_public_acls: lit(true),
      restrict_public_buckets: lit(true),
    }),
    aws_s3_bucket_ownership_controls: kind(one, {
      bucket: flagBucket,
      rule: obj({ object_ownership: lit("BucketOwnerEnforced") }),
    }),
    aws_s3_bucket_server_side_encryption_configuration: kind(one, {
      bucket: flagBucket,
      rule: single(
        obj({
          bucket_key_enabled: lit(true),
          apply_server_side_encryption_by_default: obj({
            kms_master_key_id: ref("aws_kms_key", "arn"),
            sse_algorithm: lit("aws:kms"),
          }),
        }),
      ),
    }),
    aws_s3_bucket_versioning: kind(one, {
      bucket: flagBucket,
      versioning_configuration: obj({ status: lit("Enabled") }),
    }),
    aws_s3_bucket_logging: kind(one, {
      bucket: flagBucket,
      target_bucket: cfg("logsBucketName"),
      target_prefix: tpl("s3/{flagBucketName}/"),
    }),
    aws_s3_bucket_policy: kind(one, { bucket: flagBucket, policy }),
    // Flag files as literal content (never `source`: a file of the machine running Terraform),
    // each the bytes of a file of the managed flag folder, which the flag checker read.
    aws_s3_object: kind((e) => (managedFlags(e) ? "any" : 0), {
      bucket: flagBucket,
      key: text(),
      content: flagFileContent(),
      content_type: lit("application/yaml"),
      kms_key_id: ref("aws_kms_key", "arn"),
      server_side_encryption: lit("aws:kms"),
      source_hash: text(),
    }),
    aws_iam_role: {
      task: kind(one, {
        name: tpl("ecs-task-role-{serviceName}-{name}"),
        description: text(),
        assume_role_policy: policy,
        lifecycle: protectedIfAdopted,
      }),
      execution: kind(one, {
        name: tpl("ecs-task-execution-role-{serviceName}-{name}"),
        description: text(),
        assume_role_policy: policy,
        lifecycle: protectedIfAdopted,
      }),
    },
    // Inline policies only: nothing is attached by ARN.
    aws_iam_role_policy: {
      task: kind(one, {
        name: lit("read-flag-files"),
        role: ref("aws_iam_role.task", "id"),
        policy,
      }),
      execution: kind(one, {
        name: lit("pull-image-write-logs"),
        role: ref("aws_iam_role.execution", "id"),
        policy,
      }),
    },
    // Exclusive management: the roles hold these inline policies and no managed policy at all.
    aws_iam_role_policies_exclusive: {
      task: kind(one, {
        role_name: ref("aws_iam_role.task", "name"),
        policy_names: single(ref("aws_iam_role_policy.task", "name")),
      }),
      execution: kind(one, {
        role_name: ref("aws_iam_role.execution", "name"),
        policy_names: single(ref("aws_iam_role_policy.execution", "name")),
      }),
    },
    aws_iam_role_policy_attachments_exclusive: {
      task: kind(one, { role_name: ref("aws_iam_role.task", "name"), policy_arns: lit([]) }),
      execution: kind(one, {
        role_name: ref("aws_iam_role.execution", "name"),
        policy_arns: lit([]),
      }),
    },
    aws_security_group: {
      flipt: kind(one, {
        name: tpl("ecs-{serviceName}-{name}"),
        description: text(),
        vpc_id: ref("data.aws_vpc", "id"),
        tags: obj({ Name: tpl("ecs-{serviceName}-{name}") }),
        // The whole rule set, inline: 8080 from security groups only, never from a CIDR.
        ingress: list(
          inlineRule(8080, {
            security_groups: single(oneOf(clientGroup, ref("aws_security_group.ui", "id"))),
          }),
          (e) => e.clients.length + (ui(e) ? 1 : 0),
        ),
        egress: single(inlineRule(443, { cidr_blocks: lit(["0.0.0.0/0"]) })),
        lifecycle: obj({ prevent_destroy: opt(lit(true)), ignore_changes: lit(["description"]) }),
      }),
      ui: kind(n(ui), {
        name: tpl("flipt-ui-{name}"),
        description: text(),
        vpc_id: ref("data.aws_vpc", "id"),
        tags: obj({ Name: tpl("flipt-ui-{name}") }),
      }),
    },
    // The UI load balancer's group only: HTTPS and the redirect from the allowed ranges.
    aws_vpc_security_group_ingress_rule: kind((e) => (e.ui ? 2 * e.ui.allowedCidrs.length : 0), {
      security_group_id: ref("aws_security_group.ui", "id"),
      cidr_ipv4: opt(member("ui.allowedCidrs", (e) => e.ui?.allowedCidrs ?? [])),
      cidr_ipv6: opt(member("ui.allowedCidrs", (e) => e.ui?.allowedCidrs ?? [])),
      from_port: oneOf(lit(443), lit(80)),
      to_port: oneOf(lit(443), lit(80)),
      ip_protocol: tcp,
      description: text(),
    }),
    aws_vpc_security_group_egress_rule: {
      "ui-to-flipt": kind(n(ui), sgRule("aws_security_group.ui", "aws_security_group.flipt", 8080)),
      "client-to-flipt": kind((e) => (e.clientEgress ? e.clients.length : 0), {
        ...sgRule(clientGroup, "aws_security_group.flipt", 8080),
        lifecycle: protectedIfAdopted,
      }),
    },
    aws_service_discovery_private_dns_namespace: kind(n(ownsNamespace), {
      name: cfg("namespaceName"),
      description: text(),
      vpc: ref("data.aws_vpc", "id"),
      lifecycle: opt(obj({ prevent_destroy: lit(true), postcondition: opt(conditions()) })),
    }),
    aws_service_discovery_service: kind(one, {
      name: cfg("serviceName"),
      description: text(),
      force_destroy: lit(true),
      dns_config: obj({
        namespace_id: namespaceRef("id"),
        routing_policy: lit("MULTIVALUE"),
        dns_records: single(obj({ ttl: cfg("dnsTtlSeconds"), type: lit("A") })),
      }),
      health_check_custom_config: lit({ failure_threshold: 1 }),
      lifecycle: protectedIfAdopted,
    }),
    terraform_data: kind(one, {
      lifecycle: obj({
        replace_triggered_by: single(address("aws_service_discovery_service")),
      }),
    }),
    aws_ecs_task_definition: kind(one, {
      family: tpl("{serviceName}-{name}"),
      requires_compatibilities: lit(["FARGATE"]),
      network_mode: lit("awsvpc"),
      cpu: tpl("{flipt.cpu}"),
      memory: tpl("{flipt.memoryMiB}"),
      runtime_platform: obj({
        operating_system_family: lit("LINUX"),
        cpu_architecture: cfg("flipt.cpuArchitecture"),
      }),
      execution_role_arn: ref("aws_iam_role.execution", "arn"),
      task_role_arn: ref("aws_iam_role.task", "arn"),
      container_definitions: json(single(container)),
    }),
    aws_ecs_service: kind(one, {
      name: cfg("serviceName"),
      cluster: ref("data.aws_ecs_cluster", "arn"),
      task_definition: ref("aws_ecs_task_definition", "arn"),
      desired_count: cfg("flipt.desiredCount"),
      launch_type: lit("FARGATE"),
      platform_version: lit("LATEST"),
      deployment_maximum_percent: lit(200),
      deployment_minimum_healthy_percent: lit(100),
      enable_ecs_managed_tags: lit(true),
      enable_execute_command: lit(false),
      force_new_deployment: lit(true),
      wait_for_steady_state: lit(true),
      propagate_tags: lit("SERVICE"),
      health_check_grace_period_seconds: when(ui, lit(60)),
      triggers: obj({ discovery_service: ref("terraform_data", "id") }),
      deployment_circuit_breaker: lit({ enable: true, rollback: true }),
      network_configuration: obj({
        assign_public_ip: lit(false),
        security_groups: single(ref("aws_security_group.flipt", "id")),
        subnets: privateSubnets,
      }),
      service_registries: obj({ registry_arn: ref("aws_service_discovery_service", "arn") }),
      load_balancer: when(
        ui,
        single(
          obj({
            container_name: tpl("{serviceName}-{name}"),
            container_port: lit(8080),
            target_group_arn: ref("aws_lb_target_group", "arn"),
          }),
        ),
      ),
      depends_on: list(
        address(
          "aws_iam_role_policy",
          "aws_iam_role_policies_exclusive",
          "aws_iam_role_policy_attachments_exclusive",
          "aws_lb_listener",
        ),
      ),
      lifecycle: obj({
        postcondition: conditions(),
        prevent_destroy: opt(lit(true)),
      }),
    }),
    aws_lb: kind(n(ui), {
      name: tpl("flipt-ui-{name}"),
      internal: lit(true),
      load_balancer_type: lit("application"),
      desync_mitigation_mode: lit("strictest"),
      drop_invalid_header_fields: lit(true),
      enable_deletion_protection: pick((e) => lit(e.ui?.deletionProtection ?? true)),
      security_groups: single(ref("aws_security_group.ui", "id")),
      subnets: privateSubnets,
      access_logs: obj({
        bucket: cfg("logsBucketName"),
        enabled: lit(true),
        prefix: tpl("alb/flipt-ui-{name}"),
      }),
    }),
    aws_lb_target_group: kind(n(ui), {
      name: tpl("flipt-ui-{name}"),
      port: lit(8080),
      protocol: lit("HTTP"),
      target_type: lit("ip"),
      vpc_id: ref("data.aws_vpc", "id"),
      deregistration_delay: lit("30"),
      health_check: lit({
        enabled: true,
        healthy_threshold: 2,
        interval: 15,
        matcher: "200",
        path: "/health",
        port: "traffic-port",
        protocol: "HTTP",
        unhealthy_threshold: 3,
      }),
    }),
    aws_lb_listener: {
      https: kind(n(ui), {
        load_balancer_arn: ref("aws_lb", "arn"),
        port: lit(443),
        protocol: lit("HTTPS"),
        certificate_arn: cfg("ui.certificateArn"),
        ssl_policy: member("ELB's FIPS TLS policies (TLS 1.2 minimum)", () => FIPS_TLS_POLICIES),
        default_action: single(
          obj({ type: lit("forward"), target_group_arn: ref("aws_lb_target_group", "arn") }),
        ),
      }),
      "http-redirect": kind(n(ui), {
        load_balancer_arn: ref("aws_lb", "arn"),
        port: lit(80),
        protocol: lit("HTTP"),
        default_action: lit([
          {
            type: "redirect",
            redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" },
          },
        ]),
      }),
    },
    // Only the UI's name, only in the zone the configuration names.
    aws_route53_record: kind(n(dns), {
      zone_id: cfg("ui.dns.hostedZoneId"),
      name: cfg("ui.dns.recordName"),
      type: lit("CNAME"),
      ttl: lit(300),
      records: single(ref("aws_lb", "dns_name")),
    }),
    aws_cloudwatch_metric_alarm: kind(one, {
      alarm_name: tpl("{serviceName}-{name}-no-running-task"),
      alarm_description: text(),
      namespace: lit("AWS/ECS"),
      metric_name: lit("CPUUtilization"),
      statistic: lit("SampleCount"),
      dimensions: obj({ ClusterName: cfg("clusterName"), ServiceName: cfg("serviceName") }),
      comparison_operator: lit("LessThanThreshold"),
      threshold: lit(1),
      period: lit(60),
      evaluation_periods: lit(3),
      datapoints_to_alarm: lit(3),
      treat_missing_data: lit("breaching"),
      alarm_actions: alarmTopic,
      ok_actions: alarmTopic,
      lifecycle: when(
        (e) => topic(e) && e.accountId === undefined,
        obj({ precondition: conditions() }),
      ),
    }),
    aws_cloudwatch_event_rule: {
      "deployment-failed": alertRule(
        "deployment-failed",
        ecsEvents("ECS Deployment State Change", ["SERVICE_DEPLOYMENT_FAILED"]),
      ),
      "tasks-not-starting": alertRule(
        "tasks-not-starting",
        ecsEvents("ECS Service Action", [
          "SERVICE_TASK_START_IMPAIRED",
          "SERVICE_TASK_CONFIGURATION_FAILURE",
          "SERVICE_TASK_PLACEMENT_FAILURE",
        ]),
      ),
      "discovery-unhealthy": alertRule(
        "discovery-unhealthy",
        ecsEvents("ECS Service Action", ["SERVICE_DISCOVERY_INSTANCE_UNHEALTHY"]),
      ),
    },
    aws_cloudwatch_event_target: kind(n(topic, 3), {
      rule: ref("aws_cloudwatch_event_rule", "name"),
      arn: cfg("alarm.snsTopicArn"),
      target_id: lit("sns"),
    }),
  },

  output: {
    endpoint_url: { value: tpl("http://{serviceName}.{namespaceName}:8080") },
    namespace_id: { value: namespaceRef("id") },
    namespace_hosted_zone_id: { value: namespaceRef("hosted_zone") },
    discovery_service_arn: { value: ref("aws_service_discovery_service", "arn") },
    ecs_service_name: { value: ref("aws_ecs_service", "name") },
    security_group_id: { value: ref("aws_security_group.flipt", "id") },
    flag_bucket_name: { value: cfg("flagBucketName") },
    log_group_name: { value: tpl("ecs-tasks-{serviceName}-{name}") },
    down_alarm_name: { value: tpl("{serviceName}-{name}-no-running-task") },
    ui_url: {
      when: ui,
      value: pick((e) =>
        e.ui?.dns ? tpl("https://{ui.dns.recordName}") : tpl("https://[aws_lb.dns_name]"),
      ),
    },
    alert_rule_names: {
      when: topic,
      value: tpl(
        "{serviceName}-{name}-deployment-failed,{serviceName}-{name}-tasks-not-starting,{serviceName}-{name}-discovery-unhealthy",
      ),
    },
  },

  // One import per `adopt` field set, into the block of that kind, with the configured id.
  import: {
    aws_kms_key: adopted("kmsKeyId"),
    aws_kms_alias: adopted("kmsAliasName"),
    aws_cloudwatch_log_group: adopted("logGroupName"),
    aws_s3_bucket: adopted("flagBucketName"),
    "aws_iam_role.execution": adopted("executionRoleName"),
    "aws_iam_role.task": adopted("taskRoleName"),
    "aws_security_group.flipt": adopted("securityGroupId"),
    aws_service_discovery_private_dns_namespace: {
      field: "namespaceId",
      id: tpl("{adopt.namespaceId}:[data.aws_vpc.id]"),
    },
    aws_service_discovery_service: adopted("discoveryServiceId"),
    aws_ecs_service: adopted("ecsService"),
    // Per client named in the map: an import into one of the clients' egress rules, with one
    // of the map's ids. Which client's rule gets which id is not checked here: a rule imported
    // into the wrong client's block plans a replacement, which its prevent_destroy refuses.
    "aws_vpc_security_group_egress_rule.client-to-flipt": {
      field: "clientEgressRuleIds",
      id: member("the ids in adopt.clientEgressRuleIds", (e) =>
        Object.values(e.adopt?.clientEgressRuleIds ?? {}),
      ),
      perEntry: true,
    },
  },
};

// ---- Helpers the contract reads as words ----------------------------------------------------
/** An import the `adopt` field asks for, with the configured id. */
function adopted(field: ImportContract["field"]): ImportContract {
  return { field, id: cfg(`adopt.${field}`) };
}

/** A security group rule between two groups on one port. */
function sgRule(group: string | Shape, peer: string | Shape, port: number): Record<string, Shape> {
  const id = (g: string | Shape) => (typeof g === "string" ? ref(g, "id") : g);
  return {
    security_group_id: id(group),
    referenced_security_group_id: id(peer),
    from_port: lit(port),
    to_port: lit(port),
    ip_protocol: tcp,
    description: text(),
  };
}

/** An inline rule of Flipt's group: one TCP port, from or to the sources given, nothing else. */
function inlineRule(port: number, sources: Record<string, Shape>): Shape {
  return obj({
    from_port: lit(port),
    to_port: lit(port),
    protocol: tcp,
    description: text(),
    cidr_blocks: lit([]),
    ipv6_cidr_blocks: lit([]),
    prefix_list_ids: lit([]),
    security_groups: lit([]),
    self: lit(false),
    ...sources,
  });
}

/** The namespace's id or hosted zone: the stack's own, the one looked up, or the configured id. */
function namespaceRef(attribute: "id" | "hosted_zone"): Shape {
  return pick((e) => {
    if (ownsNamespace(e)) return ref("aws_service_discovery_private_dns_namespace", attribute);
    if (namespaceByName(e)) return ref("data.aws_service_discovery_dns_namespace", attribute);
    return attribute === "id"
      ? cfg("namespaceOwnedElsewhere.id")
      : ref("data.aws_route53_zone.namespace-zone", "zone_id");
  });
}

function clientGroups(e: Env, key: "id" | "name"): string[] {
  return e.clients.flatMap((c) =>
    key in c.securityGroup ? [(c.securityGroup as Record<string, string>)[key]] : [],
  );
}
