/**
 * IAM action patterns as IAM evaluates them: `service:name`, where `*` matches any run of
 * characters and `?` any one character, both case-insensitively. `s3:Get*`, `*:*`, `iam:Pass*`
 * and `IAM:passrole` are all understood for what they grant, not for how they are spelt.
 */

/** True when an action pattern (`s3:Get*`, `*`) matches an action, as IAM compares them. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern, action);
}

/** Glob matching with IAM's `*` and `?`, case-insensitive. */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "is").test(value);
}

/** True when a glob part matches every non-empty name: only wildcards, at least one `*`. */
export function isAllWildcard(part: string): boolean {
  return /^[*?]*\*[*?]*$/.test(part);
}

/** What an action pattern covers. */
export type ActionScope =
  /** Every action of every service (`*`, `*:*`, `**`, `*?:*`). */
  | "every-action"
  /** Every action of one or more services (`s3:*`, `s3:**`, `s?:*`, `*:GetObject`). */
  | "service-wide"
  /** Some actions (`s3:GetObject`, `s3:Get*`). */
  | "narrow";

/**
 * How wide an action pattern is. A wildcard in the service part reaches several services at
 * once, so it is at least service-wide even when the action part is narrow.
 */
export function actionScope(pattern: string): ActionScope {
  const colon = pattern.indexOf(":");
  if (colon < 0) return isAllWildcard(pattern) ? "every-action" : "narrow";
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  const anyService = isAllWildcard(service);
  const anyName = isAllWildcard(name);
  if (anyService && anyName) return "every-action";
  if (anyName || /[*?]/.test(service)) return "service-wide";
  return "narrow";
}
