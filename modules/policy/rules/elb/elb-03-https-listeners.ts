import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  classicListeners,
  isClassicLoadBalancer,
  isListener,
  listenerProtocol,
} from "../../private/elb";
import { blocks, firstBlock, isAbsent } from "../../private/json";
import type { Finding, PolicySubject, Rule, RuleResult } from "../../types";

/**
 * ELB-03: listeners use HTTPS (or TLS) with a certificate; a plain HTTP listener may only
 * redirect to HTTPS (FSBP ELB.1, CKV_AWS_2, AVD-AWS-0054). A classic load balancer cannot
 * redirect, so each of its inline listeners must be HTTPS or SSL with a certificate.
 */
export const elb03HttpsListeners: Rule = (subject) => {
  if (isClassicLoadBalancer(subject)) return classic(subject);
  if (!isListener(subject)) return NOT_APPLICABLE;
  const protocol = listenerProtocol(subject);
  if (protocol.state === "unresolved")
    return verdict([unresolved("protocol", protocol.expression, "HTTPS")]);
  const value =
    protocol.state === "literal" ? protocol.value.toUpperCase() : String(subject.config.protocol);
  if (value === "HTTPS" || value === "TLS") {
    return verdict(
      isAbsent(subject.config.certificate_arn)
        ? [
            {
              id: "Certificate",
              message: `the ${value} listener has no certificate_arn`,
              fix: "set certificate_arn to an ACM certificate",
            },
          ]
        : [],
    );
  }
  if (value === "HTTP") {
    const actions = blocks(subject.config.default_action);
    const redirects =
      actions.length > 0 &&
      actions.every(
        (a) =>
          a.type === "redirect" &&
          String(firstBlock(a.redirect)?.protocol).toUpperCase() === "HTTPS",
      );
    return verdict(
      redirects
        ? []
        : [
            {
              id: "Protocol::HTTP",
              message: "the HTTP listener serves traffic instead of redirecting to HTTPS",
              fix: 'use protocol HTTPS, or make the only default_action a redirect { protocol = "HTTPS", status_code = "HTTP_301" }',
            },
          ],
    );
  }
  return verdict([
    {
      id: `Protocol::${value}`,
      message: `the listener uses ${value}, which is not encrypted`,
      fix: "use TLS (network) or HTTPS (application)",
    },
  ]);
};

function classic(subject: PolicySubject): RuleResult {
  const { listeners, unresolved: hidden } = classicListeners(subject);
  if (hidden !== undefined)
    return verdict([unresolved("listener", hidden, "HTTPS or SSL listeners")]);
  return verdict(
    listeners.flatMap((listener): Finding[] => {
      const path = `${listener.path}.lb_protocol`;
      if (listener.protocol.state === "unresolved")
        return [unresolved(path, listener.protocol.expression, "HTTPS or SSL")];
      const value =
        listener.protocol.state === "literal" ? listener.protocol.value.toUpperCase() : "unset";
      if (value === "HTTPS" || value === "SSL") {
        return isAbsent(listener.certificate)
          ? [
              {
                id: "Certificate",
                message: `${listener.path} (${value}) has no ssl_certificate_id`,
                fix: "set ssl_certificate_id to an ACM certificate",
              },
            ]
          : [];
      }
      return [
        {
          id: `Protocol::${value}`,
          message: `${listener.path} uses ${value}, which is not encrypted (a classic load balancer cannot redirect to HTTPS)`,
          fix: "use an application load balancer with an HTTPS listener (or lb_protocol HTTPS/SSL with a certificate)",
        },
      ];
    }),
  );
}
