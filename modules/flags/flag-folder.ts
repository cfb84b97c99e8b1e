import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { FlagFileProblem } from "./flag-file-problem";
import { flagText } from "./flag-text";
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

/** A glob as written, and compiled. */
interface IndexPattern {
  readonly glob: string;
  readonly pattern: RegExp;
}

/** Include and exclude patterns of a Flipt index. */
interface FlagIndex {
  /** True when they come from `.flipt.yml` rather than Flipt's defaults. */
  readonly custom: boolean;
  readonly include: readonly IndexPattern[];
  readonly exclude: readonly IndexPattern[];
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
    ? readIndex(readFileSync(join(dir, INDEX_FILE_NAME)), join(label, INDEX_FILE_NAME), problems)
    : defaultIndex();
  const entries = walk(dir, "");
  const flagFiles: string[] = [];
  const notLoaded: FlagFileProblem[] = [];
  for (const { path, regular } of entries) {
    if (hasIndex && path === INDEX_FILE_NAME) continue;
    if (!regular) {
      notLoaded.push({
        file: join(label, path),
        path: "",
        message:
          "is not a regular file (a symbolic link, socket or device); the stack uploads regular files only, so replace it with the file itself or remove it",
      });
    } else if (matches(index, path)) {
      flagFiles.push(path);
    } else {
      notLoaded.push({ file: join(label, path), path: "", message: whyNotLoaded(index, path) });
    }
  }
  if (hasIndex && matches(index, INDEX_FILE_NAME)) {
    // Flipt applies the patterns to every path, the index included, and then finds include and
    // exclude where its schema allows neither.
    problems.push({
      file: join(label, INDEX_FILE_NAME),
      path: "",
      message: `the include patterns of ${INDEX_FILE_NAME} match ${INDEX_FILE_NAME} itself, so Flipt loads it as a flag file and refuses it (include and exclude are not flag-file fields); narrow the pattern or add "${INDEX_FILE_NAME}" to exclude`,
    });
  }
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
  return {
    indexFile: hasIndex ? INDEX_FILE_NAME : undefined,
    flagFiles,
    problems: [...problems, ...notLoaded],
  };
}

/**
 * Why Flipt would skip `path`, naming the patterns it loads. In managed mode every file of the
 * folder is uploaded for Flipt to read, so a file Flipt skips is a mistake (a misspelt name such
 * as feature.yml), reported rather than silently left out.
 */
function whyNotLoaded(index: FlagIndex, path: string): string {
  const fix = index.custom
    ? `rename it to match an include pattern, add a pattern to ${INDEX_FILE_NAME}, or move it out of the folder`
    : "rename it (features.yml, or <name>.features.yml) or move it out of the folder";
  const excludedBy = index.exclude.find((p) => p.pattern.test(path));
  if (index.include.some((p) => p.pattern.test(path)) && excludedBy !== undefined) {
    return `Flipt never loads this file: ${INDEX_FILE_NAME} excludes it with "${excludedBy.glob}"; ${fix}`;
  }
  const loads = index.custom
    ? index.include.length > 0
      ? `the include patterns of ${INDEX_FILE_NAME}: ${index.include.map((p) => p.glob).join(", ")}`
      : `nothing: ${INDEX_FILE_NAME} has no include patterns`
    : `only files matching ${DEFAULT_INCLUDE_PATTERNS.join(", ")} (there is no ${INDEX_FILE_NAME})`;
  return `Flipt never loads this file: it loads ${loads}; ${fix}`;
}

/** A file or other non-directory entry of the folder. */
interface FolderEntry {
  /** Relative path with `/` separators. */
  readonly path: string;
  /** False for symbolic links and other special files. */
  readonly regular: boolean;
}

/** Every non-directory entry under `dir`, in Go's `fs.WalkDir` order (names sorted). */
function walk(root: string, relative: string): FolderEntry[] {
  const entries = readdirSync(join(root, relative), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return walk(root, path);
    return [{ path, regular: entry.isFile() }];
  });
}

/** Flipt's `FliptIndex.Match`: some include pattern matches and no exclude pattern does. */
function matches(index: FlagIndex, path: string): boolean {
  return (
    index.include.some((p) => p.pattern.test(path)) &&
    !index.exclude.some((p) => p.pattern.test(path))
  );
}

function defaultIndex(): FlagIndex {
  return {
    custom: false,
    include: DEFAULT_INCLUDE_PATTERNS.map((glob) => ({
      glob,
      pattern: globToRegExp(glob) as RegExp,
    })),
    exclude: [],
  };
}

/**
 * Reads `.flipt.yml` the way Flipt does: `include` and `exclude` lists of globs. Flipt starts
 * from an empty include list when the index exists, so an index without `include` loads nothing.
 */
function readIndex(bytes: Uint8Array, file: string, problems: FlagFileProblem[]): FlagIndex {
  const read = flagText(bytes);
  if (!("text" in read)) {
    const { problem: message, line, column } = read;
    problems.push({ file, path: "", line, column, message });
    return { custom: true, include: [], exclude: [] };
  }
  const doc = parseDocument(read.text, { prettyErrors: false });
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) {
    problems.push({
      file,
      path: "",
      message: `Flipt cannot read its index: ${doc.errors[0]?.message ?? "it is not a mapping"}; write a mapping with include and exclude lists of globs`,
    });
    return { custom: true, include: [], exclude: [] };
  }
  if (doc.contents === null) {
    // yaml.v3's decoder returns io.EOF for a stream without a document, which Flipt reports as
    // "yaml: EOF" before refusing to start.
    problems.push({
      file,
      path: "",
      message: `the index holds no YAML document, so Flipt fails to read it ("yaml: EOF") and refuses to start; write include and exclude lists of globs, or delete ${INDEX_FILE_NAME} to load Flipt's default names`,
    });
    return { custom: true, include: [], exclude: [] };
  }
  return {
    custom: true,
    include: indexPatterns(doc.contents, "include", file, problems),
    exclude: indexPatterns(doc.contents, "exclude", file, problems),
  };
}

function indexPatterns(
  contents: unknown,
  field: "include" | "exclude",
  file: string,
  problems: FlagFileProblem[],
): IndexPattern[] {
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
    return [{ glob: glob as string, pattern }];
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
