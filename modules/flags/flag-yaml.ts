import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type YAMLMap,
} from "yaml";
import type { FlagFileProblem } from "./flag-file-problem";
import { type GoScalar, resolvePlainScalar } from "./go-yaml-scalar";

/** State shared by the checks of one YAML document. */
export interface Checker {
  readonly file: string;
  readonly document: number | undefined;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly problems: FlagFileProblem[];
}

/** A key of a mapping with its value (aliases resolved; null for an empty value). */
export interface Field {
  readonly keyNode: Node;
  readonly value: Node | null;
}

/** A mapping's fields by name, merge keys (`<<`) applied. */
export type Fields = ReadonlyMap<string, Field>;

const STRING_TAG = "tag:yaml.org,2002:str";

/**
 * A scalar node as Flipt reads it (see {@link resolvePlainScalar}). Quoted and block scalars and
 * `!!str` are strings; any other explicit tag is refused, since its meaning then depends on which
 * of Flipt's decoders honours it.
 */
export function goScalar(node: Node | null | undefined): GoScalar | undefined {
  if (node === null || node === undefined) return { kind: "null", value: null };
  if (!isScalar(node)) return undefined;
  if (node.tag === STRING_TAG) return { kind: "string", value: String(node.value) };
  if (node.tag !== undefined) {
    return {
      kind: "refused",
      value: String(node.source ?? node.value),
      reason: `the explicit tag ${node.tag.replace("tag:yaml.org,2002:", "!!")} is not checked here`,
    };
  }
  if (node.type !== "PLAIN") return { kind: "string", value: String(node.value) };
  return resolvePlainScalar(node.source ?? String(node.value));
}

/** The plain JS value of a scalar as Flipt reads it; undefined for collections and refusals. */
export function scalarValue(node: Node | null | undefined): unknown {
  const scalar = goScalar(node);
  return scalar === undefined || scalar.kind === "refused" ? undefined : scalar.value;
}

/** True when the node is a number that Flipt's schema reads as an integer. */
export function isGoInt(node: Node | null | undefined): boolean {
  return goScalar(node)?.kind === "int";
}

/** The source text of a scalar, as written. */
export function sourceText(node: Node | null | undefined): string {
  if (!isScalar(node)) return "";
  return node.type === "PLAIN" && node.source !== undefined ? node.source : String(node.value);
}

/** A value as a person would recognise it in the file, with its type when that matters. */
export function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "(empty)";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const scalar = goScalar(node);
  if (scalar === undefined) return sourceText(node);
  switch (scalar.kind) {
    case "null":
      return "(empty)";
    case "string":
      return JSON.stringify(scalar.value);
    case "int":
    case "float":
      return `${sourceText(node)} (a number)`;
    case "bool":
      return `${String(scalar.value)} (a boolean)`;
    case "refused":
      return `${sourceText(node)} (${scalar.reason ?? "not read the same way by Flipt"})`;
  }
}

/** Follows aliases (`*anchor`) to the node they stand for. */
export function resolve(c: Checker, value: unknown): Node | null {
  if (isAlias(value)) return resolve(c, value.resolve(c.doc));
  return isNode(value) ? value : null;
}

/** yaml.v3 and CUE both treat an unquoted, untagged `<<` key as a merge key. */
export function isMergeKey(node: Node | null): boolean {
  return isScalar(node) && node.type === "PLAIN" && node.tag === undefined && node.source === "<<";
}

/**
 * The fields of a mapping by name; reports keys that are not strings. Merge keys are applied as
 * Flipt's two decoders both apply them (yaml.v3 decode.go `merge`, and CUE v0.16's YAML decoder,
 * `insertMap`, which checks the schema): a key written after `<<` wins over a merged one, and of
 * several merged mappings the first wins. They part on a key written before `<<`: yaml.v3 keeps
 * it, CUE takes the merged value, so that is reported.
 */
export function fieldsOf(
  c: Checker,
  map: YAMLMap,
  path: string,
  notText = "is not a field name",
): Fields {
  const fields = new Map<string, Field>();
  const merges: YAMLMap[] = [];
  let beforeMerge = new Set<string>();
  for (const pair of map.items) {
    const keyNode = resolve(c, pair.key);
    if (isMergeKey(keyNode) && keyNode !== null) {
      merges.push(...mergeSources(c, resolve(c, pair.value), keyNode, path));
      beforeMerge = new Set(fields.keys());
      continue;
    }
    const scalar = goScalar(keyNode);
    if (scalar?.kind !== "string" || keyNode === null) {
      report(c, keyNode, path, `key ${describe(keyNode)} ${notText}`);
      continue;
    }
    const name = scalar.value as string;
    if (fields.has(name)) {
      // The YAML parser catches a key written twice; one written again through an alias
      // (`*name: ...`) reaches here. yaml.v3 refuses it ("field already set").
      report(
        c,
        pair.key as Node,
        path ? `${path}.${name}` : name,
        `"${name}" is given twice in one mapping (once through an alias); Flipt's YAML decoder refuses that, so remove one`,
      );
      continue;
    }
    fields.set(name, { keyNode, value: resolve(c, pair.value) });
  }
  const merged = new Map<string, Field>();
  for (const source of merges) {
    for (const [name, field] of fieldsOf(c, source, path, notText)) {
      if (beforeMerge.has(name) && !merged.has(name)) {
        report(
          c,
          fields.get(name)?.keyNode,
          path ? `${path}.${name}` : name,
          `"${name}" is written before a merge key (<<) that also gives it; Flipt's two YAML decoders disagree on which wins, so move ${name} after the << line`,
        );
      }
      if (!fields.has(name) && !merged.has(name)) merged.set(name, field);
    }
  }
  return new Map([...fields, ...merged]);
}

/** The mappings a `<<` value merges in; reports anything else, which Flipt refuses. */
function mergeSources(c: Checker, value: Node | null, keyNode: Node, path: string): YAMLMap[] {
  const items = isSeq(value) ? value.items.map((item) => resolve(c, item)) : [value];
  const sources = items.filter((item): item is YAMLMap => isMap(item));
  if (sources.length !== items.length) {
    report(
      c,
      value ?? keyNode,
      path,
      `a merge key (<<) takes a mapping, an alias of one, or a list of them, not ${describe(value)}`,
    );
  }
  return sources;
}

/**
 * The items of a list field; reports anything other than a list. Absent means none; an empty
 * value is null to Flipt's schema, which refuses it where it wants a list.
 */
export function listOf(c: Checker, field: Field | undefined, path: string): (Node | null)[] {
  if (field === undefined) return [];
  if (isSeq(field.value)) return field.value.items.map((item) => resolve(c, item));
  const name = path.slice(path.lastIndexOf(".") + 1);
  report(c, field.value, path, `${name} must be a list, not ${describe(field.value)}`);
  return [];
}

/** 1-based line and column (in UTF-16 units, as the YAML parser counts) of `offset`. */
export function lineAndColumn(content: string, offset: number) {
  const before = content.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** Line and column of an offset in the checked document's text. */
export function position(c: Checker, offset: number | undefined) {
  if (offset === undefined) return undefined;
  const { line, col } = c.lines.linePos(offset);
  return { line, column: col };
}

/** Records a problem at a node (or offset), with the document number in a stream. */
export function report(
  c: Checker,
  at: Node | number | null | undefined,
  path: string,
  message: string,
) {
  const offset = typeof at === "number" ? at : at?.range?.[0];
  c.problems.push({
    file: c.file,
    ...(c.document === undefined ? {} : { document: c.document }),
    path,
    ...position(c, offset),
    message,
  });
}

/** `"a", "b"` for messages. */
export function quoteList(values: Iterable<string>): string {
  return [...values].map((v) => `"${v}"`).join(", ");
}
