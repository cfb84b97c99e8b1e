import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { DataAwsServiceDiscoveryDnsNamespace } from "@cdktf/provider-aws/lib/data-aws-service-discovery-dns-namespace";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { DataResource } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import type { GovCloudAwsProvider } from "./aws-provider";

/** Props of {@link ServiceDiscovery}. */
export interface ServiceDiscoveryProps {
  readonly aws: GovCloudAwsProvider;
  /** Environment name, for the plan's error messages. */
  readonly environmentName: string;
  /** Private DNS namespace, e.g. `svc-stg.local`. */
  readonly namespaceName: string;
  /** VPC the namespace's private hosted zone is attached to (needs DNS support and hostnames). */
  readonly vpcId: string;
  /** Service name inside the namespace, e.g. `flipt`. */
  readonly serviceName: string;
  /** TTL of the A record, in seconds; short, so clients follow task replacements. */
  readonly ttlSeconds: number;
  /** What the namespace is for. */
  readonly description: string;
  /**
   * The namespace belongs to other infrastructure: look it up by name (`true`) or take it by id
   * (`{ id }`, when the account has namespaces of that name in other VPCs) instead of creating
   * it. It is then never changed or destroyed from this stack.
   * @default false
   */
  readonly namespaceOwnedElsewhere?: boolean | { readonly id: string };
  /**
   * Id (`ns-...`) of an existing namespace to import instead of creating one.
   * @default - the namespace is created (or looked up, when owned elsewhere)
   */
  readonly adoptNamespaceId?: string;
  /**
   * Id (`srv-...`) of an existing discovery service to import instead of creating one.
   * @default - the discovery service is created
   */
  readonly adoptServiceId?: string;
}

/**
 * Cloud Map, the way ADR 0084 finds Flipt: a private DNS namespace in the environment's VPC and
 * a discovery service whose A records ECS keeps pointed at the healthy Flipt tasks. The namespace
 * is created here, imported (adopted), or, when other infrastructure owns it, only looked up.
 *
 * - A records with MULTIVALUE routing: awsvpc tasks have their own IPs; SRV is not needed.
 * - `health_check_custom_config` makes ECS report task health to Cloud Map. Its
 *   `failure_threshold` is deprecated (always 1), but an empty block is dropped by the provider
 *   and shows as a permanent diff, so it stays at 1. Route 53 health checks
 *   (`health_check_config`) are for public namespaces, which GovCloud does not have.
 * - `force_destroy` deregisters instances before a delete, which otherwise fails while ECS still
 *   has tasks registered.
 */
export class ServiceDiscovery extends Construct {
  public readonly namespaceId: string;
  public readonly namespaceArn: string;
  public readonly hostedZoneId: string;
  public readonly serviceArn: string;
  public readonly serviceId: string;
  /** DNS name clients resolve, e.g. `flipt.svc-stg.local`. */
  public readonly dnsName: string;
  /**
   * Changes identity whenever the discovery service is replaced. A recreated discovery service
   * can come back with the same id, and ECS then does not re-register its tasks (AWS provider
   * issue 46930); the ECS service redeploys when this marker changes. It also changes on in-place
   * updates of the discovery service (a TTL change): one extra rolling deployment, harmless.
   */
  public readonly replacementMarker: DataResource;

  constructor(scope: Construct, id: string, props: ServiceDiscoveryProps) {
    super(scope, id);

    const elsewhere = props.namespaceOwnedElsewhere;
    const where = `${props.environmentName}: Cloud Map namespace ${props.namespaceName}`;
    // The private zone of that name associated with the stack's VPC. A namespace not created
    // here must be the one whose zone this is: the namespace's import id carries a VPC that
    // the provider never reads back, and a lookup by name cannot see VPCs at all. The data
    // source lists zones of the name and type and keeps those whose VPCs (GetHostedZone)
    // include vpc_id (internal/service/route53/zone_data_source.go); none or two fail the plan.
    const zone =
      elsewhere || props.adoptNamespaceId
        ? new DataAwsRoute53Zone(this, "namespace-zone", {
            name: props.namespaceName,
            vpcId: props.vpcId,
            privateZone: true,
          })
        : undefined;
    // A postcondition, not a `check` block: a check only warns, and the plan must stop.
    const inTheStacksVpc = (zoneId: string, namespaceId: string) => [
      {
        condition: `\${self.hosted_zone == ${zoneId}}`,
        error_message: `${where} (${namespaceId}) is not the namespace of the stack's VPC ${props.vpcId}: its hosted zone is not the private zone ${props.namespaceName} associated with that VPC. Give the namespace of this VPC (aws servicediscovery list-namespaces, then get-namespace).`,
      },
    ];

    let namespace: { id: string; arn: string; hostedZone: string };
    if (typeof elsewhere === "object" && zone) {
      // No data source reads a namespace by id (aws_service_discovery_dns_namespace takes a
      // name and type), so the zone vouches for it: Route 53 links a zone Cloud Map created to
      // the namespace's ARN (LinkedService), and that link must name this id.
      zone.addOverride("lifecycle.postcondition", [
        {
          condition: `\${self.linked_service_principal == "servicediscovery.amazonaws.com" && endswith(coalesce(self.linked_service_description, "-"), ":namespace/${elsewhere.id}")}`,
          error_message: `${where} (${elsewhere.id}) is not the namespace of the stack's VPC ${props.vpcId}: the private zone ${props.namespaceName} of that VPC belongs to \${coalesce(self.linked_service_description, "no Cloud Map namespace")}. Give the id of the namespace in this VPC.`,
        },
      ]);
      namespace = {
        id: elsewhere.id,
        arn: props.aws.arn("servicediscovery", `namespace/${elsewhere.id}`),
        hostedZone: zone.zoneId,
      };
    } else if (elsewhere && zone) {
      // A data source: Terraform never plans a change or a destroy of what it only reads.
      const found = new DataAwsServiceDiscoveryDnsNamespace(this, "existing-namespace", {
        name: props.namespaceName,
        type: "DNS_PRIVATE",
      });
      found.addOverride(
        "lifecycle.postcondition",
        inTheStacksVpc(zone.zoneId, "looked up by name"),
      );
      namespace = found;
    } else {
      const created = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
        name: props.namespaceName,
        vpc: props.vpcId,
        description: props.description,
      });
      // Import id `<namespace id>:<vpc id>` (provider docs, service_discovery_private_dns_namespace).
      if (props.adoptNamespaceId && zone) {
        adoptExisting(created, `${props.adoptNamespaceId}:${props.vpcId}`);
        created.addOverride(
          "lifecycle.postcondition",
          inTheStacksVpc(zone.zoneId, props.adoptNamespaceId),
        );
      }
      namespace = created;
    }

    const service = new ServiceDiscoveryService(this, "service", {
      name: props.serviceName,
      description: `${props.serviceName}.${props.namespaceName}: tasks registered by ECS`,
      dnsConfig: {
        namespaceId: namespace.id,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: props.ttlSeconds }],
      },
      healthCheckCustomConfig: { failureThreshold: 1 },
      forceDestroy: true,
    });
    if (props.adoptServiceId) adoptExisting(service, props.adoptServiceId);

    this.replacementMarker = new DataResource(this, "replacement-marker", {});
    // Terraform's JSON syntax wants a bare address here; cdktf 0.21 would render `${...}`.
    this.replacementMarker.addOverride("lifecycle.replace_triggered_by", [
      `${service.terraformResourceType}.${service.friendlyUniqueId}`,
    ]);

    this.namespaceId = namespace.id;
    this.namespaceArn = namespace.arn;
    this.hostedZoneId = namespace.hostedZone;
    this.serviceArn = service.arn;
    this.serviceId = service.id;
    this.dnsName = `${props.serviceName}.${props.namespaceName}`;
  }

  /** The URL clients use, e.g. `http://flipt.svc-stg.local:8080`. */
  public endpointUrl(port: number): string {
    return `http://${this.dnsName}:${port}`;
  }
}
