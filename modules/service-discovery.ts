import { DataAwsServiceDiscoveryDnsNamespace } from "@cdktf/provider-aws/lib/data-aws-service-discovery-dns-namespace";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { DataResource } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";

/** Props of {@link ServiceDiscovery}. */
export interface ServiceDiscoveryProps {
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
   * The namespace belongs to other infrastructure: look it up by name instead of creating it.
   * It is then never changed or destroyed from this stack.
   * @default false
   */
  readonly namespaceOwnedElsewhere?: boolean;
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

    let namespace: { id: string; arn: string; hostedZone: string };
    if (props.namespaceOwnedElsewhere) {
      // A data source: Terraform never plans a change or a destroy of what it only reads.
      namespace = new DataAwsServiceDiscoveryDnsNamespace(this, "existing-namespace", {
        name: props.namespaceName,
        type: "DNS_PRIVATE",
      });
    } else {
      const created = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
        name: props.namespaceName,
        vpc: props.vpcId,
        description: props.description,
      });
      // Import id `<namespace id>:<vpc id>` (provider docs, service_discovery_private_dns_namespace).
      if (props.adoptNamespaceId)
        adoptExisting(created, `${props.adoptNamespaceId}:${props.vpcId}`);
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
