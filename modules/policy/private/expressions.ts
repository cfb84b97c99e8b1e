/**
 * Terraform expressions inside resolved values. cdktf resolves tokens to `${...}` strings: a
 * reference to a block of the same stack (`${aws_kms_key.key_ABC.arn}`) has a known meaning at
 * synth time, anything else (`${var.x}`, `${local.y}`, function calls) does not, and a rule that
 * needs a concrete value reports it rather than passing silently.
 */
import { isAbsent } from "./json";

/** A reference to a block of the stack, e.g. `${aws_kms_key.key_ABC.arn}`. */
export interface Reference {
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** Attribute path after the name, e.g. `arn` or `dns_config[0].namespace_id`; may be empty. */
  readonly attribute: string;
  /** Address of the referenced block: `aws_kms_key.key_ABC`, `data.aws_partition.p`. */
  readonly address: string;
}

/** Anything that can tell whether a block exists in the stack. */
export interface BlockLookup {
  has(address: string): boolean;
}

// First segments that are not block types (Terraform's named values).
const NOT_BLOCK_TYPES = new Set([
  "var",
  "local",
  "module",
  "each",
  "count",
  "path",
  "terraform",
  "self",
]);
const TRAVERSAL =
  /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)$/;

/** An interpolation: its inner text and where it sits in the string. */
interface Interpolation {
  readonly inner: string;
  readonly start: number;
  readonly end: number;
}

/** The `${...}` interpolations of a string (nested braces and quoted strings handled). */
function scan(value: string): Interpolation[] {
  const found: Interpolation[] = [];
  let i = 0;
  while (i < value.length) {
    if (value.startsWith("$${", i)) {
      i += 3; // an escaped, literal "${"
      continue;
    }
    if (!value.startsWith("${", i)) {
      i += 1;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quoted = false;
    for (; j < value.length && depth > 0; j += 1) {
      const c = value[j];
      if (quoted) {
        if (c === "\\") j += 1;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth += 1;
      else if (c === "}") depth -= 1;
    }
    // An unterminated "${" is still an expression Terraform would reject: keep it, to the end.
    found.push({ inner: value.slice(i + 2, depth === 0 ? j - 1 : j), start: i, end: j });
    i = j;
  }
  return found;
}

/** True when a value is a string with at least one `${...}` expression. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && scan(value).length > 0;
}

/** Parses the inner text of an interpolation as a block reference, if it is one. */
function traversal(inner: string): Reference | undefined {
  const match = TRAVERSAL.exec(inner.trim());
  if (!match) return undefined;
  const [, data, type, name, rest] = match;
  if (!data && NOT_BLOCK_TYPES.has(type)) return undefined;
  const kind = data ? "data" : "resource";
  const address = data ? `data.${type}.${name}` : `${type}.${name}`;
  return { kind, type, name, attribute: rest.replace(/^\./, ""), address };
}

/** The reference a string consists of entirely (`${aws_kms_key.k.arn}`), if it is one. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const parts = scan(value);
  if (parts.length !== 1 || parts[0].start !== 0 || parts[0].end !== value.length) return undefined;
  return traversal(parts[0].inner);
}

/**
 * The expressions in a string whose value is unknown at synth time: anything but a reference to
 * a block that exists in the stack. Empty when the string's meaning is fully known.
 */
export function unresolvedExpressions(value: string, blocks: BlockLookup): string[] {
  return scan(value)
    .filter((part) => {
      const ref = traversal(part.inner);
      return ref === undefined || !blocks.has(ref.address);
    })
    .map((part) => "${" + part.inner + "}");
}

/**
 * The expressions of an ARN-like value (a policy's Resource or Principal) whose meaning is unknown
 * at synth time; empty when it is known. Known: a literal, references to blocks of the stack
 * (`${aws_s3_bucket.b.arn}/*`, `arn:${data.aws_partition.p.partition}:...`), and, in the account
 * field of a literal `arn:` template, an account variable: one the provider's
 * `allowed_account_ids` names, so Terraform refuses to run against any other account.
 */
export function unknownInArn(
  value: string,
  blocks: BlockLookup,
  accountVariables: ReadonlySet<string>,
): string[] {
  const parts = scan(value);
  if (parts.length === 0) return [];
  const literalArn = value.startsWith("arn:");
  return parts
    .filter((part) => {
      const ref = traversal(part.inner);
      if (ref !== undefined && blocks.has(ref.address)) return false;
      const expression = "${" + part.inner.trim() + "}";
      return !(
        literalArn &&
        accountVariables.has(expression) &&
        isAccountField(value, part, parts)
      );
    })
    .map((part) => "${" + part.inner + "}");
}

/** True when an interpolation is the whole account field (the 5th) of an `arn:` template. */
function isAccountField(value: string, part: Interpolation, parts: Interpolation[]): boolean {
  if (value[part.start - 1] !== ":") return false;
  if (part.end < value.length && value[part.end] !== ":") return false;
  // Colons of the literal text before it (colons inside other interpolations do not count).
  let colons = 0;
  let i = 0;
  for (const other of parts) {
    if (other.start >= part.start) break;
    colons += countColons(value.slice(i, other.start));
    i = other.end;
  }
  colons += countColons(value.slice(i, part.start));
  return colons === 4;
}

const countColons = (text: string): number => text.split(":").length - 1;

/** A value a rule needs as a literal: absent, the literal, or an expression it cannot know. */
export type Literal<T> =
  | { readonly state: "absent" }
  | { readonly state: "literal"; readonly value: T }
  | { readonly state: "unresolved"; readonly expression: string }
  | { readonly state: "invalid"; readonly value: unknown };

// The strings Terraform converts to a bool (cty's string-to-bool conversion).
const BOOL_STRINGS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
};

/**
 * Reads a boolean argument. Terraform also converts the strings "true", "false", "1" and "0";
 * anything else (`"yes"`, a number) is `invalid`, which a rule reports rather than passes.
 */
export function readBool(value: unknown): Literal<boolean> {
  if (isAbsent(value)) return { state: "absent" };
  if (typeof value === "boolean") return { state: "literal", value };
  if (typeof value === "string" && Object.hasOwn(BOOL_STRINGS, value)) {
    return { state: "literal", value: BOOL_STRINGS[value] };
  }
  if (isExpression(value)) return { state: "unresolved", expression: value };
  return { state: "invalid", value };
}

/** Reads a number argument (Terraform also accepts numeric strings). */
export function readNumber(value: unknown): Literal<number> {
  if (isAbsent(value)) return { state: "absent" };
  if (typeof value === "number") return { state: "literal", value };
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return { state: "literal", value: Number(value) };
  }
  if (isExpression(value)) return { state: "unresolved", expression: value };
  return { state: "invalid", value };
}

/** Reads a string argument that must be a literal (no expression at all). */
export function readLiteralString(value: unknown): Literal<string> {
  if (isAbsent(value)) return { state: "absent" };
  if (isExpression(value)) return { state: "unresolved", expression: value };
  if (typeof value === "string") return { state: "literal", value };
  if (typeof value === "number" || typeof value === "boolean") {
    return { state: "literal", value: String(value) };
  }
  return { state: "invalid", value };
}
