import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import type { EncryptionKey } from "./encryption-key";

/** Props of {@link LogGroup}. */
export interface LogGroupProps {
  /** Log group name; MilMove's convention is `ecs-tasks-<service>-<env>`. */
  readonly name: string;
  /** Retention in days (validated: a CloudWatch value of at least 365). */
  readonly retentionDays: number;
  /** Customer-managed key that encrypts the log events. */
  readonly key: EncryptionKey;
  /**
   * Import the existing log group of this name instead of creating it.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/** The CloudWatch log group Flipt's container writes to, encrypted with the stack's key. */
export class LogGroup extends Construct {
  public readonly name: string;
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, "log-group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.key.keyArn,
    });
    if (props.adoptExisting) adoptExisting(group, props.name);
    this.name = props.name;
    this.arn = group.arn;
  }
}
