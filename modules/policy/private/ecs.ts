/**
 * ECS container definitions: `container_definitions` is a JSON *string* with camelCase keys
 * (`readonlyRootFilesystem`, `logConfiguration`), whose values may contain `${...}` references.
 *
 * The AWS provider decodes it with Go's encoding/json into the SDK's structs, which matches keys
 * case-insensitively (`Privileged`, `PRIVILEGED` and `privileged` are one field) and lets the
 * last of several matching keys win. The definitions are normalized the same way before rules
 * read them, and keys that collide only by case are reported, so a rule never reads a value the
 * provider does not send. Keys of map-typed fields (`dockerLabels`, `logConfiguration.options`,
 * `firelensConfiguration.options`) are not folded, as in Go.
 */
import type { Finding, PolicySubject, RuleResult } from "../types";
import { isExpression } from "./expressions";
import { NOT_APPLICABLE, isResourceOf, verdict } from "./findings";
import { isAbsent, isObject, type JsonObject } from "./json";

/** One container of a task definition. */
export interface Container {
  /** Its `name`, or `#<index>` when it has none (used as the finding id). */
  readonly name: string;
  /** The definition with keys normalized (the camelCase spelling of each field rules read). */
  readonly definition: JsonObject;
  /** Paths of keys given more than once, differing only by case (`readonlyRootFilesystem`). */
  readonly caseCollisions: readonly CaseCollision[];
}

/** Keys of one object that Go decodes into the same field. */
export interface CaseCollision {
  /** Path of the field in the container, e.g. `environment[0].name`. */
  readonly path: string;
  /** The spellings, in order (the last one wins). */
  readonly spellings: readonly string[];
}

/** The containers of a task definition, or why they cannot be read at synth time. */
export type Containers =
  | { readonly state: "parsed"; readonly containers: readonly Container[] }
  | { readonly state: "unresolved"; readonly value: unknown; readonly reason: string };

// The spelling rules use for the fields they read (any case is accepted in the input).
const CANONICAL = [
  "name",
  "user",
  "privileged",
  "readonlyRootFilesystem",
  "environment",
  "secrets",
  "value",
  "valueFrom",
  "logConfiguration",
  "logDriver",
  "options",
  "secretOptions",
  "dockerLabels",
  "firelensConfiguration",
  "image",
  "linuxParameters",
  "capabilities",
  "add",
  "drop",
];
// Map-typed fields (`map[string]string` in the SDK): their keys are data, not field names.
const MAP_FIELDS = new Set([
  "dockerLabels",
  "logConfiguration.options",
  "firelensConfiguration.options",
]);

/**
 * Go's case folding of a JSON key (encoding/json `foldName`): ASCII letters fold to one case, and
 * the non-ASCII runes that fold to ASCII letters (U+017F long s, U+212A Kelvin sign) to those.
 */
export function goFold(key: string): string {
  let out = "";
  for (const ch of key) {
    if (ch === "\u017f") out += "S";
    else if (ch === "\u212a") out += "K";
    else out += ch.length === 1 && ch.charCodeAt(0) < 0x80 ? ch.toUpperCase() : ch;
  }
  return out;
}

const CANONICAL_BY_FOLD = new Map(CANONICAL.map((key) => [goFold(key), key]));

/**
 * Normalizes a decoded JSON value as Go decodes it into structs: keys that fold to the same name
 * are one field, the last one wins, and the field takes its canonical spelling.
 */
function normalize(value: unknown, path: string, collisions: CaseCollision[]): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => normalize(item, `${path}[${i}]`, collisions));
  }
  if (!isObject(value)) return value;
  const fieldPath = path.replace(/\[\d+\]/g, "");
  if (MAP_FIELDS.has(fieldPath)) return value;
  const fields = new Map<string, { key: string; spellings: string[]; value: unknown }>();
  for (const [key, item] of Object.entries(value)) {
    const folded = goFold(key);
    const seen = fields.get(folded);
    const canonical = CANONICAL_BY_FOLD.get(folded) ?? key;
    if (seen) {
      seen.spellings.push(key);
      seen.value = item;
    } else fields.set(folded, { key: canonical, spellings: [key], value: item });
  }
  const result: Record<string, unknown> = {};
  for (const field of fields.values()) {
    const childPath = path === "" ? field.key : `${path}.${field.key}`;
    if (field.spellings.length > 1)
      collisions.push({ path: childPath, spellings: field.spellings });
    result[field.key] = normalize(field.value, childPath, collisions);
  }
  return result;
}

/**
 * Read container definitions by their JSON text: every ECS rule reads the same task definition,
 * and parsing and normalising it once per stack instead of once per rule is a measurable part of
 * synth. The results are never modified by the rules.
 */
const readByText = new Map<string, Containers>();

/** Reads `container_definitions`. */
export function readContainers(value: unknown): Containers {
  if (typeof value !== "string") return readContainersUncached(value);
  let read = readByText.get(value);
  if (!read) {
    if (readByText.size > 64) readByText.clear();
    read = readContainersUncached(value);
    readByText.set(value, read);
  }
  return read;
}

function readContainersUncached(value: unknown): Containers {
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
    containers: parsed.map((raw, i) => {
      const caseCollisions: CaseCollision[] = [];
      const definition = normalize(raw, "", caseCollisions) as JsonObject;
      return {
        name: typeof definition.name === "string" ? definition.name : `#${i}`,
        definition,
        caseCollisions,
      };
    }),
  };
}

/** The fix for container definitions the policy cannot read. */
export const CONTAINERS_FIX =
  "write container_definitions with JSON.stringify([...]) (references inside string values are fine), not Fn.jsonencode or a variable";

/**
 * Runs a per-container check over a task definition; not-applicable for anything else, and an
 * `Unresolved::container_definitions` finding when the definitions cannot be read. `reads` names
 * the fields the rule reads: keys under them that collide only by case are a
 * `Case::<container>/<path>` finding.
 */
export function checkContainers(
  subject: PolicySubject,
  reads: readonly string[],
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
  return verdict(
    read.containers.flatMap((container) => [
      ...caseFindings(container, reads),
      ...check(container),
    ]),
  );
}

function caseFindings(container: Container, reads: readonly string[]): Finding[] {
  return container.caseCollisions
    .filter((c) => reads.includes(c.path.split(/[.[]/)[0]))
    .map((c) => ({
      id: `Case::${container.name}/${c.path}`,
      message: `container ${container.name} sets ${c.path} ${c.spellings.length} times, spelled ${c.spellings.map((s) => JSON.stringify(s)).join(", ")}; ECS reads keys case-insensitively and takes the last one`,
      fix: `write ${c.path
        .split(".")
        .pop()
        ?.replace(/\[\d+\]$/, "")} once in container ${container.name}, in camelCase`,
    }));
}
