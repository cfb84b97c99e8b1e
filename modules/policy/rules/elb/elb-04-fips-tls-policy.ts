import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  classicListeners,
  isClassicLoadBalancer,
  isListener,
  listenerProtocol,
} from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-04: HTTPS/TLS listeners name a FIPS TLS policy with TLS 1.2 minimum from the allow list
 * (option `allowedTlsPolicies`); unset means ELBSecurityPolicy-2016-08, which allows TLS 1.0
 * (FSBP ELB.17, CKV_AWS_103, AVD-AWS-0047). A classic load balancer offers no FIPS TLS policy,
 * so any HTTPS or SSL listener of one fails.
 */
export const elb04FipsTlsPolicy: Rule = (subject, context) => {
  if (isClassicLoadBalancer(subject)) {
    const secure = classicListeners(subject).listeners.filter(
      (l) =>
        l.protocol.state === "literal" && ["HTTPS", "SSL"].includes(l.protocol.value.toUpperCase()),
    );
    if (secure.length === 0) return NOT_APPLICABLE;
    return verdict([
      {
        id: "TlsPolicy::classic",
        message: `${secure.map((l) => l.path).join(", ")} of this classic load balancer cannot use a FIPS TLS policy`,
        fix: "use an application or network load balancer with a FIPS TLS policy",
      },
    ]);
  }
  if (!isListener(subject)) return NOT_APPLICABLE;
  const protocol = listenerProtocol(subject);
  if (protocol.state === "unresolved")
    return verdict([unresolved("protocol", protocol.expression, "HTTPS")]);
  if (protocol.state !== "literal" || !["HTTPS", "TLS"].includes(protocol.value.toUpperCase()))
    return NOT_APPLICABLE;
  const allowed = context.settings.allowedTlsPolicies;
  const policy = readLiteralString(subject.config.ssl_policy);
  if (policy.state === "unresolved")
    return verdict([unresolved("ssl_policy", policy.expression, "a FIPS TLS policy")]);
  if (policy.state === "literal" && allowed.includes(policy.value)) return verdict([]);
  const shown =
    policy.state === "literal" ? policy.value : "unset (ELBSecurityPolicy-2016-08, TLS 1.0)";
  return verdict([
    {
      id: `TlsPolicy::${shown}`,
      message: `ssl_policy is ${shown}, not a FIPS policy with TLS 1.2 minimum`,
      fix: `set ssl_policy to one of ${allowed.join(", ")}`,
    },
  ]);
};
