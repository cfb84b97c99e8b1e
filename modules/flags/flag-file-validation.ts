import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  isMap,
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
  checkShape,
  CONSTRAINT,
  DISTRIBUTION,
  DOCUMENT,
  FLAG,
  NAMESPACE,
  ROLLOUT,
  ROLLOUT_SEGMENT,
  RULE,
  RULE_SEGMENT,
  SEGMENT,
  THRESHOLD,
  VARIANT,
} from "./flag-schema";
import {
  type Checker,
  describe,
  type Field,
  fieldsOf,
  goScalar,
  lineAndColumn,
  listOf,
  position,
  quoteList,
  report,
  resolve,
  scalarValue,
  sourceText,
} from "./flag-yaml";
import {
  type ComparisonType,
  FLIPT_KEY_PATTERN,
  type FormatVersion,
  LESS_THAN_ADVICE,
  LIST_OPERATORS,
  NO_VALUE_OPERATORS,
  OPERATORS_BY_TYPE,
  SEGMENT_OPERATORS,
  SUPPORTED_VERSIONS,
  versionAtLeast,
} from "./flipt-declarative-format";
import { flagText } from "./flag-text";
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
 * Where it is stricter than Flipt on purpose (namespace, version, segments from other files,
 * sums over 100, ...) is listed with the reasons in flags/README.md ("Where the checker is
 * stricter than Flipt"); __tests__/flags/conformance/stricter.ts holds one case for each.
 * Object shapes come from the tables in flag-schema.ts; this file holds the rules between
 * fields and the value formats Flipt only parses when it evaluates.
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
 * Checks one flag file: its bytes as they are on disk, or its text. Pure: no file system access.
 * Returns every problem found (empty when the file is fine). A YAML file may hold several
 * documents separated by `---`, as Flipt (since v1.28) allows; each is checked. A JSON file
 * (`.json` or no extension) must be one JSON value, since Flipt decodes it with Go's JSON
 * decoder: YAML syntax there makes Flipt refuse it.
 */
export function validateFlagFile(
  content: Uint8Array | string,
  options: FlagFileOptions,
): FlagFileProblem[] {
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
    checkFile(readFileSync(join(dir, path)), { file: join(dir, path), environment }, registry),
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
// Documents

function checkFile(
  bytesOrText: Uint8Array | string,
  options: FlagFileOptions,
  registry: KeyRegistry,
): FlagFileProblem[] {
  const read = flagText(
    typeof bytesOrText === "string" ? new TextEncoder().encode(bytesOrText) : bytesOrText,
  );
  if (!("text" in read)) {
    const { problem: message, line, column } = read;
    return [{ file: options.file, path: "", line, column, message }];
  }
  const content = read.text;
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
  // Merge keys (<<) are left as plain keys here and applied by fieldsOf, the way yaml.v3 does.
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
        // yaml.v3 refuses a key defined twice in one mapping; Go's JSON decoder keeps the last.
        const message =
          error.code === "DUPLICATE_KEY"
            ? `a key is defined twice in one mapping; ${json ? "Go's JSON decoder would keep only the last one without a warning" : "Flipt's YAML decoder refuses that"}, so remove one`
            : `invalid ${format}: ${error.message}`;
        report(c, error.pos[0], "", message);
      }
      return;
    }
    const directive = doc.directives?.yaml;
    if (directive?.explicit && directive.version !== "1.1") {
      // yaml.v3 (a port of libyaml) accepts only %YAML 1.1 and refuses anything else with
      // "found incompatible YAML document"; without a directive it reads the text as above.
      report(
        c,
        0,
        "",
        `the %YAML ${directive.version} directive makes Flipt's YAML decoder refuse the file ("found incompatible YAML document"); remove the directive`,
      );
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
  if (root === null || (isScalar(root) && goScalar(root)?.kind === "null")) {
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
  // The top level's fields do not depend on the version, so any version does to read them.
  const { fields } = checkShape(c, root, "", DOCUMENT, "1.4");
  // Gates by version assume the newest format when the version itself is wrong, so one bad
  // version is reported once rather than once per flag.
  const version = checkVersion(c, root, fields.get("version")) ?? "1.4";
  checkNamespace(c, root, fields.get("namespace"), environment, version);
  listOf(c, fields.get("segments"), "segments").forEach((node, i) => {
    const key = checkSegment(c, node, `segments[${i}]`, version, registry);
    if (key !== undefined) segmentsSoFar.add(key);
  });
  listOf(c, fields.get("flags"), "flags").forEach((node, i) =>
    checkFlag(c, node, `flags[${i}]`, version, registry, segmentsSoFar),
  );
}

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
  const scalar = goScalar(field.value);
  if (scalar?.kind === "int" || scalar?.kind === "float") {
    report(
      c,
      field.value,
      "version",
      `version ${describe(field.value)} is a number; Flipt's schema wants a string, so quote it: version: "${sourceText(field.value)}"`,
    );
    return undefined;
  }
  const value = scalar?.kind === "string" ? (scalar.value as string) : undefined;
  if (value === undefined || !(SUPPORTED_VERSIONS as readonly string[]).includes(value)) {
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

function checkNamespace(
  c: Checker,
  root: Node,
  field: Field | undefined,
  environment: string,
  version: FormatVersion,
) {
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
    keyNode = checkShape(c, field.value, path, NAMESPACE, version).fields.get("key")?.value ?? null;
    path = "namespace.key";
  }
  const key = goScalar(keyNode);
  if (key?.kind === "string" && key.value === environment) return;
  report(
    c,
    keyNode ?? field.value,
    path,
    `namespace ${describe(keyNode)} is not this environment's: the MilMove app in ${environment} asks Flipt for namespace "${environment}"; ${fix}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Segments

function checkSegment(
  c: Checker,
  node: Node | null,
  path: string,
  version: FormatVersion,
  registry: KeyRegistry,
) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a segment must be a mapping with key, name, match_type and constraints, not ${describe(node)}`,
    );
    return undefined;
  }
  const { fields, values } = checkShape(c, node, path, SEGMENT, version);
  const key = values.get("key") as string | undefined;
  if (key !== undefined) checkUnique(c, registry.segments, key, fields.get("key"), path, "segment");
  listOf(c, fields.get("constraints"), `${path}.constraints`).forEach((constraint, i) =>
    checkConstraint(c, constraint, `${path}.constraints[${i}]`, version),
  );
  return key;
}

function checkConstraint(c: Checker, node: Node | null, path: string, version: FormatVersion) {
  if (!isMap(node)) {
    report(
      c,
      node,
      path,
      `a constraint must be a mapping with type, property, operator and value, not ${describe(node)}`,
    );
    return;
  }
  const { fields, values } = checkShape(c, node, path, CONSTRAINT, version);
  const type = values.get("type") as ComparisonType | undefined;
  const operatorField = fields.get("operator");
  const operator = operatorField ? goScalar(operatorField.value) : undefined;
  if (operatorField !== undefined && operator?.kind !== "string") {
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
  } else if (
    operatorField !== undefined &&
    type !== undefined &&
    !OPERATORS_BY_TYPE[type].includes(operator?.value as string)
  ) {
    const advice =
      operator?.value === "lt" || operator?.value === "le" ? `; ${LESS_THAN_ADVICE}` : "";
    report(
      c,
      operatorField.value,
      `${path}.operator`,
      `operator ${describe(operatorField.value)} is not valid for ${type}; use one of ${OPERATORS_BY_TYPE[type].join(", ")}${advice}`,
    );
  }
  const valueField = fields.get("value");
  const value = valueField ? goScalar(valueField.value) : undefined;
  if (valueField !== undefined && value?.kind !== "string") {
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
    operator?.kind === "string" &&
    OPERATORS_BY_TYPE[type].includes(operator.value as string)
  ) {
    const text = value?.kind === "string" ? (value.value as string) : undefined;
    checkConstraintValue(
      c,
      valueField?.value ?? node,
      `${path}.value`,
      type,
      operator.value as string,
      text,
    );
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
  const { fields, values } = checkShape(c, node, path, FLAG, version);
  const typeField = fields.get("type");
  const type = typeField ? values.get("type") : "VARIANT_FLAG_TYPE";
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
  const key = values.get("key") as string | undefined;
  if (key !== undefined) checkUnique(c, registry.flags, key, fields.get("key"), path, "flag");
  if (fields.has("metadata") && versionAtLeast(version, "1.3"))
    checkMetadata(c, fields.get("metadata"), path);

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

/** `metadata: [string]: (string | int | bool | float)` in Flipt's schema. */
function checkMetadata(c: Checker, metadata: Field | undefined, path: string) {
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
    const kind = goScalar(entry.value)?.kind;
    if (kind !== "string" && kind !== "int" && kind !== "float" && kind !== "bool") {
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
    const { fields, values } = checkShape(c, node, at, VARIANT, version);
    const key = values.get("key") as string | undefined;
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
    const attachment = fields.get("attachment");
    if (isMap(attachment?.value) || isSeq(attachment?.value)) {
      checkAttachment(c, attachment.value, `${at}.attachment`, new Set());
    } else if (attachment !== undefined && goScalar(attachment.value)?.kind !== "null") {
      report(
        c,
        attachment.value,
        `${at}.attachment`,
        `attachment ${describe(attachment.value)} is not allowed; Flipt takes a mapping or a list (it serves it as JSON)`,
      );
    }
    if (values.get("default") === true) defaults.push(key ?? `#${i}`);
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

/**
 * Flipt serves an attachment as JSON: its loader decodes the YAML into Go values with yaml.v3
 * and encodes them with encoding/json (addDoc in internal/storage/fs/snapshot.go), which fails,
 * and Flipt refuses to start, on NaN or infinity and on a mapping with a key that is not text
 * (yaml.v3 then builds a map[interface{}]interface{}; a plain date counts, being a timestamp).
 */
function checkAttachment(c: Checker, node: Node | null, path: string, seen: Set<Node>) {
  if (node === null || seen.has(node)) return;
  seen.add(node);
  if (isSeq(node)) {
    node.items.forEach((item, i) => checkAttachment(c, resolve(c, item), `${path}[${i}]`, seen));
    return;
  }
  if (isMap(node)) {
    const advice = "Flipt serves an attachment as JSON, whose keys are text, so quote it";
    for (const [name, field] of fieldsOf(c, node, path, `is not text; ${advice}`)) {
      const at = `${path}.${name}`;
      if (isScalar(field.keyNode) && field.keyNode.type === "PLAIN" && looksLikeTimestamp(name)) {
        report(c, field.keyNode, at, `key ${name} is read as a date, not text; ${advice}`);
      }
      checkAttachment(c, field.value, at, seen);
    }
    return;
  }
  const scalar = goScalar(node);
  if (scalar?.kind === "refused") {
    report(
      c,
      node,
      path,
      `${describe(node)} cannot be served as JSON, so Flipt refuses the file; write a finite number or quote it`,
    );
  }
}

/**
 * A plain scalar yaml.v3 resolves as a timestamp: a valid date, alone or with a time that has a
 * zone after `T`, or none after a space (resolve.go `allowedTimestampFormats`).
 */
function looksLikeTimestamp(text: string): boolean {
  const time = "\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?";
  const match = new RegExp(
    `^(\\d{4})-(\\d{1,2})-(\\d{1,2})([Tt]${time}(Z|[+-]\\d{2}:\\d{2})| ${time})?$`,
  ).exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
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
  const { fields } = checkShape(c, node, path, RULE, version);
  const segment = fields.get("segment");
  if (segment !== undefined && isMap(segment.value)) {
    checkSegmentGroup(c, segment.value, `${path}.segment`, version, segments, "rule");
  } else if (segment !== undefined) {
    checkSegmentReference(c, segment.value, `${path}.segment`, segments);
  }
  let total = 0;
  listOf(c, fields.get("distributions"), `${path}.distributions`).forEach((d, i) => {
    total += checkDistribution(c, d, `${path}.distributions[${i}]`, version, variantKeys);
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
  version: FormatVersion,
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
  const { fields, values } = checkShape(c, node, path, DISTRIBUTION, version);
  const variant = values.get("variant") as string | undefined;
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
  return (values.get("rollout") as number | undefined) ?? 0;
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
  const { fields } = checkShape(c, node, path, ROLLOUT, version);
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
    checkShape(c, threshold.value, at, THRESHOLD, version);
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
  const { fields } = checkShape(
    c,
    node,
    path,
    owner === "rule" ? RULE_SEGMENT : ROLLOUT_SEGMENT,
    version,
  );
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
  if (operator && goScalar(operator.value)?.kind !== "null") {
    const value = goScalar(operator.value);
    if (
      value?.kind !== "string" ||
      !(SEGMENT_OPERATORS as readonly string[]).includes(value.value as string)
    ) {
      report(
        c,
        operator.value,
        `${path}.operator`,
        `segment operator ${describe(operator.value)} is not known to Flipt; use one of ${SEGMENT_OPERATORS.join(", ")}`,
      );
    }
  }
}

function checkSegmentReference(
  c: Checker,
  node: Node | null,
  path: string,
  segments: ReadonlySet<string>,
) {
  const key = scalarValue(node);
  if (goScalar(node)?.kind !== "string" || !FLIPT_KEY_PATTERN.test(key as string)) {
    report(
      c,
      node,
      path,
      `segment ${describe(node)} is not a segment key; keys use letters, digits, -, _ and , only`,
    );
    return;
  }
  if (!segments.has(key as string)) {
    const known =
      segments.size > 0
        ? `segments defined here: ${quoteList(segments)}`
        : "this file defines no segments";
    report(
      c,
      node,
      path,
      `segment "${key as string}" is not defined in this file, so Flipt refuses to start; define it under segments (${known})`,
    );
  }
}

function checkUnique(
  c: Checker,
  seen: Map<string, string>,
  key: string,
  field: Field | undefined,
  path: string,
  what: string,
) {
  const keyNode = field?.value ?? null;
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
