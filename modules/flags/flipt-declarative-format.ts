/**
 * Flipt v1's declarative flag-file format, as the last v1 release (v1.61.1) accepts it.
 *
 * Sources, read in flipt-io/flipt: the CUE schema every file is checked against when Flipt
 * loads a snapshot (`core/validation/flipt.cue`, formerly `internal/cue/flipt.cue`), the
 * operator lists the evaluator implements (`rpc/flipt/operators.go`), the loader
 * (`internal/storage/fs/snapshot.go`) and the default index (`core/validation/validate.go`).
 */

/** `version` values Flipt v1.61 accepts. MilMove writes "1.2". */
export const SUPPORTED_VERSIONS = ["1.0", "1.1", "1.2", "1.3", "1.4"] as const;

/** A supported declarative-format version. */
export type FormatVersion = (typeof SUPPORTED_VERSIONS)[number];

/** Flipt's key charset for namespaces, flags, segments and rule segment references. */
export const FLIPT_KEY_PATTERN = /^[-_,A-Za-z0-9]+$/;

/** Flipt's `^.+$` for names and variant keys: RE2's `.` excludes only the newline. */
export const NON_EMPTY_SINGLE_LINE = /^[^\n]+$/;

/** Flag types; a flag without `type` is a variant flag. */
export const FLAG_TYPES = ["VARIANT_FLAG_TYPE", "BOOLEAN_FLAG_TYPE"] as const;

/** Segment match types. Flipt's schema requires one on every segment (no default). */
export const MATCH_TYPES = ["ALL_MATCH_TYPE", "ANY_MATCH_TYPE"] as const;

/** How a rule or rollout combines several segments. */
export const SEGMENT_OPERATORS = ["OR_SEGMENT_OPERATOR", "AND_SEGMENT_OPERATOR"] as const;

/** Constraint comparison types. */
export const COMPARISON_TYPES = [
  "STRING_COMPARISON_TYPE",
  "NUMBER_COMPARISON_TYPE",
  "BOOLEAN_COMPARISON_TYPE",
  "DATETIME_COMPARISON_TYPE",
  "ENTITY_ID_COMPARISON_TYPE",
] as const;

/** A constraint comparison type. */
export type ComparisonType = (typeof COMPARISON_TYPES)[number];

const STRING_OPERATORS = [
  "eq",
  "neq",
  "empty",
  "notempty",
  "prefix",
  "suffix",
  "contains",
  "notcontains",
  "isoneof",
  "isnotoneof",
];

/**
 * Operators that both load and evaluate in Flipt v1.61.1, per comparison type. The declarative
 * loader checks operators against its CUE schema (#Constraint), not the API's operator tables
 * (rpc/flipt/operators.go), and the evaluator matches entity-id constraints with the same string
 * matcher as string constraints (`matchesString` in internal/server/evaluation), so both take the
 * schema's ten string operators, `prefix`, `suffix`, `contains` and `notcontains` included.
 *
 * `lt` is missing on purpose: v1's evaluator implements it, but the v1.61.1 CUE schema lists
 * `le` instead (a typo fixed by flipt-io/flipt#6307 after the last v1 release), so a file using
 * `lt` fails validation and Flipt refuses to start. `le` passes that schema but no evaluator
 * implements it, so it never matches. Neither is usable; see {@link LESS_THAN_ADVICE}.
 */
export const OPERATORS_BY_TYPE: Readonly<Record<ComparisonType, readonly string[]>> = {
  STRING_COMPARISON_TYPE: STRING_OPERATORS,
  NUMBER_COMPARISON_TYPE: [
    "eq",
    "neq",
    "lte",
    "gt",
    "gte",
    "present",
    "notpresent",
    "isoneof",
    "isnotoneof",
  ],
  BOOLEAN_COMPARISON_TYPE: ["true", "false", "present", "notpresent"],
  DATETIME_COMPARISON_TYPE: ["eq", "neq", "lte", "gt", "gte", "present", "notpresent"],
  ENTITY_ID_COMPARISON_TYPE: STRING_OPERATORS,
};

/** Why `lt` and `le` are refused, and what to write instead. */
export const LESS_THAN_ADVICE =
  "Flipt v1.61.1's schema rejects lt and its evaluator never matches le; write lte with the value just below (lt 5 is lte 4)";

/** Operators that compare nothing, so a constraint using them needs no `value`. */
export const NO_VALUE_OPERATORS: ReadonlySet<string> = new Set([
  "true",
  "false",
  "empty",
  "notempty",
  "present",
  "notpresent",
]);

/** Operators whose `value` is a JSON array, e.g. `'["a","b"]'`. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(["isoneof", "isnotoneof"]);

/** The files Flipt loads when the folder has no `.flipt.yml` index (gobwas/glob patterns). */
export const DEFAULT_INCLUDE_PATTERNS = [
  "**features.yml",
  "**features.yaml",
  "**.features.yml",
  "**.features.yaml",
] as const;

/** Name of Flipt's optional index file at the root of the bucket prefix. */
export const INDEX_FILE_NAME = ".flipt.yml";

/** True when `version` is at least `minimum` (both supported versions). */
export function versionAtLeast(version: FormatVersion, minimum: FormatVersion): boolean {
  return SUPPORTED_VERSIONS.indexOf(version) >= SUPPORTED_VERSIONS.indexOf(minimum);
}
