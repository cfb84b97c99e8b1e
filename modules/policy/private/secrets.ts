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

/** What a value looks like if it is a secret (an AWS key, a PEM key, a token...), by its shape. */
export function secretValueKind(value: string): string | undefined {
  if (/\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/.test(value)) return "an AWS access key id";
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/.test(value)) return "a private key";
  if (/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value)) return "a URL with a password";
  if (
    /[?&;](token|secret|password|passwd|pwd|api[_-]?key|access[_-]?key|client[_-]?secret|sig|signature|auth)=[^&\s]+/i.test(
      value,
    )
  )
    return "a secret in a URL's query string";
  if (/\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/.test(value)) return "a JSON web token";
  if (/\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|glpat-[\w-]{20,})/.test(value))
    return "a source-hosting access token";
  if (/\bxox[abposr]-[\w-]{10,}/.test(value)) return "a Slack token";
  if (/\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/.test(value)) return "an API secret key";
  if (value.split(/[^A-Za-z0-9+/=_-]+/).some(isRandomToken)) return "a high-entropy token";
  return undefined;
}

/**
 * True for a string that looks randomly generated: at least 20 characters of a base64/base62
 * alphabet mixing upper case, lower case and digits, or 32 or more hex digits, with high
 * Shannon entropy. Words, names and paths (few classes, repeated letters) stay below it.
 */
export function isRandomToken(token: string): boolean {
  const mixed =
    token.length >= 20 && /[A-Z]/.test(token) && /[a-z]/.test(token) && /\d/.test(token);
  const hex = token.length >= 32 && /^[0-9a-fA-F]+$/.test(token);
  if (!mixed && !hex) return false;
  // CamelCase words (a policy's Sid such as DecryptTheFlagFilesThroughS3) are names, not tokens.
  if (/^(?:[A-Z][a-z]{2,}|[A-Z0-9]{1,5}|[-_])+$/.test(token)) return false;
  return entropyBitsPerCharacter(token) >= (hex ? 3.3 : 4.0);
}

/** Shannon entropy of a string, in bits per character. */
export function entropyBitsPerCharacter(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
