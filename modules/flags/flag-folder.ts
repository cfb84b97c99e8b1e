import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { FlagFileProblem } from "./flag-file-problem";
import { DEFAULT_INCLUDE_PATTERNS, INDEX_FILE_NAME } from "./flipt-declarative-format";

/** Which files of a flag folder Flipt would load, found the way Flipt finds them. */
export interface FlagFolderListing {
  /** `.flipt.yml` when the folder has one: Flipt reads it first to choose the files. */
  readonly indexFile?: string;
  /** Paths, relative to the folder with `/` separators, of the files Flipt would load. */
  readonly flagFiles: readonly string[];
  /** Problems with the folder or its index; the flag files themselves are not read here. */
  readonly problems: readonly FlagFileProblem[];
}

/** Include and exclude patterns of a Flipt index. */
interface FlagIndex {
  readonly include: readonly RegExp[];
  readonly exclude: readonly RegExp[];
}

/** How Flipt decodes a flag file's text. */
export type FlagFileEncoding = "yaml" | "json";

/**
 * How Flipt v1 decodes the file at `path`, from its extension as `documentsFromFile` in
 * `internal/storage/fs/snapshot.go` switches on it: a YAML stream for `.yml`/`.yaml`, Go's
 * `json.NewDecoder` for `.json` or no extension. Undefined for any other extension, which makes
 * Flipt fail with `unexpected extension`. Extensions are case-sensitive there (`.YML` fails).
 */
export function flagFileEncoding(path: string): FlagFileEncoding | undefined {
  const extension = goExtension(path);
  if (extension === ".yml" || extension === ".yaml") return "yaml";
  if (extension === ".json" || extension === "") return "json";
  return undefined;
}

/**
 * Go's `filepath.Ext` of the base name, which Flipt applies to the file's name: everything from
 * the last dot, or "". Unlike Node's `extname`, a leading dot counts (`.features` → `.features`).
 */
function goExtension(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot);
}

/**
 * Lists the files Flipt would load from `dir` (the folder that becomes the bucket prefix),
 * in Flipt's order: a depth-first walk with each directory's entries sorted by name, keeping
 * paths that match the index (`.flipt.yml`, or Flipt's default `**features.yml`-style patterns).
 * `label` names the folder in problems.
 */
export function listFlagFolder(dir: string, label: string = dir): FlagFolderListing {
  if (!isDirectory(dir)) {
    return {
      flagFiles: [],
      problems: [folderProblem(label, `flag folder ${label} does not exist or is not a folder`)],
    };
  }
  const problems: FlagFileProblem[] = [];
  const hasIndex = isFile(join(dir, INDEX_FILE_NAME));
  const index = hasIndex
    ? readIndex(
        readFileSync(join(dir, INDEX_FILE_NAME), "utf8"),
        join(label, INDEX_FILE_NAME),
        problems,
      )
    : defaultIndex();
  const flagFiles = walk(dir, "").filter((path) => matches(index, path));
  for (const path of flagFiles) {
    if (flagFileEncoding(path) === undefined) {
      problems.push({
        file: join(label, path),
        path: "",
        message: `Flipt fails on a matched file with extension ${goExtension(path)}; it decodes only .yml, .yaml (as YAML), .json or no extension (as JSON), so rename the file or exclude it in ${INDEX_FILE_NAME}`,
      });
    }
  }
  if (flagFiles.length === 0 && problems.length === 0) {
    const patterns = hasIndex ? `the include patterns of ${INDEX_FILE_NAME}` : "**features.yml";
    problems.push(
      folderProblem(
        label,
        `no file in ${label} matches ${patterns}, so Flipt would serve no flags; add a features.yml`,
      ),
    );
  }
  return { indexFile: hasIndex ? INDEX_FILE_NAME : undefined, flagFiles, problems };
}

/** Relative paths of every regular file under `dir`, in Go's `fs.WalkDir` order. */
function walk(root: string, relative: string): string[] {
  const entries = readdirSync(join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return walk(root, path);
    return entry.isFile() ? [path] : [];
  });
}

function matches(index: FlagIndex, path: string): boolean {
  return index.include.some((p) => p.test(path)) && !index.exclude.some((p) => p.test(path));
}

function defaultIndex(): FlagIndex {
  return { include: DEFAULT_INCLUDE_PATTERNS.map((p) => globToRegExp(p) as RegExp), exclude: [] };
}

/**
 * Reads `.flipt.yml` the way Flipt does: `include` and `exclude` lists of globs. Flipt starts
 * from an empty include list when the index exists, so an index without `include` loads nothing.
 */
function readIndex(content: string, file: string, problems: FlagFileProblem[]): FlagIndex {
  const doc = parseDocument(content, { prettyErrors: false });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) {
    problems.push({
      file,
      path: "",
      message: `Flipt cannot read its index: ${doc.errors[0]?.message ?? "it is not a mapping"}; write a mapping with include and exclude lists of globs`,
    });
    return { include: [], exclude: [] };
  }
  return {
    include: indexPatterns(doc.contents, "include", file, problems),
    exclude: indexPatterns(doc.contents, "exclude", file, problems),
  };
}

function indexPatterns(
  contents: unknown,
  field: "include" | "exclude",
  file: string,
  problems: FlagFileProblem[],
): RegExp[] {
  const value: unknown = isMap(contents) ? contents.get(field, true) : undefined;
  if (value === undefined || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    problems.push({ file, path: field, message: `${field} must be a list of globs` });
    return [];
  }
  return value.items.flatMap((item, i) => {
    const glob = isScalar(item) && typeof item.value === "string" ? item.value : undefined;
    const pattern = glob === undefined ? undefined : globToRegExp(glob);
    if (pattern === undefined) {
      const shown = isScalar(item) ? JSON.stringify(item.value) : "a collection";
      problems.push({
        file,
        path: `${field}[${i}]`,
        message: `${shown} is not a glob Flipt can compile; use *, ?, [abc], {a,b} and \\ escapes`,
      });
      return [];
    }
    return [pattern];
  });
}

/**
 * Converts a gobwas/glob pattern, compiled as Flipt compiles it (no separators, so `*` and `**`
 * both cross `/`), into an anchored RegExp. Returns undefined where gobwas reports an error.
 */
export function globToRegExp(glob: string): RegExp | undefined {
  const parsed = parseGlob(glob, 0, false);
  if (parsed === undefined || parsed.end !== glob.length) return undefined;
  return new RegExp(`^${parsed.source}$`, "s");
}

interface GlobPart {
  readonly source: string;
  readonly end: number;
}

/** Parses until the end, or until `,`/`}` when inside braces. */
function parseGlob(glob: string, start: number, inBraces: boolean): GlobPart | undefined {
  let source = "";
  let i = start;
  while (i < glob.length) {
    const ch = glob[i];
    if (inBraces && (ch === "," || ch === "}")) break;
    if (ch === "\\") {
      if (i + 1 >= glob.length) return undefined;
      source += escapeRegExp(glob[i + 1]);
      i += 2;
    } else if (ch === "*") {
      source += ".*";
      while (glob[i] === "*") i++;
    } else if (ch === "?") {
      source += ".";
      i++;
    } else if (ch === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) return undefined;
      const body = glob.slice(i + 1, close);
      const negated = body.startsWith("!");
      const chars = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, "\\$&");
      source += `[${negated ? "^" : ""}${chars}]`;
      i = close + 1;
    } else if (ch === "{") {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const alternative = parseGlob(glob, j, true);
        if (alternative === undefined || alternative.end >= glob.length) return undefined;
        alternatives.push(alternative.source);
        j = alternative.end + 1;
        if (glob[alternative.end] === "}") break;
      }
      source += `(?:${alternatives.join("|")})`;
      i = j;
    } else {
      source += escapeRegExp(ch);
      i++;
    }
  }
  return { source, end: i };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function folderProblem(label: string, message: string): FlagFileProblem {
  return { file: label, path: "", message };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
