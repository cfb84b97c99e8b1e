/**
 * The per-stack report: every rule x subject with its outcome, written as policy-report.json
 * and policy-report.csv next to the stack's cdk.tf.json.
 */
import type { Severity } from "./types";

/** Outcome of one rule for one subject, after suppressions. */
export type ReportOutcome = "compliant" | "non-compliant" | "suppressed" | "not-applicable";

/** A finding in the report. */
export interface ReportFinding {
  readonly id: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression covers the finding. */
  readonly suppressed?: { readonly reason: string; readonly declaredOn: string };
  /** True when the finding cannot be suppressed. */
  readonly unsuppressible?: boolean;
}

/** One row: a rule and a subject. */
export interface ReportRow {
  readonly rule: string;
  readonly severity: Severity;
  /** Terraform address of the subject (`stack` for the stack). */
  readonly subject: string;
  /** Construct path the subject came from, when known. */
  readonly constructPath?: string;
  readonly outcome: ReportOutcome;
  readonly findings?: readonly ReportFinding[];
  /** What a compliant outcome accepted that a reviewer should see (e.g. ECS Exec allowed). */
  readonly note?: string;
}

/** A declared suppression and what it matched. */
export interface ReportSuppression {
  readonly rule: string;
  readonly reason: string;
  readonly appliesTo?: readonly string[];
  readonly declaredOn: string;
  /** `<subject>#<finding id>` for each finding it suppressed. */
  readonly matched: readonly string[];
}

/** The whole report of one stack. */
export interface PolicyReport {
  readonly stack: string;
  readonly production: boolean;
  readonly summary: Readonly<Record<ReportOutcome, number>> & {
    readonly errors: number;
    readonly warnings: number;
  };
  readonly rules: readonly {
    readonly id: string;
    readonly severity: Severity;
    readonly explanation: string;
  }[];
  readonly results: readonly ReportRow[];
  readonly suppressions: readonly ReportSuppression[];
}

/** File names of the report in the stack's output directory. */
export const REPORT_JSON = "policy-report.json";
export const REPORT_CSV = "policy-report.csv";

/**
 * The report as JSON: pretty-printed, but one line per result row, which keeps the file about
 * half the size and each rule x subject on one diffable line.
 */
export function reportJson(report: PolicyReport): string {
  const placeholder = "\u0000results\u0000";
  const rows = report.results.map((r) => `    ${JSON.stringify(r)}`).join(",\n");
  return `${JSON.stringify({ ...report, results: placeholder }, null, 2).replace(
    JSON.stringify(placeholder),
    () => (rows.length > 0 ? `[\n${rows}\n  ]` : "[]"),
  )}\n`;
}

const CSV_COLUMNS = [
  "rule",
  "severity",
  "subject",
  "construct_path",
  "outcome",
  "finding_ids",
  "suppressed_finding_ids",
  "suppression_reasons",
  "messages",
];

/** The report's rows as CSV (RFC 4180 quoting), one line per rule x subject. */
export function reportCsv(report: PolicyReport): string {
  const lines = report.results.map((row) => {
    const findings = row.findings ?? [];
    const open = findings.filter((f) => !f.suppressed);
    const suppressed = findings.filter((f) => f.suppressed);
    return [
      row.rule,
      row.severity,
      row.subject,
      row.constructPath ?? "",
      row.outcome,
      open.map((f) => f.id).join(" | "),
      suppressed.map((f) => f.id).join(" | "),
      [...new Set(suppressed.map((f) => f.suppressed?.reason ?? ""))].join(" | "),
      [...findings.map((f) => f.message), ...(row.note ? [row.note] : [])].join(" | "),
    ]
      .map(csvField)
      .join(",");
  });
  return [CSV_COLUMNS.join(","), ...lines].join("\n") + "\n";
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
