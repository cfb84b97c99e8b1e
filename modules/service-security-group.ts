import {
  SecurityGroup,
  type SecurityGroupEgress,
  type SecurityGroupIngress,
} from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
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

/** The fields an inline rule leaves empty (the provider's rule objects have all nine). */
const NO_OTHER_SOURCES = {
  cidrBlocks: [],
  ipv6CidrBlocks: [],
  prefixListIds: [],
  securityGroups: [],
  selfAttribute: false,
};

/**
 * The security group of an ECS service that admits its port only from named security groups,
 * one described rule each, and sends only HTTPS out.
 *
 * The group's rules are its inline `ingress` and `egress` sets, which the provider manages as
 * the whole truth: an adopted group's rules that the stack does not declare (the 2023 allow-all
 * egress) are shown as removed in the plan and revoked, and an existing rule identical to a
 * declared one (source, port, protocol and description) is kept with no change. The provider
 * revokes what leaves the set before it authorizes what joins it, in one update, so a rule that
 * differs only in its description is replaced without an InvalidPermission.Duplicate
 * (internal/service/ec2/vpc_security_group.go, updateSecurityGroupRules). All of the group's
 * rules must be here: a separate rule resource on the same group would be revoked by the set.
 */
export class ServiceSecurityGroup extends Construct {
  public readonly securityGroupId: string;
  private readonly port: number;
  private readonly group: SecurityGroup;
  private readonly ingress: SecurityGroupIngress[] = [];
  private readonly egress: SecurityGroupEgress[] = [];

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    this.group = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    // A group's description cannot change in place (the provider replaces the group, which
    // stalls while ENIs use it), and it says nothing the stack relies on: whatever an adopted
    // group says stays. Unconditional, so removing `adopt` after the import plans no replacement.
    this.group.addOverride("lifecycle.ignore_changes", ["description"]);
    if (props.adoptId) adoptExisting(this.group, props.adoptId);
    this.securityGroupId = this.group.id;
    this.port = props.port;
  }

  /** Admits the service's port from another security group. */
  public allowFrom(sourceSecurityGroupId: string, description: string): void {
    this.ingress.push({
      ...NO_OTHER_SOURCES,
      securityGroups: [sourceSecurityGroupId],
      protocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      description,
    });
    this.group.putIngress(this.ingress);
  }

  /**
   * Lets a client's security group open connections to the service's port: an egress rule on
   * the client's group (which this stack does not own), for client groups that restrict egress.
   * One separate, described rule resource, so it coexists with other rule resources on that
   * group; a group that declares inline rules elsewhere would remove it (docs/configuration.md,
   * "Reaching Flipt from the app").
   *
   * An adopted rule (the 2023 setup's, which the stack would otherwise duplicate and AWS
   * refuse) is imported and gets `prevent_destroy` like every adopted object, although its
   * group is not the stack's: it is the app's path to Flipt, so a plan that would replace or
   * revoke it fails instead; removing `adopt` after the first apply lifts that. Its missing
   * description is set in place (ModifySecurityGroupRules; only the group and the kind of
   * peer force a new rule), so the path stays open throughout.
   * @param id construct id of the rule, a short literal such as `app-to-flipt`
   * @param adoptId id (`sgr-...`) of the existing rule to import instead of creating one
   */
  public allowEgressFrom(
    id: string,
    clientSecurityGroupId: string,
    description: string,
    adoptId?: string,
  ): void {
    const rule = new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: clientSecurityGroupId,
      referencedSecurityGroupId: this.securityGroupId,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      description,
    });
    if (adoptId) adoptExisting(rule, adoptId);
  }

  /**
   * Lets the service open HTTPS connections (S3, ECR, CloudWatch Logs, through VPC endpoints
   * or NAT). Their addresses are not fixed, so the destination is any IPv4 address, port 443 only.
   */
  public allowHttpsEgress(description: string): void {
    this.egress.push({
      ...NO_OTHER_SOURCES,
      cidrBlocks: ["0.0.0.0/0"],
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description,
    });
    this.group.putEgress(this.egress);
  }
}
