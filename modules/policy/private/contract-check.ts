/**
 * Checks a resolved stack JSON against the contract (../contract.ts): every section, block kind,
 * type, argument and value; block counts; import blocks. Answers every problem, never a pass
 * for what it does not know.
 */
import type { EnvironmentConfig } from "../../../environments/types";
import { isObject, show } from "./json";
import { checkKeys, field, lit, text, type Problem, type Shape, type ShapeContext } from "./shapes";

/** One kind of block of a type: how many the configuration calls for, and its arguments. */
export interface BlockKind {
  readonly count: (env: EnvironmentConfig) => number | "any";
  readonly args: Readonly<Record<string, Shape>>;
}

/** An output: when it exists, and its value. */
export interface OutputContract {
  readonly when?: (env: EnvironmentConfig) => unknown;
  readonly value: Shape;
}

/** An import block: the `adopt` field that asks for it, and its id. */
export interface ImportContract {
  readonly field: keyof NonNullable<EnvironmentConfig["adopt"]>;
  readonly id: Shape;
  /**
   * The field is a map (`clientEgressRuleIds`): one import per entry, each into another block
   * of the kind, each with another of the map's ids, and none more.
   * @default - one import for the field
   */
  readonly perEntry?: true;
}

/** The whole contract. */
export interface StackContract {
  readonly terraform: Shape;
  readonly provider: Shape;
  readonly variable: Readonly<
    Record<string, { when: (env: EnvironmentConfig) => unknown; shape: Shape }>
  >;
  /** By type: its one kind, or its kinds by name (`aws_iam_role`: `task`, `execution`). */
  readonly data: Readonly<Record<string, BlockKind | Readonly<Record<string, BlockKind>>>>;
  readonly resource: Readonly<Record<string, BlockKind | Readonly<Record<string, BlockKind>>>>;
  readonly output: Readonly<Record<string, OutputContract>>;
  /** Import targets by resource kind (`aws_kms_key`). */
  readonly import: Readonly<Record<string, ImportContract>>;
}

/** One thing the contract does not allow, where it is. */
export interface ContractProblem {
  /** Terraform address (`aws_ecs_service.service_ABC`), or the section (`terraform`, `import[0]`). */
  readonly address: string;
  readonly message: string;
}

const SECTIONS = [
  "//",
  "terraform",
  "provider",
  "variable",
  "data",
  "resource",
  "output",
  "import",
];

export function checkContract(
  json: Record<string, unknown>,
  env: EnvironmentConfig,
  contract: StackContract,
  repositoryRoot?: string,
): ContractProblem[] {
  const problems: ContractProblem[] = [];
  const report = (address: string, list: readonly Problem[]) =>
    problems.push(...list.map((p) => ({ address, message: describe(p) })));

  for (const key of Object.keys(json)) {
    if (!SECTIONS.includes(key)) {
      problems.push({
        address: key,
        message: `a ${key} section; the contract allows only ${SECTIONS.slice(1).join(", ")}`,
      });
    }
  }
  const blocks = { data: listBlocks(json.data, "data."), resource: listBlocks(json.resource, "") };
  const types = new Map<string, string[]>();
  for (const b of [...blocks.data, ...blocks.resource]) {
    types.set(b.typeKey, [...(types.get(b.typeKey) ?? []), b.address]);
  }
  const kinds = new Map<string, string>();
  const loose: ShapeContext = { env, types, kinds, repositoryRoot, loose: true };
  const ctx: ShapeContext = { env, types, kinds, repositoryRoot };

  // Each block gets the first kind of its type it fits (references judged by type only).
  const assigned: { block: Block; kind?: [string, BlockKind] }[] = [];
  for (const section of ["data", "resource"] as const) {
    for (const block of blocks[section]) {
      const choices = kindsOf(contract[section][block.type]);
      if (choices.length === 0 || !isObject(block.config)) {
        problems.push({
          address: block.address,
          message: `a ${section === "data" ? "data source" : "resource"} of type ${block.type}, which the contract does not name`,
        });
        continue;
      }
      const scored = choices.map((c) => ({
        c,
        n:
          choices.length === 1
            ? 0
            : checkKeys(block.config as Record<string, unknown>, c[1].args, "", loose, true).length,
      }));
      const fit = scored.find((s) => s.n === 0) ?? scored.reduce((a, b) => (b.n < a.n ? b : a));
      kinds.set(block.address, kindName(block.typeKey, fit.c[0]));
      assigned.push({ block, kind: fit.c });
    }
  }
  // Kinds told apart only by what they refer to (the task role's policies, the execution
  // role's): once every block has a kind, the first kind a block fits strictly wins.
  for (const entry of assigned) {
    const section = entry.block.typeKey.startsWith("data.") ? "data" : "resource";
    const choices = kindsOf(contract[section][entry.block.type]);
    if (choices.length < 2) continue;
    const config = entry.block.config as Record<string, unknown>;
    const strict = choices.find((c) => checkKeys(config, c[1].args, "", ctx, true).length === 0);
    if (strict) {
      entry.kind = strict;
      kinds.set(entry.block.address, kindName(entry.block.typeKey, strict[0]));
    }
  }
  for (const { block, kind } of assigned) {
    report(
      block.address,
      checkKeys(block.config as Record<string, unknown>, kind![1].args, "", ctx, true),
    );
  }
  // Counts: too many of a kind, and required blocks that are missing.
  for (const section of ["data", "resource"] as const) {
    for (const [type, entry] of Object.entries(contract[section])) {
      for (const [name, kind] of kindsOf(entry)) {
        const typeKey = section === "data" ? `data.${type}` : type;
        const found = assigned.filter(
          (a) => kinds.get(a.block.address) === kindName(typeKey, name),
        );
        const what = name ? `${type} blocks of kind "${name}"` : `${type} blocks`;
        const wanted = kind.count(env);
        if (wanted === "any" || found.length === wanted) continue;
        problems.push({
          address: found[wanted]?.block.address ?? typeKey,
          message:
            found.length > wanted
              ? `${found.length} ${what} (${found.map((f) => f.block.address).join(", ")}); the contract allows ${wanted} in this configuration`
              : `${found.length} ${what}; the contract requires ${wanted} in this configuration`,
        });
      }
    }
  }

  report("terraform", contract.terraform.check(json.terraform, "terraform", ctx));
  report("provider", contract.provider.check(json.provider, "provider", ctx));
  const variables = isObject(json.variable) ? json.variable : {};
  for (const [name, variable] of Object.entries(contract.variable)) {
    if (variable.when(env) && variables[name] === undefined) {
      problems.push({
        address: `var.${name}`,
        message: `variable ${name} is missing; the contract requires it`,
      });
    }
  }
  for (const [name, value] of Object.entries(variables)) {
    const spec = contract.variable[name];
    if (!spec?.when(env))
      report(`var.${name}`, [{ path: "", found: value, allowed: "no such variable" }]);
    else report(`var.${name}`, spec.shape.check(value, "", ctx));
  }
  const outputs = isObject(json.output) ? json.output : {};
  for (const [name, spec] of Object.entries(contract.output)) {
    const wanted = spec.when?.(env) ?? true;
    if (wanted && outputs[name] === undefined) {
      problems.push({
        address: `output.${name}`,
        message: `output ${name} is missing; the contract requires it`,
      });
    }
  }
  for (const [name, value] of Object.entries(outputs)) {
    const spec = contract.output[name];
    const shape = spec && (spec.when?.(env) ?? true) ? spec.value : lit("no such output");
    report(
      `output.${name}`,
      isObject(value)
        ? checkKeys(
            value as Record<string, unknown>,
            { value: shape, description: text() },
            "",
            ctx,
          )
        : [{ path: "", found: value, allowed: "an output block" }],
    );
  }
  problems.push(...checkImports(json.import, env, contract, ctx));
  return problems;
}

function checkImports(
  value: unknown,
  env: EnvironmentConfig,
  contract: StackContract,
  ctx: ShapeContext,
): ContractProblem[] {
  const imports = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const problems: ContractProblem[] = [];
  /** Imports seen by kind; of a per-entry kind, also the targets and ids already used. */
  const seen = new Map<string, number>();
  const used = new Set<string>();
  const entries = (spec: ImportContract): number => {
    const set = field(env, `adopt.${spec.field}`);
    return set === undefined
      ? 0
      : spec.perEntry
        ? isObject(set)
          ? Object.keys(set).length
          : 0
        : 1;
  };
  imports.forEach((entry, i) => {
    const where = `import[${i}]`;
    const to = isObject(entry) ? entry.to : undefined;
    const id = isObject(entry) ? entry.id : undefined;
    const kind = typeof to === "string" ? ctx.kinds.get(to) : undefined;
    const key = kind && contract.import[kind] ? kind : undefined;
    const spec = key ? contract.import[key] : undefined;
    const count = key ? (seen.get(key) ?? 0) : 0;
    const again = spec?.perEntry && (used.has(`to ${show(to)}`) || used.has(`id ${show(id)}`));
    if (!spec || count >= entries(spec) || again) {
      problems.push({
        address: where,
        message: `an import into ${show(to)}; the contract allows one import per adopt field set (per entry of a map), into the block that field names`,
      });
      return;
    }
    seen.set(key!, count + 1);
    used.add(`to ${show(to)}`).add(`id ${show(id)}`);
    const list = checkKeys(entry as Record<string, unknown>, { to: lit(to), id: spec.id }, "", ctx);
    problems.push(...list.map((p) => ({ address: where, message: describe(p) })));
  });
  for (const [key, spec] of Object.entries(contract.import)) {
    if ((seen.get(key) ?? 0) < entries(spec)) {
      problems.push({
        address: "import",
        message: `no import for ${entries(spec) > 1 ? "every entry of " : ""}adopt.${spec.field}; the contract requires one into the ${key}`,
      });
    }
  }
  return problems;
}

interface Block {
  readonly address: string;
  readonly type: string;
  /** `aws_kms_key` or `data.aws_vpc`. */
  readonly typeKey: string;
  readonly config: unknown;
}

function listBlocks(section: unknown, prefix: string): Block[] {
  if (!isObject(section)) return [];
  return Object.entries(section).flatMap(([type, named]) =>
    isObject(named)
      ? Object.entries(named).map(([name, config]) => ({
          address: `${prefix}${type}.${name}`,
          type,
          typeKey: `${prefix}${type}`,
          config,
        }))
      : [{ address: `${prefix}${type}`, type, typeKey: `${prefix}${type}`, config: named }],
  );
}

function describe(p: Problem): string {
  const where = p.path ? `${p.path} ` : "";
  return p.found === undefined
    ? `${where}is missing; the contract requires ${p.allowed.replace(/^required: /, "")}`
    : `${where}is ${show(p.found)}; the contract allows ${p.allowed}`;
}

/** The kinds of a type, by name; a type of one kind has one, named after the type. */
function kindsOf(entry: StackContract["data"][string] | undefined): [string, BlockKind][] {
  if (entry === undefined) return [];
  if (typeof entry.count === "function") return [["", entry as BlockKind]];
  return Object.entries(entry as Record<string, BlockKind>);
}

/** The contract kind of a block: `aws_kms_key`, or `aws_iam_role.task` for a named kind. */
const kindName = (typeKey: string, name: string) => (name ? `${typeKey}.${name}` : typeKey);
