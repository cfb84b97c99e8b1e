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
    const { vpc: vpcLookup, privateSubnets } = props.network;

    // The VPC is always read (by id or by Name tag) so that plan checks what Cloud Map needs.
    const vpc = new DataAwsVpc(
      this,
      "vpc",
      "id" in vpcLookup ? { id: vpcLookup.id } : { tags: { Name: vpcLookup.name } },
    );
    vpc.addOverride("lifecycle.postcondition", [
      {
        condition: "${self.enable_dns_support && self.enable_dns_hostnames}",
        error_message: `VPC ${describe(vpcLookup)} must have DNS support and DNS hostnames enabled: the Cloud Map private namespace resolves through them.`,
      },
    ]);
    this.vpcId = vpc.id;

    if ("ids" in privateSubnets) {
      this.privateSubnetIds = [...privateSubnets.ids];
    } else {
      const subnets = new DataAwsSubnets(this, "private-subnets", {
        filter: [
          { name: "vpc-id", values: [this.vpcId] },
          { name: "tag:Name", values: [privateSubnets.namePattern] },
        ],
      });
      // Without this, a wrong pattern finds nothing and only the ECS service fails, at apply.
      subnets.addOverride("lifecycle.postcondition", [
        {
          condition: "${length(self.ids) > 0}",
          error_message: `No subnet with a Name tag matching ${privateSubnets.namePattern} in VPC ${describe(vpcLookup)}; set network.privateSubnets in the environment's file.`,
        },
      ]);
      this.privateSubnetIds = subnets.ids;
    }

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

function describe(lookup: { readonly id: string } | { readonly name: string }): string {
  return "id" in lookup ? lookup.id : `named ${lookup.name}`;
}
