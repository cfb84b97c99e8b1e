import {
  isExpression,
  parseReference,
  readLiteralString,
  readNumber,
} from "../../private/expressions";
import {
  NOT_APPLICABLE,
  expectBool,
  isResourceOf,
  unresolved,
  verdict,
} from "../../private/findings";
import { blocks, firstBlock, isAbsent, show } from "../../private/json";
import type { Finding, Rule, RuleContext, PolicySubject } from "../../types";

const UNAVAILABLE_NAMESPACES = [
  "aws_service_discovery_public_dns_namespace",
  "aws_service_discovery_http_namespace",
];

/**
 * CM-01: Cloud Map only through a private DNS namespace (GovCloud has no public one; an HTTP
 * namespace has no DNS for the app to resolve); discovery services use a TTL within bounds
 * (1 to option `maxDnsTtlSeconds`, default 60), report health through
 * `health_check_custom_config { failure_threshold = 1 }` (an empty block is dropped by the
 * provider and diffs forever), and no Route 53 `health_check_config` (public namespaces only)
 * (ours). ECS services leave Service Connect off.
 */
export const cm01PrivateCloudMap: Rule = (subject, context) => {
  if (subject.kind === "resource" && UNAVAILABLE_NAMESPACES.includes(subject.type)) {
    return verdict([
      {
        id: `Namespace::${subject.type}`,
        message: `${subject.type} is not allowed: Flipt is found through a private DNS namespace`,
        fix: "use aws_service_discovery_private_dns_namespace in the environment's VPC",
      },
    ]);
  }
  if (isResourceOf(subject, "aws_service_discovery_private_dns_namespace")) return verdict([]);
  if (isResourceOf(subject, "aws_ecs_service")) return verdict(serviceConnectFindings(subject));
  if (subject.kind === "data" && subject.type === "aws_service_discovery_dns_namespace") {
    return verdict(lookupFindings(subject.config.type, "type"));
  }
  if (!isResourceOf(subject, "aws_service_discovery_service")) return NOT_APPLICABLE;
  return verdict([
    ...ttlFindings(subject, context),
    ...healthFindings(subject),
    ...namespaceFindings(subject, context),
  ]);
};

function ttlFindings(subject: PolicySubject, context: RuleContext): Finding[] {
  const max = context.settings.maxDnsTtlSeconds;
  if (isExpression(subject.config.dns_config)) {
    return [
      unresolved("dns_config", subject.config.dns_config, `records with a TTL of 1 to ${max}`),
    ];
  }
  const dns = firstBlock(subject.config.dns_config);
  if (isExpression(dns?.dns_records)) {
    return [
      unresolved("dns_config.dns_records", dns.dns_records, `records with a TTL of 1 to ${max}`),
    ];
  }
  return blocks(dns?.dns_records).flatMap((record, i): Finding[] => {
    const path = `dns_config.dns_records[${i}].ttl`;
    const ttl = readNumber(record.ttl);
    if (ttl.state === "unresolved")
      return [unresolved(path, ttl.expression, `between 1 and ${max}`)];
    if (ttl.state === "literal" && ttl.value >= 1 && ttl.value <= max) return [];
    return [
      {
        id: `Ttl::${String(record.ttl)}`,
        message: `${path} is ${String(record.ttl)}, outside 1..${max} seconds`,
        fix: `set the TTL between 1 and ${max} seconds (about 10 keeps clients on healthy tasks)`,
      },
    ];
  });
}

function healthFindings(subject: PolicySubject): Finding[] {
  const findings: Finding[] = [];
  const custom = firstBlock(subject.config.health_check_custom_config);
  const threshold = readNumber(custom?.failure_threshold);
  if (threshold.state === "unresolved")
    findings.push(
      unresolved("health_check_custom_config.failure_threshold", threshold.expression, "1"),
    );
  else if (!(threshold.state === "literal" && threshold.value === 1)) {
    findings.push({
      id: "HealthCheck::custom",
      message: custom
        ? "health_check_custom_config.failure_threshold is not 1"
        : "health_check_custom_config is missing, so ECS cannot report task health",
      fix: "set health_check_custom_config { failure_threshold = 1 }",
    });
  }
  if (!isAbsent(subject.config.health_check_config)) {
    findings.push({
      id: "HealthCheck::route53",
      message: "health_check_config (Route 53 health checks) is for public namespaces only",
      fix: "remove health_check_config",
    });
  }
  return findings;
}

function namespaceFindings(subject: PolicySubject, context: RuleContext): Finding[] {
  const id = firstBlock(subject.config.dns_config)?.namespace_id;
  const target = context.stack.resolve(parseReference(id));
  if (target?.kind === "resource" && UNAVAILABLE_NAMESPACES.includes(target.type)) {
    return [
      {
        id: `Namespace::${target.type}`,
        message: `the service is in ${target.address}, not a private DNS namespace`,
        fix: "register it in an aws_service_discovery_private_dns_namespace",
      },
    ];
  }
  if (target?.kind === "resource" && target.type === "aws_service_discovery_private_dns_namespace")
    return [];
  if (target?.kind === "data" && target.type === "aws_service_discovery_dns_namespace") {
    return lookupFindings(target.config.type, `${target.address}.type`);
  }
  return [
    unresolved(
      "dns_config.namespace_id",
      id,
      "the id of a private DNS namespace of this stack (resource, or data source of type DNS_PRIVATE)",
    ),
  ];
}

/** A namespace looked up by a data source must be looked up as a private DNS one. */
function lookupFindings(type: unknown, path: string): Finding[] {
  const value = readLiteralString(type);
  if (value.state === "unresolved") return [unresolved(path, value.expression, "DNS_PRIVATE")];
  if (value.state === "literal" && value.value === "DNS_PRIVATE") return [];
  return [
    {
      id: `Namespace::${value.state === "literal" ? value.value : "unset"}`,
      message: `the namespace is looked up with type ${show(type)}, not DNS_PRIVATE`,
      fix: 'set type = "DNS_PRIVATE" on the aws_service_discovery_dns_namespace data source',
    },
  ];
}

/**
 * Service Connect is not how MilMove's app finds Flipt (it resolves the Cloud Map DNS name), and
 * its proxy would sit in front of the task: a service's configuration must leave it off.
 */
function serviceConnectFindings(subject: PolicySubject): Finding[] {
  return blocks(subject.config.service_connect_configuration).flatMap((config, i) =>
    expectBool(config.enabled, `service_connect_configuration[${i}].enabled`, false, {
      id: "ServiceConnect",
      message: "the service turns ECS Service Connect on; Flipt is found through Cloud Map DNS",
      fix: "remove service_connect_configuration; register the service in the private DNS namespace (service_registries)",
    }),
  );
}
