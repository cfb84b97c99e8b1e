import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";

/** Props of {@link FliptDownAlarm}. */
export interface FliptDownAlarmProps {
  /** Alarm name, e.g. `flipt-stg-no-running-task`. */
  readonly alarmName: string;
  /** The environment's ECS cluster name. */
  readonly clusterName: string;
  /** Flipt's ECS service name. */
  readonly serviceName: string;
  /**
   * Minutes without a running task before the alarm fires.
   * @default 3
   */
  readonly minutes?: number;
  /**
   * SNS topic notified when the alarm fires and when it clears.
   * @default - no notification
   */
  readonly snsTopicArn?: string;
  /**
   * The account the stack runs in, as a Terraform expression: `var.account_id`, or a quoted
   * literal. With a topic, plan refuses a topic of another account: the alarm's notifications
   * (and the alerts, which use the same topic) must stay in the environment's account.
   * @default - no plan-time check
   */
  readonly accountIdExpression?: string;
}

/**
 * Fires when Flipt has no running task. When Flipt is down, MilMove's app silently falls back to
 * `FEATURE_FLAG_<KEY>` environment variables, so nobody notices unless something tells them.
 *
 * The metric is the AWS/ECS `CPUUtilization` of the service, counted (`SampleCount`) per minute.
 * ECS publishes it for every Fargate service whenever at least one task runs, without Container
 * Insights (which MilMove's clusters are not known to have), so "no samples" means "no task".
 * Missing data therefore counts as breaching. A task whose `/health` check fails is stopped and
 * replaced by ECS, so a Flipt that stays unhealthy also ends up here.
 */
export class FliptDownAlarm extends Construct {
  public readonly alarmName: string;
  public readonly alarmArn: string;

  constructor(scope: Construct, id: string, props: FliptDownAlarmProps) {
    super(scope, id);
    const minutes = props.minutes ?? 3;
    const actions = props.snsTopicArn ? [props.snsTopicArn] : [];
    const alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: props.alarmName,
      alarmDescription: `No running ${props.serviceName} task in ${props.clusterName} for ${minutes} minutes: MilMove's app is on its fallback flag values.`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: { ClusterName: props.clusterName, ServiceName: props.serviceName },
      statistic: "SampleCount",
      period: 60,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      alarmActions: actions,
      okActions: actions,
    });
    if (props.snsTopicArn && props.accountIdExpression) {
      alarm.addOverride("lifecycle.precondition", [
        {
          condition: `\${split(":", "${props.snsTopicArn}")[4] == ${props.accountIdExpression}}`,
          error_message: `The alarm topic ${props.snsTopicArn} is not in this stack's account: set alarm.snsTopicArn to a topic of the environment's own account.`,
        },
      ]);
    }
    this.alarmName = props.alarmName;
    this.alarmArn = alarm.arn;
  }
}
