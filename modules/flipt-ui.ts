import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { ServiceSecurityGroup } from "./service-security-group";

/** FIPS TLS policy for the HTTPS listener: TLS 1.2 and 1.3 only, FIPS ciphers only. */
export const FIPS_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04";

/** Props of {@link FliptUi}. */
export interface FliptUiProps {
  /** Name of the load balancer, target group and security group, e.g. `flipt-ui-stg` (<= 32). */
  readonly name: string;
  readonly vpcId: string;
  /** Private subnets of the internal load balancer (two or more AZs). */
  readonly subnetIds: string[];
  /** ACM certificate of the HTTPS listener. */
  readonly certificateArn: string;
  /** CIDR ranges allowed to reach the UI (validated: not empty, not the internet). */
  readonly allowedCidrs: readonly string[];
  /** Flipt's security group; it is opened to the load balancer on Flipt's port. */
  readonly serviceSecurityGroup: ServiceSecurityGroup;
  /** Flipt's HTTP port. */
  readonly targetPort: number;
  /** The account's existing bucket for load balancer access logs. */
  readonly accessLogsBucketName: string;
  /** Refuse deletion through the API (production). */
  readonly deletionProtection: boolean;
  /**
   * DNS name for the UI in an existing hosted zone.
   * @default - none; use the load balancer's DNS name
   */
  readonly dns?: { readonly hostedZoneId: string; readonly recordName: string };
}

/**
 * Flipt's UI for troubleshooting, behind an internal Application Load Balancer that only the
 * listed ranges can reach: HTTPS on 443 with a FIPS TLS policy, port 80 only redirects to HTTPS.
 * The UI is read-only because Flipt's declarative (S3) storage is: it shows flags, segments and
 * evaluations, and cannot change them.
 */
export class FliptUi extends Construct {
  public readonly targetGroupArn: string;
  public readonly loadBalancerDnsName: string;
  /** The HTTPS listener; the ECS service depends on it (a target group needs a load balancer). */
  public readonly httpsListener: LbListener;
  /** The URL engineers open. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: FliptUiProps) {
    super(scope, id);

    const group = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: `${props.name}: HTTPS from the allowed ranges to the Flipt UI`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    props.allowedCidrs.forEach((cidr, i) => {
      for (const port of [443, 80]) {
        new VpcSecurityGroupIngressRule(this, `from-range-${i}-${port}`, {
          securityGroupId: group.id,
          ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description:
            port === 443 ? `Flipt UI over HTTPS from ${cidr}` : `Redirect to HTTPS for ${cidr}`,
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, "to-flipt", {
      securityGroupId: group.id,
      referencedSecurityGroupId: props.serviceSecurityGroup.securityGroupId,
      ipProtocol: "tcp",
      fromPort: props.targetPort,
      toPort: props.targetPort,
      description: "To the Flipt tasks",
    });
    props.serviceSecurityGroup.allowFrom(group.id, "Flipt UI from its internal load balancer");

    const loadBalancer = new Lb(this, "load-balancer", {
      name: props.name,
      internal: true,
      loadBalancerType: "application",
      securityGroups: [group.id],
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: props.deletionProtection,
      accessLogs: {
        bucket: props.accessLogsBucketName,
        prefix: `alb/${props.name}`,
        enabled: true,
      },
    });

    const targetGroup = new LbTargetGroup(this, "target-group", {
      name: props.name,
      port: props.targetPort,
      protocol: "HTTP",
      targetType: "ip",
      vpcId: props.vpcId,
      deregistrationDelay: "30",
      healthCheck: {
        enabled: true,
        path: "/health",
        protocol: "HTTP",
        port: "traffic-port",
        matcher: "200",
        interval: 15,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });

    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: FIPS_TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    });
    new LbListener(this, "http-redirect", {
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    });

    if (props.dns) {
      // A CNAME to the load balancer's name, not an alias record: the GovCloud User Guide's
      // Route 53 page has long said alias records there may only target records in the same
      // zone, and a CNAME works in every partition. A CNAME cannot sit at a zone apex, and only
      // the zone id is configured, so the zone is read at plan and its name checked.
      const recordName = props.dns.recordName.toLowerCase().replace(/\.$/, "");
      const zone = new DataAwsRoute53Zone(this, "zone", { zoneId: props.dns.hostedZoneId });
      zone.addOverride("lifecycle.postcondition", [
        {
          condition: `\${endswith("${recordName}", ".\${trimsuffix(lower(self.name), ".")}")}`,
          error_message: `ui.dns.recordName ${recordName} must be a name below the apex of hosted zone ${props.dns.hostedZoneId} (a CNAME cannot be the zone apex, nor outside the zone).`,
        },
      ]);
      new Route53Record(this, "dns", {
        zoneId: props.dns.hostedZoneId,
        name: recordName,
        type: "CNAME",
        ttl: 300,
        records: [loadBalancer.dnsName],
      });
    }

    this.targetGroupArn = targetGroup.arn;
    this.loadBalancerDnsName = loadBalancer.dnsName;
    this.url = `https://${props.dns ? props.dns.recordName : loadBalancer.dnsName}`;
  }
}
