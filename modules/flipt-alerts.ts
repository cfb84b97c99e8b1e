import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";

/** Props of {@link FliptAlerts}. */
export interface FliptAlertsProps {
  /** Prefix of the rule names, e.g. `flipt-stg`. */
  readonly namePrefix: string;
  /** ARN of Flipt's ECS service (the `resources` of its events). */
  readonly serviceArn: string;
  /** Flipt's ECS service name, for the rule descriptions. */
  readonly serviceName: string;
  /**
   * SNS topic the events go to. Its access policy must let `events.amazonaws.com` publish (and,
   * for an encrypted topic, its key must let EventBridge use it): docs/configuration.md, "Alerts".
   */
  readonly snsTopicArn: string;
}

/** One alert: the ECS events that mean it, and what the rule says it is. */
interface Alert {
  readonly id: string;
  readonly detailType: string;
  readonly eventNames: readonly string[];
  readonly description: string;
}

/**
 * What the "no running task" alarm cannot see, from ECS's own events through EventBridge to the
 * environment's SNS topic (AWS ECS developer guide, "Amazon ECS service action events" and
 * "service deployment state change events"). ECS deployment alarms would be the other way to
 * watch deployments, but GovCloud does not offer them.
 * - a deployment that failed (the circuit breaker gave up on it and rolled back);
 * - tasks that cannot start (crash loop, bad image or configuration, no capacity);
 * - a task registered in Cloud Map that ECS reports unhealthy.
 * Each rule matches this service's ARN only, so other services in the cluster stay quiet.
 */
export class FliptAlerts extends Construct {
  /** The rule names, in the order above. */
  public readonly ruleNames: readonly string[];

  constructor(scope: Construct, id: string, props: FliptAlertsProps) {
    super(scope, id);
    const alerts: readonly Alert[] = [
      {
        id: "deployment-failed",
        detailType: "ECS Deployment State Change",
        eventNames: ["SERVICE_DEPLOYMENT_FAILED"],
        description: `${props.serviceName} deployment failed and was rolled back`,
      },
      {
        id: "tasks-not-starting",
        detailType: "ECS Service Action",
        eventNames: [
          "SERVICE_TASK_START_IMPAIRED",
          "SERVICE_TASK_CONFIGURATION_FAILURE",
          "SERVICE_TASK_PLACEMENT_FAILURE",
        ],
        description: `${props.serviceName} tasks cannot start (crash loop, image, configuration or capacity)`,
      },
      {
        id: "discovery-unhealthy",
        detailType: "ECS Service Action",
        eventNames: ["SERVICE_DISCOVERY_INSTANCE_UNHEALTHY"],
        description: `${props.serviceName} has an unhealthy task registered in Cloud Map`,
      },
    ];
    this.ruleNames = alerts.map((alert) => {
      const name = `${props.namePrefix}-${alert.id}`;
      const rule = new CloudwatchEventRule(this, alert.id, {
        name,
        description: alert.description,
        eventPattern: JSON.stringify({
          source: ["aws.ecs"],
          "detail-type": [alert.detailType],
          resources: [props.serviceArn],
          detail: { eventName: alert.eventNames },
        }),
      });
      new CloudwatchEventTarget(this, `${alert.id}-to-sns`, {
        rule: rule.name,
        targetId: "sns",
        arn: props.snsTopicArn,
      });
      return name;
    });
  }
}
