import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import type { ServiceDiscovery } from "./service-discovery";

/** Props of {@link FliptService}. */
export interface FliptServiceProps {
  /** ECS service name, e.g. `flipt`. */
  readonly name: string;
  /** ARN of the environment's existing cluster. */
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  /** Number of tasks; ADR 0084 runs one per environment. */
  readonly desiredCount: number;
  /** Private subnets for the tasks. */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** The Cloud Map service the tasks register in. */
  readonly discovery: ServiceDiscovery;
  /** Resources that must exist while the service runs (its IAM policies). */
  readonly dependsOn: ITerraformDependable[];
  /**
   * A load balancer target group to register the tasks with as well (the read-only UI).
   * @default - Cloud Map registration only
   */
  readonly loadBalancer?: {
    readonly targetGroupArn: string;
    readonly containerName: string;
    readonly containerPort: number;
    /** The listener forwarding to the target group; it must exist before the service. */
    readonly listener: ITerraformDependable;
  };
  /**
   * Import the existing service instead of creating it: its import id, `<cluster>/<service>`.
   * @default - the service is created
   */
  readonly adoptId?: string;
}

/**
 * Flipt's ECS service in the environment's cluster: private subnets, no public IP, registered in
 * Cloud Map. Deployments never drop below the desired count (100/200): with one task, a
 * deployment starts the new task before stopping the old, so the A record never goes empty
 * (the VPC resolver caches NXDOMAIN). A deployment that does not become healthy rolls back.
 */
export class FliptService extends Construct {
  public readonly serviceName: string;
  public readonly serviceId: string;

  constructor(scope: Construct, id: string, props: FliptServiceProps) {
    super(scope, id);

    const service = new EcsService(this, "service", {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: props.taskDefinitionArn,
      desiredCount: props.desiredCount,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: props.securityGroupIds,
        assignPublicIp: false,
      },
      // An A record in an awsvpc task: the registry ARN only (a port or container is rejected).
      serviceRegistries: { registryArn: props.discovery.serviceArn },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: false,
      waitForSteadyState: true,
      // A replaced discovery service changes the marker, and the new deployment re-registers tasks.
      forceNewDeployment: true,
      triggers: { discovery_service: props.discovery.replacementMarker.id },
      ...(props.loadBalancer
        ? {
            loadBalancer: [
              {
                targetGroupArn: props.loadBalancer.targetGroupArn,
                containerName: props.loadBalancer.containerName,
                containerPort: props.loadBalancer.containerPort,
              },
            ],
            // Lets Flipt load its first snapshot from S3 before the target group judges it.
            healthCheckGracePeriodSeconds: 60,
          }
        : {}),
      dependsOn: [...props.dependsOn, ...(props.loadBalancer ? [props.loadBalancer.listener] : [])],
    });

    // Provider >= 6.5 already fails the apply when the circuit breaker rolls a new deployment
    // back: wait_for_steady_state follows the service deployment (ListServiceDeployments,
    // DescribeServiceDeployments) and ROLLBACK_SUCCESSFUL is an error (CHANGELOG 6.4.0 #43434,
    // 6.5.0 #43502; internal/service/ecs/service.go, findDeploymentStatus). This postcondition
    // is a second check that does not depend on that logic (issue 20858 was the old behaviour):
    // after the wait the provider reads the service back, and a rollback leaves the previous
    // task definition there. ECS deployment alarms would be another way; GovCloud does not offer
    // them.
    service.addOverride("lifecycle.postcondition", [
      {
        condition: `\${self.task_definition == ${props.taskDefinitionArn}}`,
        error_message: `ECS rolled the ${props.name} deployment back (deployment circuit breaker): the new task definition never became healthy. Look at the service's events and the stopped tasks' "stopped reason" (aws ecs describe-services / list-tasks --desired-status STOPPED), then the task logs; the previous version is still serving.`,
      },
    ]);

    if (props.adoptId) adoptExisting(service, props.adoptId);
    this.serviceName = service.name;
    this.serviceId = service.id;
  }
}
