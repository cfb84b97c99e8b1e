/** One thing wrong with a flag file, located precisely enough to fix it without reading code. */
export interface FlagFileProblem {
  /** The file, as the caller named it (e.g. `flags/demo/features.yml`). */
  readonly file: string;
  /** 1-based document number, set only when the file holds several YAML documents (`---`). */
  readonly document?: number;
  /** Path inside the document, e.g. `flags[2].rules[0].segment`; empty for the file itself. */
  readonly path: string;
  /** 1-based line of the offending node, when known. */
  readonly line?: number;
  /** 1-based column of the offending node, when known. */
  readonly column?: number;
  /** What is wrong, the bad value, and what is allowed. */
  readonly message: string;
}

/** Renders one problem as `file:line:column (document n) path: message`. */
export function formatFlagFileProblem(problem: FlagFileProblem): string {
  const position = [problem.line, problem.column].filter((n) => n !== undefined).join(":");
  const where = position ? `${problem.file}:${position}` : problem.file;
  const document = problem.document === undefined ? "" : ` (document ${problem.document})`;
  const path = problem.path ? ` ${problem.path}:` : ":";
  return `${where}${document}${path} ${problem.message}`;
}

/** Renders every problem of an environment's flag files as one error message. */
export function formatFlagFileProblems(
  environment: string,
  problems: readonly FlagFileProblem[],
): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${formatFlagFileProblem(p)}`);
  return [
    `${environment}: ${count} in the flag files; nothing is synthesized until they are fixed:`,
    ...lines,
  ].join("\n");
}

/** Thrown when an environment's flag files would make Flipt refuse to start or misbehave. */
export class FlagFileValidationError extends Error {
  /** The environment whose flag files failed. */
  public readonly environment: string;
  /** Every problem found, in file order. */
  public readonly problems: readonly FlagFileProblem[];

  constructor(environment: string, problems: readonly FlagFileProblem[]) {
    super(formatFlagFileProblems(environment, problems));
    this.name = "FlagFileValidationError";
    this.environment = environment;
    this.problems = problems;
  }
}
