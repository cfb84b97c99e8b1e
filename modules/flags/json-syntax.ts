/** Where a text stops being JSON, and why. */
export interface JsonSyntaxError {
  /** UTF-16 offset of the offending character (the text's length at an unexpected end). */
  readonly offset: number;
  readonly message: string;
}

/**
 * Finds the first place where `text` is not one JSON value (RFC 8259), as Go's `encoding/json`
 * decoder, which Flipt uses for `.json` and extension-less flag files, would refuse it.
 * Returns undefined when the text is one JSON value, optionally surrounded by whitespace.
 * Unlike `JSON.parse`, it reports the offset on every Node version.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new JsonScanner(text).document();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxFailure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonSyntaxFailure extends Error {
  constructor(
    public readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

class JsonScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document() {
    this.whitespace();
    this.value();
    this.whitespace();
    if (this.i < this.text.length) {
      this.fail(
        `${this.found()} after the JSON document; the file must hold exactly one JSON value`,
      );
    }
  }

  private value() {
    const ch = this.text[this.i];
    if (ch === "{") this.object();
    else if (ch === "[") this.array();
    else if (ch === '"') this.string();
    else if (ch === "-" || isDigit(ch)) this.number();
    else if (ch === "t") this.literal("true");
    else if (ch === "f") this.literal("false");
    else if (ch === "n") this.literal("null");
    else this.fail(`${this.found()} where a value should start`);
  }

  private object() {
    this.i++;
    this.whitespace();
    if (this.text[this.i] === "}") {
      this.i++;
      return;
    }
    for (;;) {
      if (this.text[this.i] !== '"') {
        this.fail(`${this.found()} where a double-quoted key should start`);
      }
      this.string();
      this.whitespace();
      if (this.text[this.i] !== ":") this.fail(`${this.found()} where ':' should follow a key`);
      this.i++;
      this.whitespace();
      this.value();
      this.whitespace();
      const ch = this.text[this.i];
      this.i++;
      if (ch === "}") return;
      if (ch !== ",") this.fail(`${this.found(this.i - 1)} where ',' or '}' should follow`, -1);
      this.whitespace();
    }
  }

  private array() {
    this.i++;
    this.whitespace();
    if (this.text[this.i] === "]") {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.whitespace();
      const ch = this.text[this.i];
      this.i++;
      if (ch === "]") return;
      if (ch !== ",") this.fail(`${this.found(this.i - 1)} where ',' or ']' should follow`, -1);
      this.whitespace();
    }
  }

  private string() {
    this.i++;
    for (;;) {
      if (this.i >= this.text.length) this.fail("unexpected end of input inside a string");
      const ch = this.text[this.i];
      if (ch === '"') {
        this.i++;
        return;
      }
      if (ch < " ") {
        this.fail(`${this.found()} inside a string; write it as an escape such as \\n or \\t`);
      }
      if (ch === "\\") {
        const escape = this.text[this.i + 1];
        if (escape === "u") {
          const hex = this.text.slice(this.i + 2, this.i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail("\\u must be followed by 4 hex digits");
          this.i += 6;
        } else if (escape !== undefined && ESCAPES.has(escape)) {
          this.i += 2;
        } else {
          this.fail(`invalid escape ${escape === undefined ? "\\" : `\\${escape}`} in a string`);
        }
      } else {
        this.i++;
      }
    }
  }

  private number() {
    if (this.text[this.i] === "-") this.i++;
    if (this.text[this.i] === "0") this.i++;
    else this.digits("in a number");
    if (this.text[this.i] === ".") {
      this.i++;
      this.digits("after the decimal point");
    }
    if (this.text[this.i] === "e" || this.text[this.i] === "E") {
      this.i++;
      if (this.text[this.i] === "+" || this.text[this.i] === "-") this.i++;
      this.digits("in the exponent");
    }
  }

  private digits(where: string) {
    if (!isDigit(this.text[this.i])) this.fail(`${this.found()} where a digit should be ${where}`);
    while (isDigit(this.text[this.i])) this.i++;
  }

  private literal(word: string) {
    for (const expected of word) {
      if (this.text[this.i] !== expected) {
        this.fail(`${this.found()} in literal ${word} (expecting '${expected}')`);
      }
      this.i++;
    }
  }

  private whitespace() {
    while (/[ \t\n\r]/.test(this.text[this.i] ?? "")) this.i++;
  }

  /** Describes the character at `at`, or the end of the input. */
  private found(at = this.i): string {
    if (at >= this.text.length) return "unexpected end of input";
    const ch = this.text[at];
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || code === 0xfeff || (code >= 0x80 && code <= 0xa0)) {
      const name = code === 0xfeff ? " (a byte order mark)" : "";
      return `invalid character U+${code.toString(16).toUpperCase().padStart(4, "0")}${name}`;
    }
    return `invalid character '${ch}'`;
  }

  private fail(message: string, shift = 0): never {
    throw new JsonSyntaxFailure(this.i + shift, message);
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}
