import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";

/** Props of {@link ServiceSecurityGroup}. */
export interface ServiceSecurityGroupProps {
  /** Group name; MilMove's convention is `ecs-<service>-<env>`. */
  readonly name: string;
  /** What the group protects. */
  readonly description: string;
  readonly vpcId: string;
  /** The one port the service listens on. */
  readonly port: number;
  /**
   * Id (`sg-...`) of the existing group to import instead of creating one.
   * @default - the group is created
   */
  readonly adoptId?: string;
}

/**
 * The security group of an ECS service that admits its port only from named security groups,
 * one described rule each, and sends only HTTPS out. No inline rules: each rule is its own
 * resource, so adding a client is an addition in `terraform plan`, not a rewrite of the group.
 */
export class ServiceSecurityGroup extends Construct {
  public readonly securityGroupId: string;
  private readonly port: number;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    const group = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    if (props.adoptId) {
      adoptExisting(group, props.adoptId);
      // A group's description cannot change in place (the provider replaces the group), and the
      // old group's wording is no reason to fail the plan: keep whatever it says.
      group.addOverride("lifecycle.ignore_changes", ["description"]);
    }
    this.securityGroupId = group.id;
    this.port = props.port;
  }

  /**
   * Admits the service's port from another security group.
   * @param id construct id of the rule, a short literal such as `from-app`
   */
  public allowFrom(id: string, sourceSecurityGroupId: string, description: string): void {
    new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: sourceSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      description,
    });
  }

  /**
   * Lets a client's security group open connections to the service's port: an egress rule on
   * the client's group (which this stack does not own), for client groups that restrict egress.
   * One separate, described rule resource, so it coexists with other rule resources on that
   * group; a group that declares inline rules elsewhere would remove it (README).
   * @param id construct id of the rule, a short literal such as `app-to-flipt`
   */
  public allowEgressFrom(id: string, clientSecurityGroupId: string, description: string): void {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: clientSecurityGroupId,
      referencedSecurityGroupId: this.securityGroupId,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      description,
    });
  }

  /**
   * Lets the service open HTTPS connections (S3, ECR, CloudWatch Logs, through VPC endpoints
   * or NAT). Their addresses are not fixed, so the destination is any IPv4 address, port 443 only.
   */
  public allowHttpsEgress(description: string): void {
    new VpcSecurityGroupEgressRule(this, "https-out", {
      securityGroupId: this.securityGroupId,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description,
    });
  }
}
