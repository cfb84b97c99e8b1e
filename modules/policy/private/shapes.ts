/**
 * The vocabulary of the stack contract (../contract.ts): what a value may be. Each shape checks
 * one value of the resolved stack JSON and answers the problems it found, each naming the
 * argument path, the value and what the contract allows there. Nothing here knows Flipt.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { EnvironmentConfig } from "../../../environments/types";
import { isObject, show } from "./json";

/** What a shape may read: the environment the stack was built from, and the stack's blocks. */
export interface ShapeContext {
  readonly env: EnvironmentConfig;
  /** The contract block kind (`aws_security_group.flipt`) of each address, once classified. */
  readonly kinds: ReadonlyMap<string, string>;
  /** Addresses by Terraform type (`aws_kms_key`, `data.aws_vpc`). */
  readonly types: ReadonlyMap<string, readonly string[]>;
  /** True while blocks are being classified: references are judged by type only. */
  readonly loose?: boolean;
  /** The repository the stack is built from (managed flag folders are relative to it). */
  readonly repositoryRoot?: string;
  /** The object whose argument is being checked, for shapes that compare arguments. */
  readonly block?: Readonly<Record<string, unknown>>;
}

/** One value's problem: where, what was found, what the contract allows. */
export interface Problem {
  readonly path: string;
  readonly found: unknown;
  readonly allowed: string;
}

/** A value's allowed shape. */
export interface Shape {
  /** What the contract allows, for messages. */
  readonly allows: string;
  check(value: unknown, path: string, ctx: ShapeContext): Problem[];
  /** True for an argument that may be left out (`opt`, or `when` whose condition is false). */
  optional?(ctx: ShapeContext): boolean;
}

const ok: Problem[] = [];
const bad = (path: string, found: unknown, allowed: string): Problem[] => [
  { path, found, allowed },
];

/** The value of a config field (`flipt.cpu`, `adopt.kmsKeyId`); undefined when unset. */
export function field(env: EnvironmentConfig, path: string): unknown {
  if (path === "account") return env.accountId ?? "${var.account_id}";
  return path.split(".").reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), env);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A fixed literal (deep-equal for lists and objects). */
export function lit(expected: unknown): Shape {
  return {
    allows: `exactly ${show(expected)}`,
    check: (v, path) => (deepEqual(v, expected) ? ok : bad(path, v, `exactly ${show(expected)}`)),
  };
}

/**
 * An aws_s3_object's `content`: the bytes of the file its `key` names in the environment's
 * managed flag folder (`<flagPrefix><path in the folder>`), with `${` and `%{` escaped as
 * Terraform literals, and the SHA-256 of those bytes as its `source_hash`. So the stack uploads
 * files of that folder, which the flag checker has read, and nothing else.
 */
export function flagFileContent(): Shape {
  const allows = "the escaped bytes of the managed flag file its key names";
  return {
    allows,
    check: (v, at, ctx) => {
      const { flags, flagPrefix } = ctx.env;
      const key = ctx.block?.key;
      const keyAt = at.replace(/content$/, "key");
      if (flags.mode !== "managed" || ctx.repositoryRoot === undefined) return bad(at, v, allows);
      if (typeof key !== "string" || !key.startsWith(flagPrefix)) {
        return bad(keyAt, key, `a key under the flag prefix ${show(flagPrefix)}`);
      }
      const folder = path.resolve(ctx.repositoryRoot, flags.directory);
      const relative = key.slice(flagPrefix.length);
      const file = path.resolve(folder, relative);
      // The key names the file exactly: no `..`, `./` or doubled slashes that S3 would keep.
      if (
        path.relative(folder, file).split(path.sep).join("/") !== relative ||
        !file.startsWith(folder + path.sep) ||
        !fs.statSync(file, { throwIfNoEntry: false })?.isFile()
      ) {
        return bad(keyAt, key, `<flagPrefix> and the path of a file of ${flags.directory}`);
      }
      const bytes = fs.readFileSync(file);
      if (v !== bytes.toString("utf8").replace(/([$%])\{/g, "$1$1{")) {
        return bad(
          at,
          `${String(v).slice(0, 40)}...`,
          `${allows} (${path.relative(ctx.repositoryRoot, file)})`,
        );
      }
      const hash = createHash("sha256").update(bytes).digest("hex");
      if (ctx.block?.source_hash !== hash) {
        return bad(
          at.replace(/content$/, "source_hash"),
          ctx.block?.source_hash,
          `${hash}, the SHA-256 of the file`,
        );
      }
      return ok;
    },
  };
}

/** A literal string of the given form (`describe` says which, for the message). */
export function matching(form: RegExp, describe: string): Shape {
  return {
    allows: describe,
    check: (v, path) => (typeof v === "string" && form.test(v) ? ok : bad(path, v, describe)),
  };
}

/** A `${` or `%{` that Terraform would evaluate (`$${` and `%%{` are escapes). */
const TEMPLATE = /(?<![$%])[$%]\{/;

/** A literal string with no Terraform interpolation or directive (descriptions, messages). */
export function text(): Shape {
  const allows = "a literal string with no ${...} or %{...}";
  return {
    allows,
    check: (v, path) =>
      typeof v === "string" && !TEMPLATE.test(v.replace(/\$\$\{|%%\{/g, ""))
        ? ok
        : bad(path, v, allows),
  };
}

/** Equal to the environment's config value at `path` (deep-equal). */
export function cfg(path: string): Shape {
  return {
    allows: `the config value ${path}`,
    check: (v, at, ctx) =>
      deepEqual(v, field(ctx.env, path))
        ? ok
        : bad(at, v, `the config value ${path} = ${show(field(ctx.env, path))}`),
  };
}

/** The config value at `path`, present exactly when the configuration sets it. */
export function ifSet(path: string): Shape {
  return when((env) => field(env, path) !== undefined, cfg(path));
}

/** One of the values of a config list (`ui.allowedCidrs`), or of a list computed from config. */
export function member(
  describe: string,
  values: (env: EnvironmentConfig) => readonly unknown[],
): Shape {
  return {
    allows: `one of ${describe}`,
    check: (v, at, ctx) =>
      values(ctx.env).some((x) => deepEqual(x, v))
        ? ok
        : bad(at, v, `one of ${describe}: ${show(values(ctx.env))}`),
  };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A string built from config fields and references: `{serviceName}` is the config value,
 * `{account}` the guarded account (the committed id, or `${var.account_id}`), and
 * `[aws_kms_key.arn]` exactly `${aws_kms_key.<name>.arn}` of a block of that type in this stack
 * (`[aws_security_group.flipt.id]`: of that contract kind; `[data.aws_vpc.id]`: a data source).
 */
export function tpl(template: string): Shape {
  return {
    allows: `"${template}"`,
    check: (v, at, ctx) => {
      const expected = expand(template, ctx);
      if (typeof v !== "string" || expected === undefined) return bad(at, v, `"${template}"`);
      const match = expected.regex.exec(v);
      if (!match) return bad(at, v, `"${template}" = ${expected.shown}`);
      const wrong = expected.refs.flatMap((target, i) => {
        const address = match[i + 1];
        return targets(target.kind, ctx).includes(address)
          ? []
          : [`${address} is not a ${target.kind}`];
      });
      return wrong.length ? bad(at, v, `"${template}": ${wrong.join("; ")} of this stack`) : ok;
    },
  };
}

/** A reference to an attribute of a block of this stack: `ref("aws_kms_key", "arn")`. */
export function ref(kind: string, attribute: string): Shape {
  return tpl(`[${kind}.${attribute}]`);
}

interface Expanded {
  readonly regex: RegExp;
  readonly shown: string;
  readonly refs: { kind: string }[];
}

// Compiled once per environment and template: a synth checks hundreds of values.
const compiled = new WeakMap<EnvironmentConfig, Map<string, Expanded | undefined>>();

function expand(template: string, ctx: ShapeContext): Expanded | undefined {
  let cache = compiled.get(ctx.env);
  if (!cache) compiled.set(ctx.env, (cache = new Map()));
  if (!cache.has(template)) cache.set(template, compile(template, ctx));
  return cache.get(template);
}

function compile(template: string, ctx: ShapeContext): Expanded | undefined {
  const refs: { kind: string }[] = [];
  let regex = "";
  let shown = "";
  let missing = false;
  const parts = template.split(/(\{[A-Za-z.]+\}|\[[a-z0-9_.-]+\])/);
  for (const part of parts) {
    if (/^\{[A-Za-z.]+\}$/.test(part)) {
      const value = field(ctx.env, part.slice(1, -1));
      if (value === undefined) missing = true;
      regex += escapeRegex(String(value));
      shown += String(value);
    } else if (/^\[[a-z0-9_.-]+\]$/.test(part)) {
      const segments = part.slice(1, -1).split(".");
      const attribute = segments.pop()!;
      const kind = segments.join(".");
      const data = kind.startsWith("data.");
      const type = (data ? kind.slice(5) : kind).split(".")[0];
      refs.push({ kind });
      regex += `\\$\\{(${data ? "data\\." : ""}${escapeRegex(type)}\\.[A-Za-z0-9_-]+)\\.${escapeRegex(attribute)}\\}`;
      shown += `\${${kind}.<name>.${attribute}}`;
    } else {
      regex += escapeRegex(part);
      shown += part;
    }
  }
  return missing ? undefined : { regex: new RegExp(`^${regex}$`), shown, refs };
}

/** The addresses a reference target names: a type (`aws_kms_key`) or a contract kind. */
function targets(kind: string, ctx: ShapeContext): readonly string[] {
  const segments = kind.split(".");
  const typeKey = kind.startsWith("data.") ? segments.slice(0, 2).join(".") : segments[0];
  const all = ctx.types.get(typeKey) ?? [];
  if (ctx.loose || segments.length === (kind.startsWith("data.") ? 2 : 1)) return all;
  return all.filter((address) => ctx.kinds.get(address) === kind);
}

/** A bare address of a block of a type (`depends_on`, `replace_triggered_by`). */
export function address(...kinds: string[]): Shape {
  const allows = `the address of a ${kinds.join(" or ")} of this stack`;
  return {
    allows,
    check: (v, at, ctx) =>
      typeof v === "string" && kinds.some((k) => targets(k, ctx).includes(v))
        ? ok
        : bad(at, v, allows),
  };
}

/** The first shape that fits; problems of the closest one otherwise. */
export function oneOf(...shapes: Shape[]): Shape {
  const allows = shapes.map((s) => s.allows).join(" or ");
  return {
    allows,
    check: (v, at, ctx) => {
      const answers = shapes.map((s) => s.check(v, at, ctx));
      if (answers.some((a) => a.length === 0)) return ok;
      return bad(at, v, allows);
    },
  };
}

/** An argument that may be left out. */
export function opt(shape: Shape): Shape {
  return { ...shape, optional: () => true };
}

/** Required when the config says so, absent otherwise. */
export function when(condition: (env: EnvironmentConfig) => unknown, shape: Shape): Shape {
  return {
    allows: shape.allows,
    check: (v, at, ctx) =>
      condition(ctx.env)
        ? shape.check(v, at, ctx)
        : bad(at, v, "nothing: this configuration sets no such argument"),
    optional: (ctx) => !condition(ctx.env),
  };
}

/** A shape chosen by the config (e.g. a reference to the namespace the stack owns or looks up). */
export function pick(choose: (env: EnvironmentConfig) => Shape): Shape {
  return {
    allows: "a shape chosen by the configuration",
    check: (v, at, ctx) => choose(ctx.env).check(v, at, ctx),
  };
}

/** An object (a nested block) with exactly these keys; one block given as a list is accepted. */
export function obj(keys: Record<string, Shape>): Shape {
  return {
    allows: `a block with ${Object.keys(keys).join(", ") || "no arguments"}`,
    check: (v, at, ctx) => {
      const block = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (!isObject(block)) return bad(at, v, `one block with ${Object.keys(keys).join(", ")}`);
      return checkKeys(block, keys, at, ctx);
    },
  };
}

/**
 * The keys of an object against the shapes of the contract: unknown and missing keys too.
 * `topLevel`: the object is the body of a resource or data block, where cdktf writes its `//`
 * metadata and Terraform ignores it. Anywhere else (a map such as `tags`, JSON inside a string)
 * `//` is an ordinary key whose value Terraform evaluates, so it is judged like any other.
 */
export function checkKeys(
  block: Record<string, unknown>,
  keys: Record<string, Shape>,
  at: string,
  ctx: ShapeContext,
  topLevel = false,
): Problem[] {
  const prefix = at ? `${at}.` : "";
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(block)) {
    if (key === "//" && topLevel) continue; // cdktf's metadata, which Terraform ignores
    const shape = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!shape)
      problems.push(
        ...bad(
          `${prefix}${key}`,
          value,
          `no argument ${key} here (allowed: ${Object.keys(keys).join(", ") || "none"})`,
        ),
      );
    else if (value !== undefined)
      problems.push(...shape.check(value, `${prefix}${key}`, { ...ctx, block }));
  }
  for (const [key, shape] of Object.entries(keys)) {
    if (block[key] === undefined && !shape.optional?.(ctx)) {
      problems.push(...bad(`${prefix}${key}`, undefined, `required: ${shape.allows}`));
    }
  }
  return problems;
}

/** A list whose every element has the shape, with a length from the config (exact or bounds). */
export function list(
  shape: Shape,
  length?: (env: EnvironmentConfig) => number | [number, number],
): Shape {
  return {
    allows: `a list of ${shape.allows}`,
    check: (v, at, ctx) => {
      if (!Array.isArray(v)) return bad(at, v, `a list of ${shape.allows}`);
      const n = length?.(ctx.env);
      const [min, max] = n === undefined ? [0, Infinity] : Array.isArray(n) ? n : [n, n];
      const size =
        v.length < min || v.length > max
          ? bad(at, v, `${min === max ? min : `${min} to ${max}`} element(s)`)
          : ok;
      return [...size, ...v.flatMap((x, i) => shape.check(x, `${at}[${i}]`, ctx))];
    },
  };
}

/**
 * A relative path (`../../x`) to the file the config names, from the folder Terraform runs in,
 * which may sit anywhere (tests write to a temporary folder).
 */
export function relativePath(describe: string, wanted: (env: EnvironmentConfig) => string): Shape {
  return {
    allows: describe,
    check: (v, at, ctx) => {
      const target = wanted(ctx.env);
      const rest = typeof v === "string" ? v.replace(/^(\.\.\/)+/, "") : undefined;
      const ok = rest !== undefined && (rest === target || rest.endsWith(`/${target}`));
      return ok ? [] : bad(at, v, `${describe}: a relative path to ${target}`);
    },
  };
}

/** A list of exactly one element of the shape (how cdktf writes a single nested block). */
export function single(shape: Shape): Shape {
  return list(shape, () => 1);
}

/** A JSON document in a string, whose parsed value has the shape. */
export function json(shape: Shape): Shape {
  return {
    allows: `a JSON string of ${shape.allows}`,
    check: (v, at, ctx) => {
      if (typeof v !== "string") return bad(at, v, "a JSON string");
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        return bad(at, v, "a JSON string");
      }
      return shape.check(parsed, at, ctx);
    },
  };
}

/**
 * A list of `{ name, value }` (a container's environment), names case-exact and unique, each
 * name one the contract lists, with its value's shape; names not `opt` must be there.
 */
export function namedValues(values: Record<string, Shape>): Shape {
  const allows = `name/value pairs named ${Object.keys(values).join(", ")}`;
  return {
    allows,
    check: (v, at, ctx) => {
      if (!Array.isArray(v)) return bad(at, v, allows);
      const seen = new Set<string>();
      const problems = v.flatMap((entry, i): Problem[] => {
        const name = isObject(entry) ? entry.name : undefined;
        if (typeof name !== "string" || !Object.hasOwn(values, name))
          return bad(`${at}[${i}]`, entry, allows);
        if (seen.has(name)) return bad(`${at}[${i}]`, entry, `${name} once`);
        seen.add(name);
        const shape = { name: lit(name), value: { ...values[name], optional: undefined } };
        return checkKeys(entry as Record<string, unknown>, shape, `${at}[${i}]`, ctx);
      });
      const missing = Object.keys(values).filter((n) => !seen.has(n) && !values[n].optional?.(ctx));
      return missing.length ? [...problems, ...bad(at, v, `also ${missing.join(", ")}`)] : problems;
    },
  };
}

/**
 * A Terraform expression `${...}` using only the listed functions and references to `self`,
 * `var.account_id` and blocks of this stack; its string literals may hold config values.
 */
export function expr(functions: readonly string[]): Shape {
  const allows = `an expression using only ${functions.join(", ")}, self, var.account_id and this stack's blocks`;
  return {
    allows,
    check: (v, at, ctx) => {
      if (typeof v !== "string" || !v.startsWith("${") || !v.endsWith("}"))
        return bad(at, v, allows);
      const wrong = codeTokens(v.slice(2, -1)).filter((t) => !allowedToken(t, functions, ctx));
      return wrong.length ? bad(at, v, `${allows}; not ${wrong.join(", ")}`) : ok;
    },
  };
}

/**
 * A message whose `${...}` parts are expressions `expr` would allow (a postcondition's error
 * message naming the value it found); its literal text is free.
 */
export function message(functions: readonly string[]): Shape {
  const allows = `a message whose \${...} use only ${functions.join(", ")}, self and this stack's blocks`;
  return {
    allows,
    check: (v, at, ctx) => {
      if (typeof v !== "string") return bad(at, v, allows);
      // Read as the template Terraform reads it: only its ${...} parts are code.
      const wrong = codeTokens(v, "template").filter((t) => !allowedToken(t, functions, ctx));
      return wrong.length ? bad(at, v, `${allows}; not ${wrong.join(", ")}`) : ok;
    },
  };
}

/** A function or reference an expression may use. */
function allowedToken(token: string, functions: readonly string[], ctx: ShapeContext): boolean {
  if (token.endsWith("(")) return functions.includes(token.slice(0, -1));
  const [first] = token.split(".");
  if (first === "self") return true;
  if (first === "var") return token === "var.account_id";
  const segments = token.split(".");
  const address =
    first === "data" ? segments.slice(0, 3).join(".") : segments.slice(0, 2).join(".");
  const typeKey = first === "data" ? segments.slice(0, 2).join(".") : first;
  return (ctx.types.get(typeKey) ?? []).includes(address);
}

/**
 * The function calls (`name(`) and references (`a.b.c`) of an expression's code, outside its
 * string literals but inside their `${...}` templates; a `%{` directive counts as a function.
 */
function codeTokens(code: string, start: "code" | "template" = "code"): string[] {
  let out = "";
  const modes: ("code" | "brace" | "string" | "template")[] = [start];
  for (let i = 0; i < code.length; i += 1) {
    const c = code[i];
    const mode = modes[modes.length - 1];
    if (mode === "string" || mode === "template") {
      if (c === "\\" && mode === "string") i += 1;
      else if (c === '"' && mode === "string") modes.pop();
      else if (code.startsWith("$${", i) || code.startsWith("%%{", i)) i += 2;
      else if ((c === "$" || c === "%") && code[i + 1] === "{") {
        if (c === "%") out += " directive( ";
        modes.push("brace");
        i += 1;
      }
      out += " ";
    } else if (c === '"') {
      modes.push("string");
      out += " ";
    } else if (c === "{") {
      modes.push("brace");
      out += " ";
    } else if (c === "}" && modes.length > 1) {
      modes.pop();
      out += " ";
    } else out += c;
  }
  return scanCode(out);
}

function scanCode(text: string): string[] {
  const found: string[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_-]*(?:\s*\(|(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)/g;
  for (const m of text.matchAll(re)) {
    const token = m[0].replace(/\s+\($/, "(");
    if (/^(true|false|null)$/.test(token)) continue;
    if (!token.endsWith("(") && !token.includes(".")) {
      found.push(token); // a bare name: a local, a for-expression variable, a provider function
      continue;
    }
    found.push(token.replace(/\[\d+\]/g, ""));
  }
  return found;
}
