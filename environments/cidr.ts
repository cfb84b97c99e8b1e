/**
 * CIDR ranges in both families, parsed once and shared by environment validation and the policy
 * pack, so both agree on what a range is and on what "anywhere" means. Addresses are checked with
 * `node:net`'s `isIP` and compared as numbers: `::/0`, `::0/0` and `0:0::/0` are one range, and a
 * list of ranges that together cover a family (`0.0.0.0/1` + `128.0.0.0/1`) is "anywhere" too.
 */
import { isIP } from "node:net";

/** A parsed CIDR range. */
export interface CidrRange {
  readonly family: 4 | 6;
  /** Prefix length. */
  readonly prefix: number;
  /** First address of the range (host bits cleared). */
  readonly first: bigint;
  /** Last address of the range. */
  readonly last: bigint;
  /** True when the address had host bits set (`10.0.0.1/8`): AWS wants the network address. */
  readonly hostBitsSet: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Parses `address/prefix`. Refused: a missing or non-decimal prefix, a prefix with a leading
 * zero (`/08`), one past the family's width, IPv4 octets with leading zeros (`010.0.0.0`, which
 * some parsers read as octal), zone ids (`fe80::1%eth0`) and anything `isIP` refuses.
 */
export function parseCidr(text: unknown): CidrRange | undefined {
  if (typeof text !== "string") return undefined;
  const match = /^([^/\s]+)\/(0|[1-9]\d{0,2})$/.exec(text);
  if (!match) return undefined;
  const [, address, prefixText] = match;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  if (address.includes("%")) return undefined;
  const prefix = Number(prefixText);
  const width = BITS[family];
  if (prefix > width) return undefined;
  const value = family === 4 ? ipv4Value(address) : ipv6Value(address);
  if (value === undefined) return undefined;
  const hostBits = BigInt(width - prefix);
  const first = (value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { family, prefix, first, last, hostBitsSet: first !== value };
}

function ipv4Value(address: string): bigint | undefined {
  const octets = address.split(".");
  if (octets.length !== 4 || octets.some((o) => !/^(0|[1-9]\d{0,2})$/.test(o))) return undefined;
  return octets.reduce((acc, o) => acc * 256n + BigInt(Number(o)), 0n);
}

function ipv6Value(address: string): bigint | undefined {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) is two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4Value(tail[1]);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const rest = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** True for a syntactically valid CIDR of either family. */
export function isCidr(text: unknown): boolean {
  return parseCidr(text) !== undefined;
}

/** True when `inner` lies entirely within `outer` (same family). */
export function cidrWithin(inner: unknown, outer: unknown): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return !!a && !!b && a.family === b.family && a.first >= b.first && a.last <= b.last;
}

/**
 * The families whose whole address space the ranges cover together: `[4]` for `0.0.0.0/0`,
 * and for `0.0.0.0/1` with `128.0.0.0/1`. Ranges that cannot be parsed are ignored here (callers
 * report them as malformed).
 */
export function familiesCovered(cidrs: readonly unknown[]): (4 | 6)[] {
  const covered: (4 | 6)[] = [];
  for (const family of [4, 6] as const) {
    const ranges = cidrs
      .map(parseCidr)
      .filter((r): r is CidrRange => r !== undefined && r.family === family)
      .sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
    let next = 0n;
    for (const range of ranges) {
      if (range.first > next) break;
      if (range.last + 1n > next) next = range.last + 1n;
    }
    if (next === 1n << BigInt(BITS[family])) covered.push(family);
  }
  return covered;
}

/** True when the ranges together cover every address of either family ("anywhere"). */
export function coversAnywhere(cidrs: readonly unknown[]): boolean {
  return familiesCovered(cidrs).length > 0;
}

/** True when two ranges share at least one address. */
export function cidrsOverlap(a: unknown, b: unknown): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && x.family === y.family && x.first <= y.last && y.first <= x.last;
}
