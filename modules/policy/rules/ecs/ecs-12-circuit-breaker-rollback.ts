import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, expectBool, isResourceOf, verdict } from "../../private/findings";
import { firstBlock } from "../../private/json";
import type { Rule } from "../../types";

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
  const findings = ["enable", "rollback"].flatMap((argument) =>
    expectBool(breaker?.[argument], `deployment_circuit_breaker.${argument}`, true, {
      id: `CircuitBreaker::${argument}`,
      message: `deployment_circuit_breaker.${argument} is not true`,
      fix: "set deployment_circuit_breaker { enable = true, rollback = true }",
    }),
  );
  return verdict(findings);
};
