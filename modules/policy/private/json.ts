/** Narrowing helpers for the synthesized Terraform JSON, which rules receive as `unknown`. */

/** A JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** True for a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when a value is missing: Terraform treats `null` like an unset argument. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/**
 * The blocks of a nested-block argument. cdktf writes a single block as an object and repeated
 * blocks as an array; Terraform JSON accepts both, and `addOverride` can produce either.
 */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** A list argument as an array (a lone value becomes a one-element list; absent, empty). */
export function asList(value: unknown): unknown[] {
  if (isAbsent(value)) return [];
  return Array.isArray(value) ? value : [value];
}

/** Removes cdktf's `//` metadata key from a block. */
export function withoutMetadata(block: JsonObject): JsonObject {
  if (!("//" in block)) return block;
  const copy: Record<string, unknown> = { ...block };
  delete copy["//"];
  return copy;
}

/** Short, single-line rendering of a value for messages. */
export function show(value: unknown): string {
  const text =
    typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? "undefined");
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
