/** Heuristics for values that are secrets and belong in a secret store, not in plain text. */

// Whole words of an upper-snake or kebab name. Matching words, not substrings, keeps names such
// as FLIPT_AUTHENTICATION_REQUIRED or TOKEN_ENABLED flags from being taken for secrets by accident
// (their values are then checked as well, below).
const SECRET_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "SECRET",
  "SECRETS",
  "TOKEN",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "PRIVATEKEY",
  "DSN",
]);
const SECRET_PAIRS = [
  ["API", "KEY"],
  ["ACCESS", "KEY"],
  ["PRIVATE", "KEY"],
  ["SECRET", "KEY"],
  ["CLIENT", "SECRET"],
];

/** True when a variable or parameter name says it holds a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

/** True for values that cannot be a secret: flags, numbers, durations, empty. */
export function isHarmlessValue(value: string): boolean {
  return /^(true|false|yes|no|on|off|enabled|disabled|none|null|\d+(\.\d+)?[a-z]{0,2}|)$/i.test(
    value.trim(),
  );
}

/** What a value looks like if it is a secret (an AWS key, a PEM key, a URL with a password). */
export function secretValueKind(value: string): string | undefined {
  if (/\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(value)) return "an AWS access key id";
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return "a private key";
  if (/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value)) return "a URL with a password";
  return undefined;
}
