/**
 * What a YAML scalar means to Flipt v1.61.1, which reads every flag file twice: its CUE schema
 * check decodes the text with `gopkg.in/yaml.v3` (core/validation/validate.go re-encodes each
 * document with yaml.v3 before CUE's YAML decoder reads it), and the loader decodes it with
 * yaml.v3 again into Go structs (internal/storage/fs/snapshot.go). The `yaml` package this
 * project parses with follows the YAML 1.2 core schema, which disagrees with yaml.v3 on several
 * plain scalars (`1_000`, `0b101`, `-0x1F` are numbers to yaml.v3 and strings to the core
 * schema), so plain scalars are resolved here, by yaml.v3's rules, from their source text.
 */

/** The type a scalar has for Flipt's schema. */
export type ScalarKind =
  | "null"
  | "bool"
  | "int"
  | "float"
  | "string"
  /** A value CUE cannot represent (`.nan`, `.inf`) or that the decoders read differently. */
  | "refused";

/** A scalar as Flipt reads it. */
export interface GoScalar {
  readonly kind: ScalarKind;
  /** The value for null, bool, int (as a JS number), float and string; the text otherwise. */
  readonly value: null | boolean | number | string;
  /** Why a `refused` scalar is refused, to put in a problem. */
  readonly reason?: string;
}

/**
 * yaml.v3's `resolve` table (resolve.go): exact spellings it maps before trying numbers. Unlike
 * YAML 1.1, `yes`, `no`, `on`, `off`, `y` and `n` are strings.
 */
const EXACT: ReadonlyMap<string, GoScalar> = new Map<string, GoScalar>([
  ...["true", "True", "TRUE"].map((s): [string, GoScalar] => [s, { kind: "bool", value: true }]),
  ...["false", "False", "FALSE"].map((s): [string, GoScalar] => [
    s,
    { kind: "bool", value: false },
  ]),
  ...["", "~", "null", "Null", "NULL"].map((s): [string, GoScalar] => [
    s,
    { kind: "null", value: null },
  ]),
  ...[".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]
    .concat(["-.inf", "-.Inf", "-.INF"])
    .map((s): [string, GoScalar] => [
      s,
      {
        kind: "refused",
        value: s,
        reason: "CUE, which checks Flipt's schema, has no infinity or NaN",
      },
    ]),
]);

/** yaml.v3's `yamlStyleFloat`: the float spellings it accepts after ints fail. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * CUE's YAML decoder turns a float that looks like a YAML 1.1 octal (`08`, `019`) into a string,
 * but only in releases after its switch to yaml.v3; earlier ones reject it. Either way it is not
 * the number it looks like, so such a scalar is refused with advice to quote it.
 */
const OCTAL_LOOKING = /^[-+]?0[0-9_]+$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Resolves an untagged plain scalar from its source text, as yaml.v3 and then CUE do. */
export function resolvePlainScalar(text: string): GoScalar {
  const exact = EXACT.get(text);
  if (exact !== undefined) return exact;
  const first = text[0];
  if (first === ".") {
    // Go's ParseFloat on the text as written: Go float syntax, where an underscore may stand
    // between two digits.
    return /^\.\d+(_\d+)*([eE][-+]?\d+(_\d+)*)?$/.test(text)
      ? finiteFloat(text.replace(/_/g, ""))
      : str(text);
  }
  if (first !== "+" && first !== "-" && !(first >= "0" && first <= "9")) return str(text);
  // Digits or a sign: yaml.v3 drops every underscore, then tries Go's ParseInt with base 0
  // (0x, 0o, 0b and leading-zero octal prefixes, optional sign), ParseUint, then floats.
  // A date such as 2025-10-01 resolves to a timestamp, which CUE and Flipt read as a string;
  // it fails every number form below, so it ends as a string here too.
  const plain = text.replace(/_/g, "");
  const int = goParseInt(plain);
  if (int !== undefined) return { kind: "int", value: Number(int) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    if (OCTAL_LOOKING.test(text)) {
      return {
        kind: "refused",
        value: text,
        reason: "yaml.v3 reads it as a float and CUE as a string or an error",
      };
    }
    return finiteFloat(plain);
  }
  return str(text);
}

/** Go's `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)` as yaml.v3 does. */
function goParseInt(s: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!match) return undefined;
  const [, sign, body] = match;
  let magnitude: bigint;
  if (/^0[oO]/.test(body)) magnitude = BigInt(`0o${body.slice(2)}`);
  else if (/^0[xXbB]/.test(body)) magnitude = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith("0")) magnitude = BigInt(`0o${body.slice(1)}`);
  else magnitude = BigInt(body);
  const value = sign === "-" ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // ParseUint takes no sign.
  return sign === "" && value <= UINT64_MAX ? value : undefined;
}

/** Go's ParseFloat fails on out-of-range values, so yaml.v3 then keeps the text as a string. */
function finiteFloat(text: string): GoScalar {
  const value = Number(text);
  return Number.isFinite(value) ? { kind: "float", value } : str(text);
}

function str(text: string): GoScalar {
  return { kind: "string", value: text };
}
