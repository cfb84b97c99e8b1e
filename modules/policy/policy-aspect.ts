/**
 * Runs the policy pack on a stack: an Aspect that, on each stack it visits, registers a check
 * that runs during synthesis. The check evaluates the stack's *resolved* JSON (escape-hatch
 * overrides included), applies suppressions, annotates errors (which fail `app.synth()`,
 * `Testing.fullSynth` and `cdktf synth`) and warnings, and writes the audit trail of applied
 * suppressions into the JSON. The report (`PolicyChecks.reportOf`) feeds synth's summary line.
 *
 * Why the check runs in the synthesis hook and not in `visit`: aspects run top-down, so an
 * aspect visiting the stack node runs before any aspect (or escape hatch applied by one) on the
 * resources below it. The hook runs after every aspect, and before annotations are collected.
 */
import {
  Annotations,
  Aspects,
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
  type IAspect,
} from "cdktf";
import type { IConstruct } from "constructs";
import type { EnvironmentConfig } from "../../environments/types";
import { onStackSynthesis } from "../private/cdktf-adapter";
import { evaluateStack } from "./evaluate";
import { resolveSettings, type PolicyOptions } from "./options";
import { POLICY_PACK, isUnsuppressible } from "./pack";
import type { JsonObject } from "./private/json";
import {
  type PolicyReport,
  type ReportFinding,
  type ReportOutcome,
  type ReportRow,
} from "./report";
import { PolicySuppressions, type DeclaredSuppression } from "./suppressions";
import type { Finding, PolicySettings } from "./types";

/** Construct id of the hook the checks add to each stack (holds no Terraform). */
const HOOK_ID = "policy-checks";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

const attached = new WeakMap<TerraformStack, PolicyChecks>();
const reports = new WeakMap<TerraformStack, PolicyReport>();

/** Options of {@link PolicyChecks}: the rule parameters plus how results are surfaced. */
export interface PolicyChecksOptions extends PolicyOptions {
  /**
   * Receives one summary line per stack and one line per warning, e.g. `console.error`, for
   * runs without the cdktf CLI (which prints annotations itself).
   * @default - nothing is printed; results are annotations and report files
   */
  readonly log?: (line: string) => void;
}

/** Applied suppressions of one subject, as written into its `//` metadata. */
interface AuditEntry {
  readonly rule: string;
  readonly reason: string;
  readonly declared_on: string;
  readonly findings: string[];
}

/** The policy pack as a CDKTF Aspect. */
export class PolicyChecks implements IAspect {
  /**
   * Runs the policy pack on a stack when it is synthesized.
   * @example PolicyChecks.applyTo(stack, { environment: env })
   */
  public static applyTo(stack: TerraformStack, options: PolicyChecksOptions): PolicyChecks {
    const checks = new PolicyChecks(options);
    Aspects.of(stack).add(checks);
    return checks;
  }

  /** The report of a stack's last check, once it has been synthesized. */
  public static reportOf(stack: TerraformStack): PolicyReport | undefined {
    return reports.get(stack);
  }

  private readonly environment: EnvironmentConfig;
  private readonly production: boolean;
  private readonly stackName?: string;
  private readonly settings: PolicySettings;
  private readonly log?: (line: string) => void;

  /** Validates the options at once (not at synthesis), so a bad option fails where it is written. */
  constructor(options: PolicyChecksOptions) {
    this.settings = resolveSettings(options);
    this.environment = options.environment;
    this.production = options.environment.production;
    this.stackName = options.stackName ?? options.environment.name;
    this.log = options.log;
  }

  /**
   * Registers the check on the stack visited. Apply the checks to each stack (`applyTo`):
   * cdktf 0.21 invokes aspects from each stack's root, so an aspect added to the App never runs.
   */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const existing = attached.get(node);
    if (existing === this) return;
    if (existing) {
      throw new Error(
        `PolicyChecks are applied twice to stack ${node.node.id}; apply them once per stack`,
      );
    }
    attached.set(node, this);
    onStackSynthesis(node, HOOK_ID, () => this.onSynthesize(node));
  }

  private onSynthesize(stack: TerraformStack): void {
    // Checked once per stack: a second synthesis must not repeat annotations or overrides.
    if (!reports.has(stack)) reports.set(stack, this.check(stack));
  }

  private check(stack: TerraformStack): PolicyReport {
    const stackName = this.stackName ?? stack.node.id;
    const json = stack.toTerraform() as JsonObject;
    const evaluations = evaluateStack({
      json,
      stackName,
      environment: this.environment,
      settings: this.settings,
    });
    const constructs = constructsByAddress(stack);
    const matcher = new SuppressionMatcher(stack);
    const audit = new Map<string, AuditEntry[]>();
    const counts = { errors: 0, warnings: 0 };

    const results = evaluations.map(({ rule, severity, subject, result }): ReportRow => {
      const construct = constructs.get(subject.address) ?? stack;
      const base = {
        rule: rule.id,
        severity,
        subject: subject.address,
        constructPath: construct.node.path,
      };
      if (result.outcome === "compliant" && result.note) {
        this.log?.(`NOTE [${rule.id}] stack ${stackName}: ${subject.address}: ${result.note}`);
        return { ...base, outcome: result.outcome, note: result.note };
      }
      if (result.outcome !== "non-compliant") return { ...base, outcome: result.outcome };
      const findings = result.findings.map((finding): ReportFinding => {
        const canSuppress = !isUnsuppressible(rule) && !finding.unsuppressible;
        const suppression = canSuppress
          ? matcher.match(construct, rule.id, finding.id, subject.address)
          : undefined;
        if (suppression) {
          record(audit, subject.address, rule.id, suppression, finding.id);
          return {
            ...findingFields(finding),
            suppressed: {
              reason: suppression.reason,
              declaredOn: suppression.declaredOn.node.path,
            },
          };
        }
        const message = annotation(rule.id, stackName, subject.address, finding, canSuppress);
        if (severity === "warning") {
          Annotations.of(construct).addWarning(message);
          counts.warnings += 1;
          this.log?.(`WARNING ${message}`);
        } else {
          Annotations.of(construct).addError(message);
          counts.errors += 1;
        }
        return findingFields(finding);
      });
      const outcome: ReportOutcome = findings.every((f) => f.suppressed)
        ? "suppressed"
        : "non-compliant";
      return { ...base, outcome, findings };
    });

    writeAudit(stack, constructs, audit);
    serveOnce(stack, withAudit(json, audit));
    const suppressions = matcher.reportUnused(stackName, (line) => this.log?.(`WARNING ${line}`));
    const summary = { ...tally(results), ...counts };
    this.log?.(
      `policy: stack ${stackName}: ${counts.errors} error(s), ${counts.warnings} warning(s), ${summary.suppressed} suppressed, ${summary.compliant} compliant`,
    );
    return {
      stack: stackName,
      production: this.production,
      summary,
      rules: POLICY_PACK.map((r) => ({
        id: r.id,
        severity: r.severity,
        explanation: r.explanation,
      })),
      results,
      suppressions,
    };
  }
}

/** Finds the suppression covering a finding, and remembers which suppressions matched what. */
class SuppressionMatcher {
  private readonly covering = new Map<IConstruct, DeclaredSuppression[]>();
  private readonly appliesTo = new Map<DeclaredSuppression, string[] | undefined>();
  private readonly matched = new Map<DeclaredSuppression, string[]>();

  constructor(private readonly stack: TerraformStack) {}

  /** The suppression covering a finding of a rule on a construct, if any. */
  public match(
    construct: IConstruct,
    rule: string,
    finding: string,
    subject: string,
  ): DeclaredSuppression | undefined {
    let list = this.covering.get(construct);
    if (!list) {
      list = PolicySuppressions.covering(construct, this.stack);
      this.covering.set(construct, list);
    }
    const hit = list.find((s) => s.id === rule && (this.entries(s)?.includes(finding) ?? true));
    if (hit) this.matched.set(hit, [...(this.matched.get(hit) ?? []), `${subject}#${finding}`]);
    return hit;
  }

  /** Warns about each suppression (or appliesTo entry) that matched nothing; returns all for the report. */
  public reportUnused(stackName: string, log: (line: string) => void) {
    const declared = this.stack.node.findAll().flatMap((c) => PolicySuppressions.of(c));
    return declared.map((s) => {
      const matched = this.matched.get(s) ?? [];
      const entries = this.entries(s);
      const where = s.declaredOn.node.path;
      const unused =
        matched.length === 0
          ? [
              `the ${s.id} suppression on ${where}${entries ? ` (appliesTo ${entries.join(", ")})` : ""} matched no finding`,
            ]
          : (entries ?? [])
              .filter((entry) => !matched.some((m) => m.endsWith(`#${entry}`)))
              .map(
                (entry) =>
                  `appliesTo entry "${entry}" of the ${s.id} suppression on ${where} matched no finding`,
              );
      for (const text of unused) {
        const line = `[policy] stack ${stackName}: ${text}; remove it, or correct the rule id or finding id`;
        Annotations.of(s.declaredOn).addWarning(line);
        log(line);
      }
      return { rule: s.id, reason: s.reason, appliesTo: entries, declaredOn: where, matched };
    });
  }

  /** A suppression's appliesTo entries, tokens resolved (`${aws_...arn}`). */
  private entries(s: DeclaredSuppression): string[] | undefined {
    if (!this.appliesTo.has(s)) {
      this.appliesTo.set(
        s,
        s.appliesTo?.map((entry) =>
          String(Tokenization.resolve(entry, { scope: this.stack, resolver: RESOLVER })),
        ),
      );
    }
    return this.appliesTo.get(s);
  }
}

/** Maps Terraform addresses to the constructs that synthesize them. */
function constructsByAddress(stack: TerraformStack): Map<string, IConstruct> {
  const map = new Map<string, IConstruct>();
  for (const c of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(c))
      map.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    else if (TerraformDataSource.isTerraformDataSource(c))
      map.set(`data.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    else if (TerraformProvider.isTerraformProvider(c)) {
      map.set(
        c.alias
          ? `provider.${c.terraformResourceType}.${c.alias}`
          : `provider.${c.terraformResourceType}`,
        c,
      );
    }
  }
  return map;
}

function findingFields(finding: Finding): ReportFinding {
  return finding.unsuppressible
    ? { id: finding.id, message: finding.message, fix: finding.fix, unsuppressible: true }
    : { id: finding.id, message: finding.message, fix: finding.fix };
}

/** The annotation text: rule, stack, address, what is wrong, how to fix it. */
function annotation(
  rule: string,
  stack: string,
  address: string,
  finding: Finding,
  canSuppress: boolean,
): string {
  const suppress = canSuppress
    ? ` To accept it, suppress { id: "${rule}", appliesTo: ["${finding.id}"] } with a reason.`
    : " This finding cannot be suppressed.";
  return `[${rule}] stack ${stack}: ${address}: ${finding.message}. Fix: ${finding.fix}. (finding ${finding.id})${suppress}`;
}

function record(
  audit: Map<string, AuditEntry[]>,
  address: string,
  rule: string,
  s: DeclaredSuppression,
  finding: string,
): void {
  const entries = audit.get(address) ?? [];
  const declaredOn = s.declaredOn.node.path;
  const entry = entries.find(
    (e) => e.rule === rule && e.reason === s.reason && e.declared_on === declaredOn,
  );
  if (entry) entry.findings.push(finding);
  else entries.push({ rule, reason: s.reason, declared_on: declaredOn, findings: [finding] });
  audit.set(address, entries);
}

/**
 * Writes applied suppressions into the synthesized JSON: a resource's or data source's own `//`
 * metadata (which Terraform ignores), and for the provider and stack pseudo-subjects the
 * stack's top-level `//`.
 */
/**
 * cdktf resolves a stack twice per synthesis: once here, for the checks, and once right after
 * every synthesis hook, to write it, a tenth of synth's time. The second time can only differ by
 * the audit trail written above (nothing else runs in between in these stacks; cdktf's only
 * other hook is for assets), so the next `toTerraform()` is served from the first, with the audit
 * applied; later calls resolve again. __tests__/policy/pack.test.ts checks that what is written
 * equals a fresh resolution.
 */
function serveOnce(stack: TerraformStack, json: JsonObject): void {
  const resolve = stack.toTerraform;
  stack.toTerraform = function servedOnce(this: TerraformStack) {
    stack.toTerraform = resolve;
    return json;
  };
}

/**
 * `json` with the audit entries where `writeAudit`'s overrides put them, and the override noted
 * in cdktf's metadata as cdktf notes it (`"//".metadata.overrides.<type>` lists `"//"`).
 */
function withAudit(json: JsonObject, audit: Map<string, AuditEntry[]>): JsonObject {
  const stackLevel: Record<string, AuditEntry[]> = {};
  const overridden = new Set<string>();
  for (const [address, entries] of audit) {
    const [first, ...rest] = address.split(".");
    const data = first === "data";
    const [section, type, name] = data ? ["data", ...rest] : ["resource", first, ...rest];
    const block = ((json[section] as JsonObject | undefined)?.[type] as JsonObject | undefined)?.[
      name
    ] as Record<string, unknown> | undefined;
    if (block && rest.length === (data ? 2 : 1)) {
      block["//"] = {
        ...((block["//"] as JsonObject | undefined) ?? {}),
        policy_suppressions: entries,
      };
      overridden.add(type);
    } else {
      stackLevel[address] = entries;
    }
  }
  const meta = json["//"] as Record<string, Record<string, unknown>> | undefined;
  const overrides = (meta?.metadata?.overrides ?? {}) as Record<string, string[]>;
  const note = (key: string) => {
    const keys = overrides[key] ?? [];
    if (!keys.includes("//")) overrides[key] = [...keys, "//"];
  };
  overridden.forEach(note);
  if (Object.keys(stackLevel).length > 0) {
    (json as Record<string, unknown>)["//"] = { ...(meta ?? {}), policy_suppressions: stackLevel };
    note("stack");
  }
  if (meta?.metadata && overridden.size + Object.keys(stackLevel).length > 0) {
    meta.metadata.overrides = overrides;
  }
  return json;
}

function writeAudit(
  stack: TerraformStack,
  constructs: Map<string, IConstruct>,
  audit: Map<string, AuditEntry[]>,
): void {
  const stackLevel: Record<string, AuditEntry[]> = {};
  for (const [address, entries] of audit) {
    const construct = constructs.get(address);
    if (
      construct &&
      (TerraformResource.isTerraformResource(construct) ||
        TerraformDataSource.isTerraformDataSource(construct))
    ) {
      construct.addOverride("//.policy_suppressions", entries);
    } else stackLevel[address] = entries;
  }
  if (Object.keys(stackLevel).length > 0) stack.addOverride("//.policy_suppressions", stackLevel);
}

function tally(rows: readonly ReportRow[]): Record<ReportOutcome, number> {
  const counts: Record<ReportOutcome, number> = {
    compliant: 0,
    "non-compliant": 0,
    suppressed: 0,
    "not-applicable": 0,
  };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}
