import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { fipsEndpoints } from "./fips-endpoints";

/** Props of {@link GovCloudAwsProvider}. */
export interface GovCloudAwsProviderProps {
  /** GovCloud region the stack deploys to, e.g. `us-gov-west-1`. */
  readonly region: string;
  /**
   * The only account the stack may run against: a 12-digit id, or a token such as a Terraform
   * variable. The provider refuses every other account before it changes anything.
   */
  readonly accountId: string;
  /** Tags the provider puts on every resource it creates. */
  readonly defaultTags: Readonly<Record<string, string>>;
  /**
   * IAM role for Terraform to assume in the account.
   * @default - the caller's own credentials
   */
  readonly assumeRoleArn?: string;
  /**
   * Session name shown in CloudTrail when `assumeRoleArn` is set.
   * @default "terraform-flipt"
   */
  readonly sessionName?: string;
}

/**
 * The AWS provider as every Flipt stack needs it in GovCloud: FIPS endpoints, the account guard,
 * default tags, and the partition for building ARNs (never the commercial partition written literally).
 */
export class GovCloudAwsProvider extends Construct {
  /** The provider itself. */
  public readonly provider: AwsProvider;
  /** The ARN partition of the account (`aws-us-gov`), as a Terraform reference. */
  public readonly partition: string;
  /** The guarded account id (literal or token). */
  public readonly accountId: string;
  /** The region, a literal, not a data source (docs/checks.md, "Offline `terraform validate`"). */
  public readonly region: string;

  constructor(scope: Construct, id: string, props: GovCloudAwsProviderProps) {
    super(scope, id);

    this.provider = new AwsProvider(this, "aws", {
      region: props.region,
      useFipsEndpoint: true,
      // Explicit, because the provider falls back to a non-FIPS host without a word wherever
      // its resolver finds no FIPS host name (see fips-endpoints.ts).
      endpoints: [fipsEndpoints(props.region)],
      allowedAccountIds: [props.accountId],
      defaultTags: [{ tags: { ...props.defaultTags } }],
      assumeRole: props.assumeRoleArn
        ? [{ roleArn: props.assumeRoleArn, sessionName: props.sessionName ?? "terraform-flipt" }]
        : undefined,
    });
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.accountId = props.accountId;
    this.region = props.region;
  }

  /** Builds an ARN in this account's partition, e.g. `arn("logs", "log-group:x")`. */
  public arn(service: string, resource: string, options: { global?: boolean } = {}): string {
    const region = options.global ? "" : this.region;
    return `arn:${this.partition}:${service}:${region}:${this.accountId}:${resource}`;
  }
}
