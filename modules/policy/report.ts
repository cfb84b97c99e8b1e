/**
 * The per-stack report, kept in memory: every rule x subject with its outcome. Synth prints its
 * totals; the suppressions it applied are written into the stack's JSON as the audit trail.
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
