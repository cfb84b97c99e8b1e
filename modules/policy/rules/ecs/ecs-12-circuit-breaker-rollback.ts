import { readBool, readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { firstBlock } from "../../private/json";
import type { Finding, Rule } from "../../types";

/**
 * ECS-12: the deployment circuit breaker is on with rollback, so a release whose tasks cannot
 * start rolls back instead of leaving the service without healthy tasks (ours).
 */
export const ecs12CircuitBreakerRollback: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const controller = readLiteralString(firstBlock(subject.config.deployment_controller)?.type);
  // The circuit breaker only exists for the ECS deployment controller.
  if (controller.state === "literal" && controller.value !== "ECS") return NOT_APPLICABLE;
  const breaker = firstBlock(subject.config.deployment_circuit_breaker);
  const findings: Finding[] = [];
  for (const argument of ["enable", "rollback"]) {
    const path = `deployment_circuit_breaker.${argument}`;
    const value = readBool(breaker?.[argument]);
    if (value.state === "unresolved") findings.push(unresolved(path, value.expression, "true"));
    else if (value.state !== "literal" || !value.value) {
      findings.push({
        id: `CircuitBreaker::${argument}`,
        message: `${path} is not true`,
        fix: "set deployment_circuit_breaker { enable = true, rollback = true }",
      });
    }
  }
  return verdict(findings);
};
