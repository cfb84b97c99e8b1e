/**
 * ECS container definitions: `container_definitions` is a JSON *string* with camelCase keys
 * (`readonlyRootFilesystem`, `logConfiguration`), whose values may contain `${...}` references.
 */
import type { Finding, PolicySubject, RuleResult } from "../types";
import { isExpression } from "./expressions";
import { NOT_APPLICABLE, isResourceOf, verdict } from "./findings";
import { isAbsent, isObject, type JsonObject } from "./json";

/** One container of a task definition. */
export interface Container {
  /** Its `name`, or `#<index>` when it has none (used as the finding id). */
  readonly name: string;
  readonly definition: JsonObject;
}

/** The containers of a task definition, or why they cannot be read at synth time. */
export type Containers =
  | { readonly state: "parsed"; readonly containers: readonly Container[] }
  | { readonly state: "unresolved"; readonly value: unknown; readonly reason: string };

/** Reads `container_definitions`. */
export function readContainers(value: unknown): Containers {
  if (isAbsent(value)) return { state: "unresolved", value, reason: "it is missing" };
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      const reason = isExpression(value)
        ? "it is a Terraform expression (e.g. jsonencode), not a JSON string"
        : "it is not valid JSON";
      return { state: "unresolved", value, reason };
    }
  }
  if (!Array.isArray(parsed) || !parsed.every(isObject)) {
    return { state: "unresolved", value, reason: "it is not a JSON list of container objects" };
  }
  return {
    state: "parsed",
    containers: parsed.map((definition, i) => ({
      name: typeof definition.name === "string" ? definition.name : `#${i}`,
      definition,
    })),
  };
}

/** The fix for container definitions the policy cannot read. */
export const CONTAINERS_FIX =
  "write container_definitions with JSON.stringify([...]) (references inside string values are fine), not Fn.jsonencode or a variable";

/**
 * Runs a per-container check over a task definition; not-applicable for anything else, and an
 * `Unresolved::container_definitions` finding when the definitions cannot be read.
 */
export function checkContainers(
  subject: PolicySubject,
  check: (container: Container) => Finding[],
): RuleResult {
  if (!isResourceOf(subject, "aws_ecs_task_definition")) return NOT_APPLICABLE;
  const read = readContainers(subject.config.container_definitions);
  if (read.state === "unresolved") {
    return verdict([
      {
        id: "Unresolved::container_definitions",
        message: `container_definitions cannot be read at synth time: ${read.reason}`,
        fix: CONTAINERS_FIX,
      },
    ]);
  }
  return verdict(read.containers.flatMap(check));
}
