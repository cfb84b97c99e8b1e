/**
 * ARNs and ARN patterns, including templates with `${...}` parts (`arn:${partition}:kms:...`).
 * The question the checks ask is what a pattern reaches: every resource of a kind
 * (`arn:${partition}:kms:*:*:key/*`, `...:role/*`, `...:secret:*`, `arn:*`) is as wide as `*`,
 * and the account field says whose resources they are.
 */

/** The six fields of an ARN; `resource` keeps any further colons. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/**
 * Splits an ARN (or ARN template) into its fields; undefined when it does not start with
 * `arn:` or has fewer than six fields. Colons inside `${...}` do not split.
 */
export function parseArn(value: string): ArnParts | undefined {
  const fields = splitOutsideExpressions(value, ":", 6);
  if (fields.length < 6 || fields[0] !== "arn") return undefined;
  const [, partition, service, region, account, resource] = fields;
  return { partition, service, region, account, resource };
}

function splitOutsideExpressions(value: string, separator: string, limit: number): string[] {
  const fields: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    if (value.startsWith("${", i)) {
      depth += 1;
      i += 1;
    } else if (value[i] === "}" && depth > 0) depth -= 1;
    else if (value[i] === separator && depth === 0 && fields.length < limit - 1) {
      fields.push(value.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(value.slice(start));
  return fields;
}

const wildcardOnly = (text: string): boolean => /^[*?]*\*[*?]*$/.test(text);
const hasWildcard = (text: string): boolean => /[*?]/.test(text);

// Services whose resource field has no `<type>/` or `<type>:` prefix: the first segment is
// already the resource's own name (an S3 bucket).
const UNTYPED_RESOURCE_SERVICES = new Set(["s3"]);

/**
 * True when a Resource value reaches every resource of a kind, or more: `*` (or `**`), an ARN
 * that stops short with a wildcard (`arn:*`), a wildcard in the partition, service or account
 * field (resources of any account), or a resource field that is only wildcards after its type
 * (`key/*`, `role/*`, `secret:*`, `parameter/*`, or an S3 bucket field of only wildcards).
 */
export function isWildcardResource(value: string): boolean {
  if (wildcardOnly(value)) return true;
  const fields = splitOutsideExpressions(value, ":", 6);
  if (fields[0] !== "arn") return false;
  if (fields.length < 6) return fields.some(hasWildcard);
  const arn = parseArn(value);
  if (!arn) return false;
  if (hasWildcard(arn.partition) || hasWildcard(arn.service) || hasWildcard(arn.account)) {
    return true;
  }
  if (UNTYPED_RESOURCE_SERVICES.has(arn.service)) {
    const bucket = arn.resource.split("/")[0];
    return wildcardOnly(bucket) || bucket === "";
  }
  const typed = /^([A-Za-z][A-Za-z0-9-]*)[/:](.*)$/.exec(arn.resource);
  const name = typed ? typed[2] : arn.resource;
  return name === "" || wildcardOnly(name) || /^[*?/]*\*[*?/]*$/.test(name);
}

/**
 * The account an AWS principal names: a bare 12-digit id (which IAM reads as the account's root
 * user), or the account field of an IAM or STS ARN (`arn:...:iam::<account>:root`, `:role/x`,
 * `arn:...:sts::<account>:assumed-role/...`). Undefined when it names none (`*`, a service).
 */
export function principalAccount(id: string): string | undefined {
  const trimmed = id.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  const arn = parseArn(trimmed);
  if (arn && (arn.service === "iam" || arn.service === "sts")) return arn.account;
  return undefined;
}
