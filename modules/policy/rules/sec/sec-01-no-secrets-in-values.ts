import { NOT_APPLICABLE, verdict } from "../../private/findings";
import { isObject } from "../../private/json";
import { isHarmlessValue, isSecretName, secretValueKind } from "../../private/secrets";
import type { Finding, Rule } from "../../types";

/**
 * SEC-01: no value anywhere in the stack (JSON documents inside strings included) looks like a
 * secret: an access key, a private key, a token, a password in a URL or its query string. The
 * stack JSON is written to disk and into Terraform state; secrets belong in a secret store.
 * Content hashes (`source_hash`, image digests) are hashes, not secrets, and are skipped.
 */
export const sec01NoSecretsInValues: Rule = (subject) => {
  if (subject.kind !== "stack") return NOT_APPLICABLE;
  const findings: Finding[] = [];
  for (const [path, value] of strings(subject.config, "")) {
    const kind = path.endsWith(")") ? "a secret, by its name" : secretValueKind(value);
    if (kind) {
      findings.push({
        id: `Secret::${path}`,
        message: `${path} holds what looks like ${kind}`,
        fix: "remove the secret from the configuration and rotate it; give secrets to the task from a secret store",
        unsuppressible: true,
      });
    }
  }
  return verdict(findings);
};

/** Keys whose values are block addresses or cdktf metadata, not values. */
const ADDRESSES = new Set(["//", "depends_on", "replace_triggered_by", "to"]);
const HASH = /^(sha256:)?[0-9a-f]{64}$/;
const DIGEST = /\bsha256:[0-9a-f]{64}\b/g;

/**
 * A local state file's path: a place on the machine running Terraform (CDK Terrain's test apps
 * put a random temp folder in it), never sent anywhere; the contract judges the backend.
 */
const LOCAL_STATE_PATH = "terraform.backend.local.path";

function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") {
    if (HASH.test(value) || path === LOCAL_STATE_PATH) return [];
    const trimmed = value.trim();
    if (/^[[{]/.test(trimmed)) {
      try {
        return strings(JSON.parse(trimmed), path);
      } catch {
        // not JSON: scanned as text below
      }
    }
    // References (`${aws_kms_key.k.arn}`) name blocks; their unique ids are not secrets. Nor is
    // an image digest inside a value (`<repository>@sha256:<hex>`, a postcondition's message).
    return [[path, value.replace(/\$\{[^}]*\}/g, " ").replace(DIGEST, " ")]];
  }
  if (Array.isArray(value)) return value.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (isObject(value)) {
    // A `{ name, value }` pair (a container's environment) whose name says it holds a secret.
    if (typeof value.name === "string" && typeof value.value === "string") {
      if (isSecretName(value.name) && !isHarmlessValue(value.value)) {
        return [[`${path} (${value.name})`, `${value.name}=${value.value}`]];
      }
    }
    return Object.entries(value).flatMap(([k, x]) =>
      ADDRESSES.has(k) ? [] : strings(x, path ? `${path}.${k}` : k),
    );
  }
  return [];
}
