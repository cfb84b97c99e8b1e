import type { Node, YAMLMap } from "yaml";
import {
  COMPARISON_TYPES,
  FLAG_TYPES,
  FLIPT_KEY_PATTERN,
  type FormatVersion,
  MATCH_TYPES,
  NON_EMPTY_SINGLE_LINE,
  versionAtLeast,
} from "./flipt-declarative-format";
import {
  type Checker,
  describe,
  type Fields,
  fieldsOf,
  goScalar,
  report,
  sourceText,
} from "./flag-yaml";

/*
 * The shape of every object in a flag file, as tables: each field's type, whether Flipt's schema
 * requires it, and the format version that introduced it. Source: the CUE schema Flipt v1.61.1
 * checks every file against (core/validation/flipt.cue, definitions #Flag, #Variant, #Rule,
 * #Distribution, #Rollout, #Segment, #Constraint, #Namespace). Every definition there is closed,
 * so a field not in the table is refused. Rules between fields (which segment a rule names, which
 * variants a distribution names, sums) live in flag-file-validation.ts.
 */

/** How a field's value is checked. */
export type FieldType =
  /** A string of Flipt's key charset (`^[-_,A-Za-z0-9]+$`). */
  | { readonly type: "key"; readonly what: string }
  /** A string matching the schema's `^.+$`: one non-empty line. */
  | { readonly type: "line" }
  /** Any string. */
  | { readonly type: "text" }
  /** `bool`: true or false (yaml.v3 spellings only; `yes` is a string). */
  | { readonly type: "bool" }
  /** A number from 0 to 100 (Flipt stores it as a float32). */
  | { readonly type: "percentage" }
  /** `int`, and not negative: Flipt decodes the rank into a Go `uint`. */
  | { readonly type: "rank" }
  /** One of a fixed list of strings. */
  | { readonly type: "oneOf"; readonly values: readonly string[]; readonly what: string }
  /** A list, mapping or either-or value that the owner's rules check. */
  | { readonly type: "nested" };

/** One field of an object. */
export interface FieldSpec {
  readonly type: FieldType;
  /** Set when the schema requires the field: `true` for the standard message, or the message. */
  readonly required?: true | string;
  /** The format version that introduced the field. */
  readonly since?: FormatVersion;
}

/** An object of the format: how messages name it, and its fields in the schema's order. */
export interface ObjectSpec {
  readonly what: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const NESTED: FieldSpec = { type: { type: "nested" } };
const TEXT: FieldSpec = { type: { type: "text" } };
const LINE: FieldSpec = { type: { type: "line" } };
const REQUIRED_LINE: FieldSpec = { type: { type: "line" }, required: true };
const BOOL: FieldSpec = { type: { type: "bool" } };

function keyField(what: string): FieldSpec {
  return {
    type: { type: "key", what },
    required: `key is missing; every ${what} needs a key of letters, digits, -, _ or ,`,
  };
}

function percentage(name: string): FieldSpec {
  return {
    type: { type: "percentage" },
    required: `${name} is missing; give a percentage from 0 to 100`,
  };
}

/** The top level of a document. */
export const DOCUMENT: ObjectSpec = {
  what: "the top level",
  fields: { version: NESTED, namespace: NESTED, flags: NESTED, segments: NESTED },
};

/** `namespace` written as a mapping (#Namespace); the key is checked against the environment. */
export const NAMESPACE: ObjectSpec = {
  what: "the namespace",
  fields: { key: NESTED, name: LINE, description: TEXT },
};

/** #Segment. */
export const SEGMENT: ObjectSpec = {
  what: "a segment",
  fields: {
    key: keyField("segment"),
    name: REQUIRED_LINE,
    match_type: {
      type: { type: "oneOf", values: MATCH_TYPES, what: "match_type" },
      required: `match_type is missing; Flipt's schema requires one of ${MATCH_TYPES.join(", ")}`,
    },
    description: TEXT,
    constraints: NESTED,
  },
};

/** #Constraint; the operator and value depend on the type, so the owner checks them. */
export const CONSTRAINT: ObjectSpec = {
  what: "a constraint",
  fields: {
    type: {
      type: { type: "oneOf", values: COMPARISON_TYPES, what: "constraint type" },
      required: `type is missing; use one of ${COMPARISON_TYPES.join(", ")}`,
    },
    property: REQUIRED_LINE,
    operator: { type: { type: "nested" }, required: "operator is missing" },
    value: NESTED,
    description: TEXT,
  },
};

/** #Flag, with #FlagBoolean's rollouts (1.1) and metadata (1.3). */
export const FLAG: ObjectSpec = {
  what: "a flag",
  fields: {
    key: keyField("flag"),
    name: REQUIRED_LINE,
    description: TEXT,
    enabled: BOOL,
    variants: NESTED,
    rules: NESTED,
    type: { type: { type: "oneOf", values: FLAG_TYPES, what: "flag type" }, since: "1.1" },
    rollouts: { ...NESTED, since: "1.1" },
    metadata: { ...NESTED, since: "1.3" },
  },
};

/** #Variant. */
export const VARIANT: ObjectSpec = {
  what: "a variant",
  fields: {
    key: REQUIRED_LINE,
    name: LINE,
    description: TEXT,
    attachment: NESTED,
    default: { ...BOOL, since: "1.3" },
  },
};

/** #Rule. */
export const RULE: ObjectSpec = {
  what: "a rule",
  fields: {
    segment: {
      type: { type: "nested" },
      required:
        "segment is missing; a rule needs a segment key, or (version 1.2+) segment: { keys: [...], operator: ... }",
    },
    rank: { type: { type: "rank" } },
    distributions: NESTED,
  },
};

/** #Distribution. */
export const DISTRIBUTION: ObjectSpec = {
  what: "a distribution",
  fields: { variant: REQUIRED_LINE, rollout: percentage("rollout") },
};

/** One item of #FlagBoolean's rollouts: exactly one of segment or threshold. */
export const ROLLOUT: ObjectSpec = {
  what: "a rollout",
  fields: { description: TEXT, segment: NESTED, threshold: NESTED },
};

/** #Rollout's threshold. */
export const THRESHOLD: ObjectSpec = {
  what: "a threshold",
  fields: { percentage: percentage("percentage"), value: BOOL },
};

/** #RuleSegment: a rule's `segment: { keys, operator }` (version 1.2). */
export const RULE_SEGMENT: ObjectSpec = {
  what: "a rule's segment",
  fields: { keys: NESTED, operator: NESTED },
};

/** #Rollout's segment: #RolloutSegment (key or keys) with operator and value. */
export const ROLLOUT_SEGMENT: ObjectSpec = {
  what: "a rollout's segment",
  fields: { key: NESTED, keys: NESTED, operator: NESTED, value: BOOL },
};

/** A checked object: its fields, and the value of each scalar field that passed its check. */
export interface Shape {
  readonly fields: Fields;
  readonly values: ReadonlyMap<string, unknown>;
}

/**
 * Checks a mapping against its table: fields the schema does not define (or not in this
 * document's version), missing required fields, and each scalar field's type. Returns the fields
 * for the owner's rules and the values that passed.
 */
export function checkShape(
  c: Checker,
  node: YAMLMap,
  path: string,
  spec: ObjectSpec,
  version: FormatVersion,
): Shape {
  const fields = fieldsOf(c, node, path);
  const values = new Map<string, unknown>();
  const inVersion = (field: FieldSpec) =>
    field.since === undefined || versionAtLeast(version, field.since);
  const allowed = Object.entries(spec.fields)
    .filter(([, field]) => inVersion(field))
    .map(([name]) => name);
  const at = (name: string) => (path ? `${path}.${name}` : name);
  for (const [name, field] of fields) {
    const fieldSpec = spec.fields[name];
    if (fieldSpec === undefined) {
      report(
        c,
        field.keyNode,
        at(name),
        `unknown field "${name}" in ${spec.what}; Flipt's schema rejects fields it does not define (allowed: ${allowed.join(", ")})`,
      );
    } else if (!inVersion(fieldSpec)) {
      report(
        c,
        field.keyNode,
        at(name),
        `${name} needs version ${fieldSpec.since} or later; this document declares ${version}`,
      );
    } else {
      const value = checkValue(c, field.value, at(name), name, fieldSpec.type);
      if (value !== undefined) values.set(name, value);
    }
  }
  for (const [name, fieldSpec] of Object.entries(spec.fields)) {
    if (fields.has(name) || fieldSpec.required === undefined || !inVersion(fieldSpec)) continue;
    const message =
      fieldSpec.required === true
        ? `${name} is missing; Flipt's schema requires it`
        : fieldSpec.required;
    report(c, node, at(name), message);
  }
  return { fields, values };
}

/**
 * Whether a number is from 0 to 100 as Flipt's schema compares it: CUE reads the number as
 * written, as an exact decimal, so 100.00000000000000001 is over 100 although it is 100 as a
 * float64. Integers (hexadecimal and octal ones included) are exact as JS numbers up to 2^53,
 * far beyond the bounds.
 */
function isPercentage(kind: "int" | "float", value: number, node: Node | null): boolean {
  if (kind === "int") return value >= 0 && value <= 100;
  const match = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(
    sourceText(node).replace(/_/g, ""),
  );
  if (match === null) return false;
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (digits === "") return true;
  if (sign === "-") return false;
  // digits x 10^scale, compared with 100 without rounding.
  const scale = Number(exponent) - fraction.length;
  if (digits.length + scale <= 2) return true;
  if (digits.length + scale > 3) return false;
  return scale >= 0
    ? BigInt(digits) * 10n ** BigInt(scale) <= 100n
    : BigInt(digits) <= 100n * 10n ** BigInt(-scale);
}

/** Checks one scalar field by its type; returns its value when it passes. */
function checkValue(
  c: Checker,
  node: Node | null,
  path: string,
  name: string,
  type: FieldType,
): unknown {
  if (type.type === "nested") return undefined;
  const scalar = goScalar(node);
  const kind = scalar?.kind;
  const value = scalar?.value;
  const fail = (message: string) => {
    report(c, node, path, message);
    return undefined;
  };
  switch (type.type) {
    case "key": {
      if (kind === "string" && FLIPT_KEY_PATTERN.test(value as string)) return value;
      const hint =
        kind === "int" || kind === "float" || kind === "bool" || kind === "refused"
          ? ` (quote it: "${sourceText(node)}")`
          : "";
      return fail(
        `${type.what} key ${describe(node)} is not allowed; Flipt keys are strings of letters, digits, -, _ and , only${hint}`,
      );
    }
    case "line":
    case "text":
      if (kind !== "string") {
        return fail(`${name} ${describe(node)} is not a string; quote it or write text`);
      }
      if (type.type === "line" && !NON_EMPTY_SINGLE_LINE.test(value as string)) {
        return fail(`${name} ${describe(node)} must be one non-empty line`);
      }
      return value;
    case "bool":
      return kind === "bool"
        ? value
        : fail(`${name} ${describe(node)} is not a boolean; write true or false`);
    case "percentage":
      return (kind === "int" || kind === "float") && isPercentage(kind, value as number, node)
        ? value
        : fail(`${name} ${describe(node)} is not a percentage; use a number from 0 to 100`);
    case "rank":
      return kind === "int" && (value as number) >= 0
        ? value
        : fail(
            `rank ${describe(node)} must be a whole number; Flipt ranks rules by their order anyway, so it can be left out`,
          );
    case "oneOf":
      return kind === "string" && type.values.includes(value as string)
        ? value
        : fail(
            `${type.what} ${describe(node)} is not known to Flipt; use one of ${type.values.join(", ")}`,
          );
  }
}
