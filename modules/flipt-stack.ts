import { DataAwsEcrImage } from "@cdktf/provider-aws/lib/data-aws-ecr-image";
import { DataAwsEcrRepository } from "@cdktf/provider-aws/lib/data-aws-ecr-repository";
import { DataAwsEcsCluster } from "@cdktf/provider-aws/lib/data-aws-ecs-cluster";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import { resourceNames } from "../environments/names";
import type { EnvironmentConfig } from "../environments/types";
import { GovCloudAwsProvider } from "./aws-provider";
import { EncryptionKey } from "./encryption-key";
import { EnvironmentNetwork } from "./environment-network";
import { FlagBucket } from "./flag-bucket";
import { FLIPT_HTTP_PORT, FliptTaskDefinition } from "./flipt-task-definition";
import type * as FliptAlertsModule from "./flipt-alerts";
import { FliptDownAlarm } from "./flipt-down-alarm";
import { FliptService } from "./flipt-service";
import type * as FliptUiModule from "./flipt-ui";
import { LogGroup } from "./log-group";
import type * as ManagedFlagFilesModule from "./managed-flag-files";
import { PolicyChecks } from "./policy/policy-aspect";
import { ServiceDiscovery } from "./service-discovery";
import { ServiceSecurityGroup } from "./service-security-group";
import { StateBackend } from "./state-backend";
import { TaskRoles } from "./task-roles";
import { REQUIRED_TERRAFORM_VERSION, replaceTerraformVersionChecks } from "./terraform-version";

/** Where local state lives by default, relative to the repository root (gitignored). */
export const DEFAULT_LOCAL_STATE_DIRECTORY = ".terraform-state";

/** Props of {@link FliptStack}. */
export interface FliptStackProps {
  /** The environment, already checked by `validateEnvironments`. */
  readonly environment: EnvironmentConfig;
  /** Folder that managed-mode flag directories and local state are relative to (the repository root). */
  readonly repositoryRoot: string;
  /**
   * Absolute path of the folder Terraform runs this stack in; a local backend's state path is
   * written relative to it.
   * @default - `<repositoryRoot>/cdktf.out/stacks/<id>`
   */
  readonly workingDirectory?: string;
  /**
   * Where the policy pack prints warnings and its per-stack summary.
   * @default - not printed (they are in the annotations and the policy report)
   */
  readonly policyLog?: (message: string) => void;
}

/**
 * Everything one MilMove environment needs to run Flipt at `http://flipt.svc-<env>.local:8080`.
 * One stack per environment, each applied in that environment's own account.
 */
export class FliptStack extends TerraformStack {
  /** The URL MilMove's app is configured with (`FEATURE_FLAG_SERVER_URL`). */
  public readonly endpointUrl: string;

  constructor(scope: Construct, id: string, props: FliptStackProps) {
    super(scope, id);
    const env = props.environment;
    const names = resourceNames(env.name);
    const service = names.service;

    new StateBackend(this, "state", {
      settings: env.backend,
      localStatePath: path.relative(
        props.workingDirectory ?? path.join(props.repositoryRoot, "cdktf.out", "stacks", id),
        path.resolve(
          props.repositoryRoot,
          (env.backend.kind === "local" && env.backend.path) ||
            path.join(DEFAULT_LOCAL_STATE_DIRECTORY, env.name, "terraform.tfstate"),
        ),
      ),
    });
    // use_lockfile needs 1.10; older versions would reject the backend with a less clear error.
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    // Every resource of the stack is checked at synthesis; a violation fails `npm run synth`.
    PolicyChecks.applyTo(this, {
      environment: env,
      repositoryRoot: props.repositoryRoot,
      log: props.policyLog,
    });

    const accountId =
      env.accountId ??
      new TerraformVariable(this, "account_id", {
        type: "string",
        description: `The 12-digit id of MilMove's ${env.name} GovCloud account (${env.accountAlias}). The AWS provider refuses to run against any other account.`,
        validation: [
          {
            condition: '${can(regex("^[0-9]{12}$", var.account_id))}',
            errorMessage: "account_id must be the 12-digit id of the environment's AWS account.",
          },
        ],
      }).stringValue;

    const aws = new GovCloudAwsProvider(this, "aws", {
      region: env.region,
      accountId,
      defaultTags: env.tags,
      assumeRoleArn: env.assumeRoleArn,
    });

    const network = new EnvironmentNetwork(this, "network", {
      network: env.network,
      clients: env.clients,
    });
    const cluster = new DataAwsEcsCluster(this, "cluster", { clusterName: env.clusterName });
    // ECS accepts a service in an INACTIVE (deleted) cluster's name only to fail at apply.
    cluster.addOverride("lifecycle.postcondition", [
      {
        condition: '${self.status == "ACTIVE"}',
        error_message: `ECS cluster ${env.clusterName} is not ACTIVE: create it (or fix clusterName in the environment's file) before Flipt can run in it.`,
      },
    ]);
    const repository = new DataAwsEcrRepository(this, "repository", {
      name: env.flipt.image.repository,
    });
    // Looking the image up fails the plan when the tag or digest is not in the repository;
    // otherwise the first sign would be a deployment that never becomes steady, at apply.
    const { image: wantedImage } = env.flipt;
    const imageLookup = new DataAwsEcrImage(this, "image", {
      repositoryName: repository.name,
      ...(wantedImage.digest
        ? { imageDigest: wantedImage.digest }
        : { imageTag: wantedImage.version }),
    });
    // AWS answers ImageNotFoundException, naming repository and tag, and the plan stops. The
    // postcondition also refuses an answer that is not the image asked for, with our own words.
    const wanted = wantedImage.digest ?? wantedImage.version;
    imageLookup.addOverride("lifecycle.postcondition", [
      {
        condition: wantedImage.digest
          ? `\${self.image_digest == "${wantedImage.digest}"}`
          : `\${contains(self.image_tags, "${wantedImage.version}")}`,
        error_message: `Image ${wanted} is not in ECR repository ${wantedImage.repository}: push (mirror) it there first, or fix flipt.image in the environment's file.`,
      },
    ]);

    const logGroupName = names.logGroup;
    const adopt = env.adopt ?? {};
    const key = new EncryptionKey(this, "key", {
      aws,
      aliasName: names.kmsAlias,
      adoptKeyId: adopt.kmsKeyId,
      adoptAlias: adopt.kmsAliasName !== undefined,
      description: `Flipt ${env.name}: flag bucket and log group`,
      logGroupNames: [logGroupName],
    });
    const logGroup = new LogGroup(this, "logs", {
      name: logGroupName,
      retentionDays: env.logRetentionDays,
      key,
      adoptExisting: adopt.logGroupName !== undefined,
    });
    const flagBucket = new FlagBucket(this, "flags", {
      bucketName: env.flagBucketName,
      flagPrefix: env.flagPrefix,
      key,
      accessLogsBucketName: env.logsBucketName,
      adoptExisting: adopt.flagBucketName !== undefined,
    });

    if (env.flags.mode === "managed") {
      // Loaded only here: the flag checker and its YAML parser are a sixth of synth's module
      // loading, and most environments leave the flags to MilMove's pipeline.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ManagedFlagFiles } = require("./managed-flag-files") as typeof ManagedFlagFilesModule;
      new ManagedFlagFiles(this, "flag-files", {
        directory: path.resolve(props.repositoryRoot, env.flags.directory),
        environmentName: env.name,
        bucket: flagBucket,
      });
    } else if (env.flags.writerRoleName !== undefined) {
      flagBucket.grantWrite(aws.arn("iam", `role/${env.flags.writerRoleName}`, { global: true }));
    }

    const roles = new TaskRoles(this, "roles", {
      aws,
      serviceName: service,
      environmentName: env.name,
      repositoryArn: repository.arn,
      logGroup,
      flagBucket,
      adoptExisting: {
        taskRole: adopt.taskRoleName !== undefined,
        executionRole: adopt.executionRoleName !== undefined,
      },
    });

    const securityGroup = new ServiceSecurityGroup(this, "security-group", {
      name: names.securityGroup,
      description: `Flipt ${env.name}: HTTP ${FLIPT_HTTP_PORT} from the MilMove app services only`,
      vpcId: network.vpcId,
      port: FLIPT_HTTP_PORT,
      adoptId: adopt.securityGroupId,
    });
    for (const client of network.clients) {
      securityGroup.allowFrom(
        client.securityGroupId,
        `Flipt API from ECS service ${client.service}`,
      );
    }
    securityGroup.allowHttpsEgress("HTTPS to S3, ECR and CloudWatch Logs");
    if (env.clientEgress) {
      for (const client of network.clients) {
        securityGroup.allowEgressFrom(
          `${client.service}-to-flipt`,
          client.securityGroupId,
          `ECS service ${client.service} to Flipt (${env.serviceName}.${env.namespaceName}:${FLIPT_HTTP_PORT})`,
          adopt.clientEgressRuleIds?.[client.service],
        );
      }
    }

    const discovery = new ServiceDiscovery(this, "discovery", {
      aws,
      environmentName: env.name,
      namespaceName: env.namespaceName,
      vpcId: network.vpcId,
      serviceName: service,
      ttlSeconds: env.dnsTtlSeconds,
      description: `MilMove ${env.name} internal services (ADR 0084)`,
      namespaceOwnedElsewhere: env.namespaceOwnedElsewhere,
      adoptNamespaceId: adopt.namespaceId,
      adoptServiceId: adopt.discoveryServiceId,
    });

    const { image } = env.flipt;
    const taskDefinition = new FliptTaskDefinition(this, "task", {
      family: names.taskFamily,
      containerName: names.container,
      image: image.digest
        ? `${repository.repositoryUrl}@${image.digest}`
        : `${repository.repositoryUrl}:${image.version}`,
      cpu: env.flipt.cpu,
      memoryMiB: env.flipt.memoryMiB,
      cpuArchitecture: env.flipt.cpuArchitecture,
      executionRoleArn: roles.executionRoleArn,
      taskRoleArn: roles.taskRoleArn,
      logGroupName: logGroup.name,
      region: env.region,
      flagBucketName: flagBucket.bucketName,
      flagPrefix: flagBucket.flagPrefix,
      pollIntervalSeconds: env.flipt.pollIntervalSeconds,
      logLevel: env.flipt.logLevel,
    });

    // The UI and the alerts (and their provider classes) load only when an environment turns
    // them on: module loading is most of a synth, and most environments use neither.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const ui = env.ui
      ? new (require("./flipt-ui") as typeof FliptUiModule).FliptUi(this, "ui", {
          name: names.ui,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          certificateArn: env.ui.certificateArn,
          allowedCidrs: env.ui.allowedCidrs,
          serviceSecurityGroup: securityGroup,
          targetPort: FLIPT_HTTP_PORT,
          accessLogsBucketName: env.logsBucketName,
          deletionProtection: env.ui.deletionProtection ?? true,
          dns: env.ui.dns,
        })
      : undefined;

    const ecsService = new FliptService(this, "service", {
      name: service,
      clusterArn: cluster.arn,
      taskDefinitionArn: taskDefinition.arn,
      desiredCount: env.flipt.desiredCount,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [securityGroup.securityGroupId],
      discovery,
      dependsOn: [...roles.policies],
      adoptId: adopt.ecsService,
      loadBalancer: ui && {
        targetGroupArn: ui.targetGroupArn,
        containerName: taskDefinition.containerName,
        containerPort: FLIPT_HTTP_PORT,
        listener: ui.httpsListener,
      },
    });

    const alarm = new FliptDownAlarm(this, "down-alarm", {
      alarmName: names.downAlarm,
      clusterName: env.clusterName,
      serviceName: service,
      snsTopicArn: env.alarm.snsTopicArn,
      // A committed account id is compared with the topic at synth (validation); the variable
      // only at plan.
      accountIdExpression: env.accountId === undefined ? "var.account_id" : undefined,
    });

    const alerts = env.alarm.snsTopicArn
      ? new (require("./flipt-alerts") as typeof FliptAlertsModule).FliptAlerts(this, "alerts", {
          namePrefix: names.alertRulePrefix,
          serviceArn: ecsService.serviceId,
          serviceName: service,
          snsTopicArn: env.alarm.snsTopicArn,
        })
      : undefined;
    /* eslint-enable @typescript-eslint/no-require-imports */

    this.endpointUrl = discovery.endpointUrl(FLIPT_HTTP_PORT);
    const outputs: Record<string, [string, string]> = {
      endpoint_url: [this.endpointUrl, "Set FEATURE_FLAG_SERVER_URL in MilMove's app to this"],
      namespace_id: [discovery.namespaceId, "Cloud Map namespace id"],
      namespace_hosted_zone_id: [
        discovery.hostedZoneId,
        "Route 53 private hosted zone of the namespace",
      ],
      discovery_service_arn: [discovery.serviceArn, "Cloud Map service the tasks register in"],
      ecs_service_name: [ecsService.serviceName, `ECS service in cluster ${env.clusterName}`],
      security_group_id: [securityGroup.securityGroupId, "Flipt's security group"],
      flag_bucket_name: [flagBucket.bucketName, "Bucket MilMove's flag pipeline writes to"],
      log_group_name: [logGroup.name, "CloudWatch log group of the Flipt tasks"],
      down_alarm_name: [alarm.alarmName, "CloudWatch alarm: no running Flipt task"],
      ...(ui ? { ui_url: [ui.url, "Flipt's read-only UI (from the allowed ranges)"] } : {}),
      ...(alerts
        ? {
            alert_rule_names: [
              alerts.ruleNames.join(","),
              "EventBridge rules sending ECS events about Flipt to the SNS topic",
            ] as [string, string],
          }
        : {}),
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }

    // cdktf would run `terraform version` for the redeploy marker and the import blocks at every
    // synthesis (tests included); the stack's required_version states the need instead.
    const uncoveredChecks = replaceTerraformVersionChecks(this, REQUIRED_TERRAFORM_VERSION);
    if (uncoveredChecks.length > 0) throw new Error(uncoveredChecks.join("\n"));
  }
}
