import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Construct } from "constructs";
import type { CpuArchitecture } from "../environments/types";

/** Flipt's HTTP port: REST API, evaluation, UI and `/health`. MilMove's app calls it. */
export const FLIPT_HTTP_PORT = 8080;
/** The `flipt` user and group of the official image (uid 100, gid 1000, as in Flipt's Helm chart). */
export const FLIPT_USER = "100:1000";

/** Props of {@link FliptTaskDefinition}. */
export interface FliptTaskDefinitionProps {
  /** Task family; MilMove's convention is `<service>-<env>`. */
  readonly family: string;
  /** Container name; MilMove's convention is `<service>-<env>`. */
  readonly containerName: string;
  /** Full image reference in the account's private ECR (`<repo-url>:<tag>` or `@sha256:...`). */
  readonly image: string;
  /** Task CPU units. */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memoryMiB: number;
  readonly cpuArchitecture: CpuArchitecture;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  /** Log group for the awslogs driver. */
  readonly logGroupName: string;
  /** Region of the log group and the flag bucket. */
  readonly region: string;
  /** Bucket Flipt reads its flag files from. */
  readonly flagBucketName: string;
  /** Key prefix of the flag files; empty for the whole bucket. */
  readonly flagPrefix: string;
  /** Seconds between polls of the bucket. */
  readonly pollIntervalSeconds: number;
  /** Flipt log level. */
  readonly logLevel: string;
}

/**
 * Flipt's Fargate task: one container on 8080, as the image's non-root `flipt` user, with a
 * read-only root filesystem (object storage without authentication writes nothing), all Linux
 * capabilities dropped, a `/health` check with the image's busybox wget, and logs to its own
 * encrypted log group. Flipt is configured entirely by environment variables: flags from S3
 * (declarative, so read-only), JSON logs, and nothing that calls the internet or exposes pprof.
 */
export class FliptTaskDefinition extends Construct {
  public readonly arn: string;
  public readonly family: string;
  public readonly containerName: string;

  constructor(scope: Construct, id: string, props: FliptTaskDefinitionProps) {
    super(scope, id);

    const environment: Record<string, string> = {
      FLIPT_STORAGE_TYPE: "object",
      FLIPT_STORAGE_OBJECT_TYPE: "s3",
      FLIPT_STORAGE_OBJECT_S3_BUCKET: props.flagBucketName,
      // Without an explicit region, S3 requests fail with AuthorizationHeaderMalformed.
      FLIPT_STORAGE_OBJECT_S3_REGION: props.region,
      FLIPT_STORAGE_OBJECT_S3_POLL_INTERVAL: `${props.pollIntervalSeconds}s`,
      ...(props.flagPrefix ? { FLIPT_STORAGE_OBJECT_S3_PREFIX: props.flagPrefix } : {}),
      FLIPT_SERVER_HTTP_PORT: String(FLIPT_HTTP_PORT),
      FLIPT_LOG_ENCODING: "json",
      FLIPT_LOG_LEVEL: props.logLevel,
      // Both call the internet, which GovCloud tasks cannot (and should not) reach.
      FLIPT_META_CHECK_FOR_UPDATES: "false",
      FLIPT_META_TELEMETRY_ENABLED: "false",
      // Otherwise /debug/pprof is served to every client on 8080.
      FLIPT_DIAGNOSTICS_PROFILING_ENABLED: "false",
      // Flipt's only AWS client is S3 (gocloud s3blob): gocloud's V2ConfigFromURLParams passes
      // only region to config.LoadDefaultConfig, which reads this variable, and the S3 client
      // then resolves FIPS endpoints (s3-fips.<region>.amazonaws.com). Without it Flipt's
      // reads use the standard host even though Terraform's calls use FIPS.
      AWS_USE_FIPS_ENDPOINT: "true",
    };

    const container = {
      name: props.containerName,
      image: props.image,
      essential: true,
      user: FLIPT_USER,
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      portMappings: [
        {
          name: "http",
          containerPort: FLIPT_HTTP_PORT,
          hostPort: FLIPT_HTTP_PORT,
          protocol: "tcp",
        },
      ],
      environment: Object.keys(environment)
        .sort()
        .map((name) => ({ name, value: environment[name] })),
      healthCheck: {
        command: [
          "CMD",
          "wget",
          "-q",
          "-O",
          "/dev/null",
          `http://127.0.0.1:${FLIPT_HTTP_PORT}/health`,
        ],
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: 20,
      },
      // Gives Flipt time to finish in-flight evaluations after SIGTERM during deployments.
      stopTimeout: 30,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": props.logGroupName,
          "awslogs-region": props.region,
          "awslogs-stream-prefix": "flipt",
        },
      },
      mountPoints: [],
      volumesFrom: [],
    };

    const taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture },
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      containerDefinitions: JSON.stringify([container]),
    });

    this.arn = taskDefinition.arn;
    this.family = props.family;
    this.containerName = props.containerName;
  }
}
