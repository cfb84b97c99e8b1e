import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import {
  isClassicLoadBalancer,
  isLoadBalancer,
  unlessApplicationLoadBalancer,
} from "../../private/elb";
import type { Rule } from "../../types";

/**
 * ELB-07: an application (or classic) load balancer's desync mitigation is `defensive` (the default) or
 * `strictest`, never `monitor` (FSBP ELB.12, CKV_AWS_328).
 */
export const elb07DesyncMitigation: Rule = (subject) => {
  if (!isLoadBalancer(subject) && !isClassicLoadBalancer(subject)) return NOT_APPLICABLE;
  const guard = isLoadBalancer(subject) ? unlessApplicationLoadBalancer(subject) : undefined;
  if (guard) return guard;
  const mode = readLiteralString(subject.config.desync_mitigation_mode);
  if (mode.state === "unresolved")
    return verdict([
      unresolved("desync_mitigation_mode", mode.expression, "defensive or strictest"),
    ]);
  if (mode.state === "literal" && mode.value === "monitor") {
    return verdict([
      {
        id: "DesyncMitigation::monitor",
        message: "desync_mitigation_mode is monitor: ambiguous requests are passed through",
        fix: 'set desync_mitigation_mode = "defensive" (or "strictest"), or leave it unset',
      },
    ]);
  }
  return verdict([]);
};
