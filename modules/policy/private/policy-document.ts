/**
 * The contract's shape of a policy document (key policy, bucket policy, role trust and inline
 * policies). What a statement grants is judged by the IAM, KMS and S3 rules; the contract fixes
 * the document's form and what it may name: blocks of this stack, the partition, and the guarded
 * account (the committed id or `${var.account_id}`), never another account or a pasted ARN of
 * something the stack does not hold.
 */
import { isObject, show } from "./json";
import type { Problem, Shape, ShapeContext } from "./shapes";

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "Action", "Resource", "Condition"]);
const INTERPOLATION = /\$\{([^}]*)\}/g;
const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.[a-z_]+$/;

const allows =
  "a policy document (Version 2012-10-17; statements of Sid, Effect, Principal, Action, Resource, Condition) naming only this stack's blocks, the partition and the guarded account";

export const policyDocument: Shape = {
  allows,
  check: (v, at, ctx) => {
    let doc: unknown;
    try {
      doc = typeof v === "string" ? JSON.parse(v) : undefined;
    } catch {
      doc = undefined;
    }
    if (!isObject(doc) || doc.Version !== "2012-10-17" || !Array.isArray(doc.Statement)) {
      return [{ path: at, found: v, allowed: allows }];
    }
    if (Object.keys(doc).some((k) => k !== "Version" && k !== "Statement")) {
      return [{ path: at, found: Object.keys(doc), allowed: "only Version and Statement" }];
    }
    return doc.Statement.flatMap((statement, i): Problem[] => {
      const where = `${at}.Statement[${i}]`;
      if (!isObject(statement))
        return [{ path: where, found: statement, allowed: "a statement object" }];
      const extra = Object.keys(statement).filter((k) => !STATEMENT_KEYS.has(k));
      const keys = extra.map((k) => ({
        path: `${where}.${k}`,
        found: statement[k],
        allowed: `no ${k}`,
      }));
      return [...keys, ...strings(statement, where).flatMap(([path, s]) => named(path, s, ctx))];
    });
  },
};

function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, x]) => strings(x, `${path}.${k}`));
  return [];
}

/** Problems with what one string names: unknown expressions, other accounts. */
function named(path: string, value: string, ctx: ShapeContext): Problem[] {
  const problems: Problem[] = [];
  for (const [, inner] of value.matchAll(INTERPOLATION)) {
    if (inner === "var.account_id" && ctx.env.accountId === undefined) continue;
    const match = REFERENCE.exec(inner);
    const typeKey = match ? `${match[1] ?? ""}${match[2]}` : "";
    const address = match ? `${typeKey}.${match[3]}` : "";
    if (match && (ctx.types.get(typeKey) ?? []).includes(address)) continue;
    problems.push({
      path,
      found: value,
      allowed: `references to this stack's blocks, not \${${inner}}`,
    });
  }
  for (const [account] of value.matchAll(/(?<!\d)\d{12}(?!\d)/g)) {
    if (account !== ctx.env.accountId) {
      problems.push({
        path,
        found: value,
        allowed: `the guarded account ${show(ctx.env.accountId ?? "${var.account_id}")}, not ${account}`,
      });
    }
  }
  // An ARN is built from the partition and names the guarded account: a pasted ARN (another
  // partition, another account, or a bucket, which has no account field) is not this stack's.
  if (value.startsWith("arn:")) {
    const fields = value.split(":");
    const account = ctx.env.accountId ?? "${var.account_id}";
    if (
      !/^\$\{data\.aws_partition\.[\w-]+\.partition\}$/.test(fields[1]) ||
      fields[4] !== account
    ) {
      problems.push({
        path,
        found: value,
        allowed: `an ARN of the partition (\${data.aws_partition.<name>.partition}) in the guarded account ${account}, or a reference to a block of this stack`,
      });
    }
  }
  if (/(^|[^$])\$\{[^}]*$/.test(value) || value.includes("%{")) {
    problems.push({ path, found: value, allowed: "no template directives" });
  }
  return problems;
}
