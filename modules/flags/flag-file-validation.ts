import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type YAMLMap,
} from "yaml";
import { type FlagFileProblem, FlagFileValidationError } from "./flag-file-problem";
import { flagFileEncoding, listFlagFolder } from "./flag-folder";
import {
  COMPARISON_TYPES,
  type ComparisonType,
  FLAG_TYPES,
  FLIPT_KEY_PATTERN,
  type FormatVersion,
  LESS_THAN_ADVICE,
  LIST_OPERATORS,
  MATCH_TYPES,
  NO_VALUE_OPERATORS,
  NON_EMPTY_SINGLE_LINE,
  OPERATORS_BY_TYPE,
  SEGMENT_OPERATORS,
  SUPPORTED_VERSIONS,
  versionAtLeast,
} from "./flipt-declarative-format";
import { findJsonSyntaxError } from "./json-syntax";

export {
  type FlagFileProblem,
  FlagFileValidationError,
  formatFlagFileProblem,
  formatFlagFileProblems,
} from "./flag-file-problem";
export {
  type FlagFileEncoding,
  type FlagFolderListing,
  flagFileEncoding,
  listFlagFolder,
} from "./flag-folder";

/*
 * What MilMove's flag files must satisfy, beyond parsing: Flipt v1.61.1's own schema and loader
 * (a file that fails them makes Flipt refuse to start), plus rules that catch silent mistakes
 * Flipt accepts (duplicate keys, distributions over 100 %, a namespace the app never asks for).
 *
 * Choices, stricter than Flipt where Flipt's behaviour would surprise:
 * - `version` is required. Flipt's schema defaults a missing one to 1.4, its importer to the
 *   latest; MilMove writes "1.2", so a missing version is a mistake, not a wish.
 * - `namespace` is required and must be the environment name: without it Flipt loads the flags
 *   into `default`, which the MilMove app never asks for.
 * - Rules and rollouts must refer to segments defined in the same file (earlier documents count).
 *   Flipt resolves references while it loads each file, so a segment from another file works
 *   only if that file happens to load first.
 * - Boolean flags take no variants or rules, variant flags no rollouts, a flag at most one
 *   default variant, and a rollout exactly one of segment or threshold.
 * - Rollout `segment.keys` needs version 1.2, as Flipt's importer requires; `rule.segment` as an
 *   object came with it (segment AND/OR, Flipt v1.25) and is gated the same way. Flipt's schema
 *   checks neither.
 */

/** Which file is checked, and for which environment. */
export interface FlagFileOptions {
  /**
   * Name of the file in problems, e.g. `flags/demo/features.yml`. Its extension chooses how the
   * text is read, as Flipt chooses its decoder: YAML for `.yml`/`.yaml`, JSON for `.json` or no
   * extension (see {@link flagFileEncoding}); YAML for other extensions, which Flipt refuses.
   */
  readonly file: string;
  /** The MilMove environment the file is for; its name is the namespace the app asks for. */
  readonly environment: string;
}

/** A flag file ready to upload: where it is and what the object key under the prefix is. */
export interface FlagFile {
  /** Path relative to the flag folder with `/` separators: the S3 key under the prefix. */
  readonly relativePath: string;
  /** Path on disk. */
  readonly absolutePath: string;
}

/** Flag and segment keys seen so far, with where, so duplicates can name the first one. */
interface KeyRegistry {
  readonly flags: Map<string, string>;
  readonly segments: Map<string, string>;
}

/**
 * Checks one flag file's text. Pure: no file system access. Returns every problem found (empty
 * when the file is fine). A YAML file may hold several documents separated by `---`, as Flipt
 * (since v1.28) allows; each is checked. A JSON file (`.json` or no extension) must be one JSON
 * value, since Flipt decodes it with Go's JSON decoder: YAML syntax there makes Flipt refuse it.
 */
export function validateFlagFile(content: string, options: FlagFileOptions): FlagFileProblem[] {
  return checkFile(content, options, { flags: new Map(), segments: new Map() });
}

/**
 * Checks every file Flipt would load from `dir` for `environment` (see {@link listFlagFolder}),
 * including that flag and segment keys are unique across files. Problems name files as
 * `join(dir, relativePath)`.
 */
export function validateFlagDirectory(dir: string, environment: string): FlagFileProblem[] {
  const listing = listFlagFolder(dir);
  const registry: KeyRegistry = { flags: new Map(), segments: new Map() };
  const fileProblems = listing.flagFiles.flatMap((path) =>
    checkFile(
      readFileSync(join(dir, path), "utf8"),
      { file: join(dir, path), environment },
      registry,
    ),
  );
  return [...listing.problems, ...fileProblems];
}

/**
 * The files to upload for `environment` (the index first, when there is one), after checking
 * them all. Throws {@link FlagFileValidationError} listing every problem when any file is bad.
 */
export function loadFlagFiles(dir: string, environment: string): FlagFile[] {
  const problems = validateFlagDirectory(dir, environment);
  if (problems.length > 0) throw new FlagFileValidationError(environment, problems);
  const listing = listFlagFolder(dir);
  const paths = listing.indexFile ? [listing.indexFile, ...listing.flagFiles] : listing.flagFiles;
  return paths.map((relativePath) => ({ relativePath, absolutePath: join(dir, relativePath) }));
}

// ---------------------------------------------------------------------------------------------
// Walking the YAML

/** State shared by the checks of one document. */
interface Checker {
  readonly file: string;
  readonly document: number | undefined;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly problems: FlagFileProblem[];
}

/** A key of a mapping with its value (aliases resolved; null for an empty value). */
interface Field {
  readonly keyNode: Node;
  readonly value: Node | null;
}

type Fields = ReadonlyMap<string, Field>;

function checkFile(content: string, options: FlagFileOptions, registry: KeyRegistry) {
  const lines = new LineCounter();
  const problems: FlagFileProblem[] = [];
  const json = flagFileEncoding(options.file) === "json";
  const format = json ? "JSON" : "YAML";
  if (json && !/^[ \t\n\r]*$/.test(content)) {
    // Flipt checks the file against its schema and then decodes it with Go's json.NewDecoder, so
    // it must be JSON. Valid JSON is also YAML, so the YAML checks below then apply unchanged.
    const error = findJsonSyntaxError(content);
    if (error !== undefined) {
      problems.push({
        file: options.file,
        path: "",
        ...lineAndColumn(content, error.offset),
        message: `invalid JSON: ${error.message}; Flipt decodes .json and extension-less flag files as JSON and refuses to start, so write JSON or rename the file to .yml`,
      });
      return problems;
    }
  }
  const docs = parseAllDocuments(content, { lineCounter: lines, prettyErrors: false });
  if (docs.length === 0) {
    const write = json
      ? `{"version": "1.2", "namespace": "${options.environment}", "flags": [...]}`
      : `version, namespace: ${options.environment} and flags`;
    problems.push({
      file: options.file,
      path: "",
      message: `the file holds no ${format} document, so Flipt loads nothing from it; write ${write}`,
    });
    return problems;
  }
  // Flipt resolves a document's segment references against the segments loaded so far.
  const segmentsSoFar = new Set<string>();
  docs.forEach((doc, i) => {
    const c: Checker = {
      file: options.file,
      document: docs.length > 1 ? i + 1 : undefined,
      doc,
      lines,
      problems,
    };
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        report(c, error.pos[0], "", `invalid ${format}: ${error.message}`);
      }
      return;
    }
    checkDocument(c, options.environment, registry, segmentsSoFar);
  });
  return problems;
}

function checkDocument(
  c: Checker,
  environment: string,
  registry: KeyRegistry,
  segmentsSoFar: Set<string>,
) {
  const root = resolve(c, c.doc.contents);
  if (root === null) {
    report(c, undefined, "", "the document is empty; remove the stray --- or fill it in");
    return;
  }
  if (!isMap(root)) {
    report(
      c,
      root,
      "",
      `the document is ${describe(root)}; it must be a mapping of version, namespace, flags and segments`,
    );
    return;
  }
  const fields = fieldsOf(c, root, "");
  checkKnownFields(c, fields, "", "the top level", ["version", "namespace", "flags", "segments"]);
  // Gates by version assume the newest format when the version itself is wrong, so one bad
  // version is reported once rather than once per flag.
  const version = checkVersion(c, root, fields.get("version")) ?? "1.4";
  checkNamespace(c, root, fields.get("namespace"), environment);

  const segments = listOf(c, fields.get("segments"), "segments");
  segments.forEach((node, i) => {
    const key = checkSegment(c, node, `segments[${i}]`, registry);
    if (key !== undefined) segmentsSoFar.add(key);
  });
  const flags = listOf(c, fields.get("flags"), "flags");
  flags.forEach((node, i) => checkFlag(c, node, `flags[${i}]`, version, registry, segmentsSoFar));
}

// ---------------------------------------------------------------------------------------------
// Top level

function checkVersion(c: Checker, root: Node, field: Field | undefined): FormatVersion | undefined {
  const allowed = SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(", ");
  if (field === undefined) {
    report(
      c,
      root,
      "version",
      `version is missing; write version: "1.2" (MilMove's format; Flipt v1.61 takes ${allowed})`,
    );
    return undefined;
  }
  const value = scalarValue(field.value);
  if (typeof value === "number") {
    report(
      c,
      field.value,
      "version",
      `version ${describe(field.value)} is a number; Flipt's schema wants a string, so quote it: version: "${sourceText(field.value)}"`,
    );
    return undefined;
  }
  if (typeof value !== "string" || !(SUPPORTED_VERSIONS as readonly string[]).includes(value)) {
    report(
      c,
      field.value,
      "version",
      `version ${describe(field.value)} is not supported by Flipt v1.61; use one of ${allowed} (MilMove writes "1.2")`,
    );
    return undefined;
  }
  return value as FormatVersion;
}

function checkNamespace(c: Checker, root: Node, field: Field | undefined, environment: string) {
  const fix = `write namespace: ${environment}`;
  if (field === undefined) {
    report(
      c,
      root,
      "namespace",
      `namespace is missing, so Flipt would load these flags into "default", which the MilMove app never asks for; ${fix}`,
    );
    return;
  }
  let keyNode: Node | null = field.value;
  let path = "namespace";
  if (isMap(field.value)) {
    const fields = fieldsOf(c, field.value, path);
    checkKnownFields(c, fields, path, "the namespace", ["key", "name", "description"]);
    checkOptionalString(c, fields, path, "name", NON_EMPTY_SINGLE_LINE);
    checkOptionalString(c, fields, path, "description");
    keyNode = fields.get("key")?.value ?? null;
    path = "namespace.key";
  }
  const key = scalarValue(keyNode);
  if (key === environment) return;
  report(
    c,
    keyNode ?? field.value,
    path,
    `namespace ${describe(keyNode)} is not this environment's: the MilMove app in ${environment} asks Flipt for namespace "${environment}"; ${fix}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Segments

function checkSegment(c: Checker, node: Node | null, path: string, registry: KeyRegistry) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a segment must be a mapping with key, name, match_type and constraints, not ${describe(node)}`,
    );
    return undefined;
  }
  const fields = fieldsOf(c, node, path);
  checkKnownFields(c, fields, path, "a segment", [
    "key",
    "name",
    "match_type",
    "description",
    "constraints",
  ]);
  const key = checkKey(c, node, fields, path, "segment");
  if (key !== undefined) checkUnique(c, registry.segments, key, fields, path, "segment");
  checkRequiredString(c, node, fields, path, "name", NON_EMPTY_SINGLE_LINE);
  checkOptionalString(c, fields, path, "description");
  const matchType = fields.get("match_type");
  if (matchType === undefined) {
    report(
      c,
      node,
      `${path}.match_type`,
      `match_type is missing; Flipt's schema requires one of ${MATCH_TYPES.join(", ")}`,
    );
  } else {
    checkOneOf(c, matchType.value, `${path}.match_type`, "match_type", MATCH_TYPES);
  }
  listOf(c, fields.get("constraints"), `${path}.constraints`).forEach((constraint, i) =>
    checkConstraint(c, constraint, `${path}.constraints[${i}]`),
  );
  return key;
}

function checkConstraint(c: Checker, node: Node | null, path: string) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a constraint must be a mapping with type, property, operator and value, not ${describe(node)}`,
    );
    return;
  }
  const fields = fieldsOf(c, node, path);
  checkKnownFields(c, fields, path, "a constraint", [
    "type",
    "property",
    "operator",
    "value",
    "description",
  ]);
  checkRequiredString(c, node, fields, path, "property", NON_EMPTY_SINGLE_LINE);
  checkOptionalString(c, fields, path, "description");
  const typeField = fields.get("type");
  const type = typeField
    ? (checkOneOf(c, typeField.value, `${path}.type`, "constraint type", COMPARISON_TYPES) as
        | ComparisonType
        | undefined)
    : missing(
        c,
        node,
        `${path}.type`,
        `type is missing; use one of ${COMPARISON_TYPES.join(", ")}`,
      );
  const operatorField = fields.get("operator");
  const operator = operatorField ? scalarValue(operatorField.value) : undefined;
  if (operatorField === undefined) {
    report(c, node, `${path}.operator`, "operator is missing");
  } else if (typeof operator !== "string") {
    // Unquoted true/false are YAML booleans, which Flipt's schema refuses as an operator.
    const quoted = isScalar(operatorField.value)
      ? `; quote it: "${sourceText(operatorField.value)}"`
      : "";
    report(
      c,
      operatorField.value,
      `${path}.operator`,
      `operator ${describe(operatorField.value)} is not a string${quoted}`,
    );
  } else if (type !== undefined && !OPERATORS_BY_TYPE[type].includes(operator)) {
    const advice = operator === "lt" || operator === "le" ? `; ${LESS_THAN_ADVICE}` : "";
    report(
      c,
      operatorField.value,
      `${path}.operator`,
      `operator ${describe(operatorField.value)} is not valid for ${type}; use one of ${OPERATORS_BY_TYPE[type].join(", ")}${advice}`,
    );
  }
  const valueField = fields.get("value");
  const value = valueField ? scalarValue(valueField.value) : undefined;
  if (valueField !== undefined && typeof value !== "string") {
    const quoted = isScalar(valueField.value)
      ? `, so quote it: value: "${sourceText(valueField.value)}"`
      : "";
    report(
      c,
      valueField.value,
      `${path}.value`,
      `value ${describe(valueField.value)} is not a string; Flipt's schema takes constraint values only as strings${quoted}`,
    );
    return;
  }
  if (
    type !== undefined &&
    typeof operator === "string" &&
    OPERATORS_BY_TYPE[type].includes(operator)
  ) {
    const text = typeof value === "string" ? value : undefined;
    checkConstraintValue(c, valueField?.value ?? node, `${path}.value`, type, operator, text);
  }
}

/** Flipt parses values only when it evaluates, so a bad one surfaces as errors in the app. */
function checkConstraintValue(
  c: Checker,
  node: Node,
  path: string,
  type: ComparisonType,
  operator: string,
  value: string | undefined,
) {
  if (NO_VALUE_OPERATORS.has(operator)) return;
  if (value === undefined || value === "") {
    report(c, node, path, `value is missing; operator ${operator} compares against a value`);
    return;
  }
  if (LIST_OPERATORS.has(operator)) {
    const elementType = type === "NUMBER_COMPARISON_TYPE" ? "number" : "string";
    if (!isJsonArrayOf(value, elementType)) {
      report(
        c,
        node,
        path,
        `value ${JSON.stringify(value)} is not a JSON array of ${elementType}s; ${operator} needs one, e.g. ${elementType === "number" ? "'[1, 2]'" : `'["a", "b"]'`}`,
      );
    }
    return;
  }
  if (
    type === "NUMBER_COMPARISON_TYPE" &&
    !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)
  ) {
    report(
      c,
      node,
      path,
      `value ${JSON.stringify(value)} is not a number; NUMBER_COMPARISON_TYPE compares numbers such as "3" or "2.5"`,
    );
  }
  if (type === "DATETIME_COMPARISON_TYPE" && !isFliptDateTime(value)) {
    report(
      c,
      node,
      path,
      `value ${JSON.stringify(value)} is not a date; DATETIME_COMPARISON_TYPE takes RFC 3339 ("2025-10-01T00:00:00Z") or a date ("2025-10-01")`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Flags

function checkFlag(
  c: Checker,
  node: Node | null,
  path: string,
  version: FormatVersion,
  registry: KeyRegistry,
  segments: ReadonlySet<string>,
) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a flag must be a mapping with key, name, type and enabled, not ${describe(node)}`,
    );
    return;
  }
  const fields = fieldsOf(c, node, path);
  const typeField = fields.get("type");
  const type = typeField
    ? checkOneOf(c, typeField.value, `${path}.type`, "flag type", FLAG_TYPES)
    : "VARIANT_FLAG_TYPE";
  const allowed = ["key", "name", "description", "enabled", "variants", "rules"];
  // Rollouts on a variant flag get their own message below rather than "unknown field".
  if (versionAtLeast(version, "1.1")) allowed.push("type", "rollouts");
  if (versionAtLeast(version, "1.3")) allowed.push("metadata");
  checkKnownFields(c, fields, path, "a flag", allowed, version, {
    type: "1.1",
    rollouts: "1.1",
    metadata: "1.3",
  });
  // Flipt's schema defines rollouts only inside a boolean flag, so it rejects them elsewhere.
  if (fields.has("rollouts") && type === "VARIANT_FLAG_TYPE" && versionAtLeast(version, "1.1")) {
    const why = typeField ? "" : " (the default when type is absent)";
    report(
      c,
      fields.get("rollouts")?.keyNode,
      `${path}.rollouts`,
      `rollouts are only for BOOLEAN_FLAG_TYPE flags; this flag is VARIANT_FLAG_TYPE${why}, so Flipt's schema rejects them. Use rules, or set type: BOOLEAN_FLAG_TYPE`,
    );
  }

  const key = checkKey(c, node, fields, path, "flag");
  if (key !== undefined) checkUnique(c, registry.flags, key, fields, path, "flag");
  checkRequiredString(c, node, fields, path, "name", NON_EMPTY_SINGLE_LINE);
  checkOptionalString(c, fields, path, "description");
  checkOptionalBoolean(c, fields, path, "enabled");
  if (fields.has("metadata") && versionAtLeast(version, "1.3")) checkMetadata(c, fields, path);

  const variants = listOf(c, fields.get("variants"), `${path}.variants`);
  const rules = listOf(c, fields.get("rules"), `${path}.rules`);
  if (type === "BOOLEAN_FLAG_TYPE") {
    if (variants.length > 0) {
      report(
        c,
        fields.get("variants")?.keyNode,
        `${path}.variants`,
        "a BOOLEAN_FLAG_TYPE flag takes no variants (Flipt ignores them when it evaluates); remove them, or make it a VARIANT_FLAG_TYPE flag",
      );
    }
    if (rules.length > 0) {
      report(
        c,
        fields.get("rules")?.keyNode,
        `${path}.rules`,
        "a BOOLEAN_FLAG_TYPE flag takes no rules (Flipt ignores them when it evaluates); target it with rollouts instead",
      );
    }
    if (versionAtLeast(version, "1.1")) {
      listOf(c, fields.get("rollouts"), `${path}.rollouts`).forEach((rollout, i) =>
        checkRollout(c, rollout, `${path}.rollouts[${i}]`, version, segments),
      );
    }
    return;
  }
  const variantKeys = checkVariants(c, variants, `${path}.variants`, version);
  rules.forEach((rule, i) =>
    checkRule(c, rule, `${path}.rules[${i}]`, version, segments, variantKeys),
  );
}

function checkMetadata(c: Checker, fields: Fields, path: string) {
  const metadata = fields.get("metadata");
  if (metadata === undefined) return;
  if (!isMap(metadata.value)) {
    report(
      c,
      metadata.value,
      `${path}.metadata`,
      `metadata must be a mapping of names to strings, numbers or booleans, not ${describe(metadata.value)}`,
    );
    return;
  }
  for (const [name, entry] of fieldsOf(c, metadata.value, `${path}.metadata`)) {
    const value = scalarValue(entry.value);
    if (!["string", "number", "boolean"].includes(typeof value)) {
      report(
        c,
        entry.value,
        `${path}.metadata.${name}`,
        `metadata value ${describe(entry.value)} is not allowed; Flipt takes strings, numbers or booleans`,
      );
    }
  }
}

function checkVariants(
  c: Checker,
  variants: readonly (Node | null)[],
  path: string,
  version: FormatVersion,
): Set<string> {
  const keys = new Set<string>();
  const defaults: string[] = [];
  variants.forEach((node, i) => {
    const at = `${path}[${i}]`;
    if (!isMap(node)) {
      report(c, node, at, `a variant must be a mapping with key and name, not ${describe(node)}`);
      return;
    }
    const fields = fieldsOf(c, node, at);
    const allowed = ["key", "name", "description", "attachment"];
    if (versionAtLeast(version, "1.3")) allowed.push("default");
    checkKnownFields(c, fields, at, "a variant", allowed, version, { default: "1.3" });
    const key = checkRequiredString(c, node, fields, at, "key", NON_EMPTY_SINGLE_LINE);
    if (key !== undefined) {
      if (keys.has(key)) {
        report(
          c,
          fields.get("key")?.value,
          `${at}.key`,
          `variant key "${key}" is already used in this flag; Flipt would only ever serve the first, so variant keys must be unique`,
        );
      }
      keys.add(key);
    }
    checkOptionalString(c, fields, at, "name", NON_EMPTY_SINGLE_LINE);
    checkOptionalString(c, fields, at, "description");
    const attachment = fields.get("attachment");
    if (
      attachment &&
      attachment.value !== null &&
      !isMap(attachment.value) &&
      !isSeq(attachment.value) &&
      scalarValue(attachment.value) !== null
    ) {
      report(
        c,
        attachment.value,
        `${at}.attachment`,
        `attachment ${describe(attachment.value)} is not allowed; Flipt takes a mapping or a list (it serves it as JSON)`,
      );
    }
    if (versionAtLeast(version, "1.3") && checkOptionalBoolean(c, fields, at, "default") === true) {
      defaults.push(key ?? `#${i}`);
    }
  });
  if (defaults.length > 1) {
    report(
      c,
      undefined,
      path,
      `variants ${defaults.map((d) => `"${d}"`).join(", ")} are all marked default; a flag has at most one default variant`,
    );
  }
  return keys;
}

function checkRule(
  c: Checker,
  node: Node | null,
  path: string,
  version: FormatVersion,
  segments: ReadonlySet<string>,
  variantKeys: ReadonlySet<string>,
) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a rule must be a mapping with segment and distributions, not ${describe(node)}`,
    );
    return;
  }
  const fields = fieldsOf(c, node, path);
  checkKnownFields(c, fields, path, "a rule", ["segment", "rank", "distributions"]);
  const segment = fields.get("segment");
  if (segment === undefined) {
    report(
      c,
      node,
      `${path}.segment`,
      "segment is missing; a rule needs a segment key, or (version 1.2+) segment: { keys: [...], operator: ... }",
    );
  } else if (isMap(segment.value)) {
    checkSegmentGroup(c, segment.value, `${path}.segment`, version, segments, "rule");
  } else {
    checkSegmentReference(c, segment.value, `${path}.segment`, segments);
  }
  const rank = fields.get("rank");
  if (rank) {
    const value = scalarValue(rank.value);
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      report(
        c,
        rank.value,
        `${path}.rank`,
        `rank ${describe(rank.value)} must be a whole number; Flipt ranks rules by their order anyway, so it can be left out`,
      );
    }
  }
  let total = 0;
  listOf(c, fields.get("distributions"), `${path}.distributions`).forEach((d, i) => {
    total += checkDistribution(c, d, `${path}.distributions[${i}]`, variantKeys);
  });
  // Flipt stores rollouts as float32; allow for rounding such as 33.33 + 33.33 + 33.34.
  if (total > 100 + 1e-6) {
    report(
      c,
      fields.get("distributions")?.keyNode,
      `${path}.distributions`,
      `distributions add up to ${Number(total.toFixed(4))}; they may add up to at most 100 (percent of the entities that match the rule)`,
    );
  }
}

/** Returns the distribution's rollout percentage (0 when it is not a valid number). */
function checkDistribution(
  c: Checker,
  node: Node | null,
  path: string,
  variantKeys: ReadonlySet<string>,
): number {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a distribution must be a mapping with variant and rollout, not ${describe(node)}`,
    );
    return 0;
  }
  const fields = fieldsOf(c, node, path);
  checkKnownFields(c, fields, path, "a distribution", ["variant", "rollout"]);
  const variant = checkRequiredString(c, node, fields, path, "variant", NON_EMPTY_SINGLE_LINE);
  if (variant !== undefined && !variantKeys.has(variant)) {
    const known =
      variantKeys.size > 0
        ? `this flag's variants are ${quoteList(variantKeys)}`
        : "this flag has no variants";
    report(
      c,
      fields.get("variant")?.value,
      `${path}.variant`,
      `variant "${variant}" is not a variant of this flag (Flipt refuses to start); ${known}`,
    );
  }
  return checkPercentage(c, node, fields, path, "rollout") ?? 0;
}

function checkRollout(
  c: Checker,
  node: Node | null,
  path: string,
  version: FormatVersion,
  segments: ReadonlySet<string>,
) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a rollout must be a mapping with either segment or threshold, not ${describe(node)}`,
    );
    return;
  }
  const fields = fieldsOf(c, node, path);
  checkKnownFields(c, fields, path, "a rollout", ["description", "segment", "threshold"]);
  checkOptionalString(c, fields, path, "description");
  const segment = fields.get("segment");
  const threshold = fields.get("threshold");
  if ((segment === undefined) === (threshold === undefined)) {
    const found = segment ? "both" : "neither";
    report(
      c,
      node,
      path,
      `a rollout has exactly one of segment or threshold; this one has ${found}`,
    );
  }
  if (segment) {
    if (isMap(segment.value)) {
      checkSegmentGroup(c, segment.value, `${path}.segment`, version, segments, "rollout");
    } else {
      report(
        c,
        segment.value,
        `${path}.segment`,
        `a rollout's segment is a mapping such as { key: mil-app, value: true }, not ${describe(segment.value)}`,
      );
    }
  }
  if (threshold) {
    const at = `${path}.threshold`;
    if (!isMap(threshold.value)) {
      report(
        c,
        threshold.value,
        at,
        `threshold is a mapping such as { percentage: 50, value: true }, not ${describe(threshold.value)}`,
      );
      return;
    }
    const thresholdFields = fieldsOf(c, threshold.value, at);
    checkKnownFields(c, thresholdFields, at, "a threshold", ["percentage", "value"]);
    checkPercentage(c, threshold.value, thresholdFields, at, "percentage");
    checkOptionalBoolean(c, thresholdFields, at, "value");
  }
}

/**
 * A rule's `segment: { keys, operator }` or a rollout's `segment: { key | keys, operator, value }`.
 */
function checkSegmentGroup(
  c: Checker,
  node: YAMLMap,
  path: string,
  version: FormatVersion,
  segments: ReadonlySet<string>,
  owner: "rule" | "rollout",
) {
  const fields = fieldsOf(c, node, path);
  const allowed = owner === "rule" ? ["keys", "operator"] : ["key", "keys", "operator", "value"];
  checkKnownFields(c, fields, path, `a ${owner}'s segment`, allowed);
  const needs12 = owner === "rule" ? "segment: { keys, operator }" : "segment.keys";
  if ((owner === "rule" || fields.has("keys")) && !versionAtLeast(version, "1.2")) {
    report(
      c,
      node,
      path,
      `${needs12} needs version 1.2 or later; this document declares ${version}`,
    );
  }
  const key = fields.get("key");
  const keys = fields.get("keys");
  if (owner === "rollout" && (key === undefined) === (keys === undefined)) {
    report(
      c,
      node,
      path,
      `a rollout's segment has exactly one of key or keys; this one has ${key ? "both" : "neither"}`,
    );
  }
  if (key) checkSegmentReference(c, key.value, `${path}.key`, segments);
  if (keys) {
    const items = listOf(c, keys, `${path}.keys`);
    if (items.length === 0)
      report(c, keys.value, `${path}.keys`, "keys is empty; list at least one segment key");
    items.forEach((item, i) => checkSegmentReference(c, item, `${path}.keys[${i}]`, segments));
  } else if (owner === "rule") {
    report(c, node, `${path}.keys`, "keys is missing; list the segment keys this rule matches");
  }
  const operator = fields.get("operator");
  if (operator && scalarValue(operator.value) !== null) {
    checkOneOf(c, operator.value, `${path}.operator`, "segment operator", SEGMENT_OPERATORS);
  }
  if (owner === "rollout") checkOptionalBoolean(c, fields, path, "value");
}

function checkSegmentReference(
  c: Checker,
  node: Node | null,
  path: string,
  segments: ReadonlySet<string>,
) {
  const key = scalarValue(node);
  if (typeof key !== "string" || !FLIPT_KEY_PATTERN.test(key)) {
    report(
      c,
      node,
      path,
      `segment ${describe(node)} is not a segment key; keys use letters, digits, -, _ and , only`,
    );
    return;
  }
  if (!segments.has(key)) {
    const known =
      segments.size > 0
        ? `segments defined here: ${quoteList(segments)}`
        : "this file defines no segments";
    report(
      c,
      node,
      path,
      `segment "${key}" is not defined in this file, so Flipt refuses to start; define it under segments (${known})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Field checks

function checkKey(c: Checker, node: Node, fields: Fields, path: string, what: string) {
  const field = fields.get("key");
  if (field === undefined) {
    report(
      c,
      node,
      `${path}.key`,
      `key is missing; every ${what} needs a key of letters, digits, -, _ or ,`,
    );
    return undefined;
  }
  const key = scalarValue(field.value);
  if (typeof key !== "string" || !FLIPT_KEY_PATTERN.test(key)) {
    const hint =
      typeof key === "number" || typeof key === "boolean"
        ? ` (quote it: "${sourceText(field.value)}")`
        : "";
    report(
      c,
      field.value,
      `${path}.key`,
      `${what} key ${describe(field.value)} is not allowed; Flipt keys are strings of letters, digits, -, _ and , only${hint}`,
    );
    return undefined;
  }
  return key;
}

function checkUnique(
  c: Checker,
  seen: Map<string, string>,
  key: string,
  fields: Fields,
  path: string,
  what: string,
) {
  const keyNode = fields.get("key")?.value ?? null;
  const here = `${c.file}:${position(c, keyNode?.range?.[0])?.line ?? "?"} (${path}.key)`;
  const first = seen.get(key);
  if (first !== undefined) {
    report(
      c,
      keyNode,
      `${path}.key`,
      `${what} key "${key}" is already defined at ${first}; Flipt keeps only the last definition without a warning, so ${what} keys must be unique in the namespace`,
    );
    return;
  }
  seen.set(key, here);
}

function checkRequiredString(
  c: Checker,
  node: Node,
  fields: Fields,
  path: string,
  name: string,
  pattern: RegExp,
): string | undefined {
  if (!fields.has(name)) {
    report(c, node, `${path}.${name}`, `${name} is missing; Flipt's schema requires it`);
    return undefined;
  }
  return checkOptionalString(c, fields, path, name, pattern);
}

function checkOptionalString(
  c: Checker,
  fields: Fields,
  path: string,
  name: string,
  pattern?: RegExp,
): string | undefined {
  const field = fields.get(name);
  if (field === undefined) return undefined;
  const value = scalarValue(field.value);
  if (typeof value !== "string") {
    report(
      c,
      field.value,
      `${path}.${name}`,
      `${name} ${describe(field.value)} is not a string; quote it or write text`,
    );
    return undefined;
  }
  if (pattern && !pattern.test(value)) {
    report(
      c,
      field.value,
      `${path}.${name}`,
      `${name} ${describe(field.value)} must be one non-empty line`,
    );
    return undefined;
  }
  return value;
}

function checkOptionalBoolean(c: Checker, fields: Fields, path: string, name: string) {
  const field = fields.get(name);
  if (field === undefined) return undefined;
  const value = scalarValue(field.value);
  if (typeof value !== "boolean") {
    report(
      c,
      field.value,
      `${path}.${name}`,
      `${name} ${describe(field.value)} is not a boolean; write true or false`,
    );
    return undefined;
  }
  return value;
}

function checkPercentage(c: Checker, node: Node, fields: Fields, path: string, name: string) {
  const field = fields.get(name);
  if (field === undefined) {
    report(c, node, `${path}.${name}`, `${name} is missing; give a percentage from 0 to 100`);
    return undefined;
  }
  const value = scalarValue(field.value);
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || value > 100) {
    report(
      c,
      field.value,
      `${path}.${name}`,
      `${name} ${describe(field.value)} is not a percentage; use a number from 0 to 100`,
    );
    return undefined;
  }
  return value;
}

function checkOneOf(
  c: Checker,
  node: Node | null,
  path: string,
  what: string,
  allowed: readonly string[],
): string | undefined {
  const value = scalarValue(node);
  if (typeof value === "string" && allowed.includes(value)) return value;
  report(
    c,
    node,
    path,
    `${what} ${describe(node)} is not known to Flipt; use one of ${allowed.join(", ")}`,
  );
  return undefined;
}

/** Reports fields the schema does not define; Flipt's schema is closed, so it rejects them. */
function checkKnownFields(
  c: Checker,
  fields: Fields,
  path: string,
  what: string,
  allowed: readonly string[],
  version?: FormatVersion,
  introducedIn: Readonly<Record<string, FormatVersion>> = {},
) {
  for (const [name, field] of fields) {
    if (allowed.includes(name)) continue;
    const since = introducedIn[name];
    const at = path ? `${path}.${name}` : name;
    const message =
      since !== undefined && version !== undefined && !versionAtLeast(version, since)
        ? `${name} needs version ${since} or later; this document declares ${version}`
        : `unknown field "${name}" in ${what}; Flipt's schema rejects fields it does not define (allowed: ${allowed.join(", ")})`;
    report(c, field.keyNode, at, message);
  }
}

// ---------------------------------------------------------------------------------------------
// YAML helpers

/** The items of a list field; reports anything other than a list. Absent means empty. */
function listOf(c: Checker, field: Field | undefined, path: string): (Node | null)[] {
  if (field === undefined) return [];
  if (isSeq(field.value)) return field.value.items.map((item) => resolve(c, item));
  const name = path.slice(path.lastIndexOf(".") + 1);
  report(
    c,
    field.value ?? field.keyNode,
    path,
    `${name} must be a list, not ${describe(field.value)}`,
  );
  return [];
}

/** The fields of a mapping by key; reports keys that are not strings. */
function fieldsOf(c: Checker, map: YAMLMap, path: string): Fields {
  const fields = new Map<string, Field>();
  for (const pair of map.items) {
    const keyNode = resolve(c, pair.key);
    const name = scalarValue(keyNode);
    if (typeof name !== "string" || keyNode === null) {
      report(c, keyNode, path, `key ${describe(keyNode)} is not a field name`);
      continue;
    }
    fields.set(name, { keyNode, value: resolve(c, pair.value) });
  }
  return fields;
}

/** Follows aliases (`*anchor`) to the node they stand for. */
function resolve(c: Checker, value: unknown): Node | null {
  if (isAlias(value)) return resolve(c, value.resolve(c.doc));
  return isNode(value) ? value : null;
}

function scalarValue(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  return isScalar(node) ? node.value : undefined;
}

function sourceText(node: Node | null): string {
  if (!isScalar(node)) return "";
  return node.source ?? String(node.value);
}

/** A value as a person would recognise it in the file, with its YAML type when that matters. */
function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "(empty)";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const value = scalarValue(node);
  if (value === null) return "(empty)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return `${sourceText(node)} (a number)`;
  if (typeof value === "boolean") return `${String(value)} (a boolean)`;
  return sourceText(node) || String(value);
}

function quoteList(values: Iterable<string>): string {
  return [...values].map((v) => `"${v}"`).join(", ");
}

function missing(c: Checker, node: Node, path: string, message: string): undefined {
  report(c, node, path, message);
  return undefined;
}

/** 1-based line and column (in UTF-16 units, as the YAML parser counts) of `offset`. */
function lineAndColumn(content: string, offset: number) {
  const before = content.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

function position(c: Checker, offset: number | undefined) {
  if (offset === undefined) return undefined;
  const { line, col } = c.lines.linePos(offset);
  return { line, column: col };
}

function report(c: Checker, at: Node | number | null | undefined, path: string, message: string) {
  const offset = typeof at === "number" ? at : at?.range?.[0];
  c.problems.push({
    file: c.file,
    ...(c.document === undefined ? {} : { document: c.document }),
    path,
    ...position(c, offset),
    message,
  });
}

// ---------------------------------------------------------------------------------------------
// Value formats Flipt parses at evaluation time

function isJsonArrayOf(value: string, elementType: "string" | "number"): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === elementType);
  } catch {
    return false;
  }
}

/** Go's `time.RFC3339` or `time.DateOnly`, as Flipt's `tryParseDateTime` accepts them. */
function isFliptDateTime(value: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const validDate = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const validTime =
    match[4] === undefined ||
    (Number(match[5]) < 24 && Number(match[6]) < 60 && Number(match[7]) < 60);
  return validDate && validTime;
}
