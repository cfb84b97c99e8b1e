import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
import { DataAwsSubnets } from "@cdktf/provider-aws/lib/data-aws-subnets";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Construct } from "constructs";
import type { ClientService, NetworkConfig } from "../environments/types";

/** Props of {@link EnvironmentNetwork}. */
export interface EnvironmentNetworkProps {
  /** The VPC and private subnets, by id or by name. */
  readonly network: NetworkConfig;
  /** The ECS services that call Flipt, with their security groups by id or by name. */
  readonly clients: readonly ClientService[];
}

/** A client service's security group, resolved to an id. */
export interface ResolvedClient {
  readonly service: string;
  readonly securityGroupId: string;
}

/**
 * The parts of MilMove's network that exist already and are not public: the VPC, its private
 * subnets and the app services' security groups. Each is taken as an explicit id or looked up
 * by name with a data source, so a wrong name fails `terraform plan` before anything changes.
 */
export class EnvironmentNetwork extends Construct {
  public readonly vpcId: string;
  public readonly privateSubnetIds: string[];
  public readonly clients: readonly ResolvedClient[];

  constructor(scope: Construct, id: string, props: EnvironmentNetworkProps) {
    super(scope, id);
    const { vpc, privateSubnets } = props.network;

    this.vpcId =
      "id" in vpc ? vpc.id : new DataAwsVpc(this, "vpc", { tags: { Name: vpc.name } }).id;

    this.privateSubnetIds =
      "ids" in privateSubnets
        ? [...privateSubnets.ids]
        : new DataAwsSubnets(this, "private-subnets", {
            filter: [
              { name: "vpc-id", values: [this.vpcId] },
              { name: "tag:Name", values: [privateSubnets.namePattern] },
            ],
          }).ids;

    this.clients = props.clients.map((client) => ({
      service: client.service,
      securityGroupId:
        "id" in client.securityGroup
          ? client.securityGroup.id
          : new DataAwsSecurityGroup(this, `client-${client.service}`, {
              name: client.securityGroup.name,
              vpcId: this.vpcId,
            }).id,
    }));
  }
}
