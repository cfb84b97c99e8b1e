import { lineAndColumn } from "./flag-yaml";

/**
 * A flag file's bytes as Flipt v1.61.1 reads them. Every file, `.json` ones included, first goes
 * through gopkg.in/yaml.v3 (core/validation/validate.go), whose reader (readerc.go) refuses bytes
 * that are not UTF-8 and characters outside YAML's printable set, wherever they are, comments
 * included.
 */

/** The file's text, or where and why it is refused. */
export type FlagText =
  | { readonly text: string }
  | {
      readonly problem: string;
      /** 1-based line and column of the offending character, when the text could be read. */
      readonly line?: number;
      readonly column?: number;
    };

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes a flag file. A UTF-8 byte order mark is kept (yaml.v3 skips it, and the upload keeps
 * the file's bytes). UTF-16 is refused even though yaml.v3 detects its byte order mark: the stack
 * uploads the file as Terraform `content`, which is UTF-8 text, so the bucket could not hold the
 * file's bytes.
 */
export function flagText(bytes: Uint8Array): FlagText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      problem:
        "the file is UTF-16 (it starts with a UTF-16 byte order mark); the stack uploads flag files as UTF-8 text, so save it as UTF-8",
    };
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    const line = bytes.subarray(0, invalid).filter((b) => b === 0x0a).length + 1;
    const hex = bytes[invalid].toString(16).toUpperCase().padStart(2, "0");
    return {
      problem: `byte ${invalid} (0x${hex}, on line ${line}) is not valid UTF-8, so Flipt's YAML reader refuses the file; save it as UTF-8`,
    };
  }
  const text = STRICT_UTF8.decode(bytes);
  const at = firstControlCharacter(text);
  if (at !== undefined) {
    const code = text.codePointAt(at) as number;
    const name = code === 0 ? " (a NUL byte: is the file UTF-16 without a byte order mark?)" : "";
    return {
      problem: `character U+${code.toString(16).toUpperCase().padStart(4, "0")}${name} is a control character, which Flipt's YAML reader refuses anywhere in the file (it allows tab, line feed, carriage return and U+0085); remove it`,
      ...lineAndColumn(text, at),
    };
  }
  const lineBreak = /[\u0085\u2028\u2029]|\r(?!\n)/.exec(text);
  if (lineBreak !== null) {
    const code = lineBreak[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    const what = code === "000D" ? "a carriage return without a line feed" : `character U+${code}`;
    return {
      problem: `${what} is a line break to Flipt's YAML reader (yaml.v3) but not to the parser this checker uses, so the two would read the file differently; replace it with a line feed or remove it`,
      ...lineAndColumn(text, lineBreak.index),
    };
  }
  return { text };
}

/**
 * yaml.v3's printable set: tab, LF, CR, U+0020-U+007E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD
 * and U+10000-U+10FFFF. Valid UTF-8 has no surrogates, so the rest is what is refused.
 */
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

function firstControlCharacter(text: string): number | undefined {
  const match = NOT_PRINTABLE.exec(text);
  return match === null ? undefined : match.index;
}

/**
 * Offset of the first byte that starts an invalid UTF-8 sequence, as yaml.v3's reader judges
 * it: a bad leading or trailing byte, a sequence cut short, an overlong form, a surrogate or a
 * value above U+10FFFF. Undefined when every byte is valid.
 */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const width =
      lead < 0x80 ? 1 : lead >> 5 === 6 ? 2 : lead >> 4 === 14 ? 3 : lead >> 3 === 30 ? 4 : 0;
    if (width === 0 || i + width > bytes.length) return i;
    let value = width === 1 ? lead : lead & (0x7f >> width);
    for (let k = 1; k < width; k++) {
      if (bytes[i + k] >> 6 !== 2) return i;
      value = (value << 6) | (bytes[i + k] & 0x3f);
    }
    const minimum = [0, 0, 0x80, 0x800, 0x10000][width];
    if (value < minimum || (value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return i;
    i += width;
  }
  return undefined;
}
