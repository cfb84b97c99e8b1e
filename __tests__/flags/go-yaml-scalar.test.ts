import { resolvePlainScalar } from "../../modules/flags/go-yaml-scalar";

/*
 * Plain scalars as Flipt v1.61.1 reads them: gopkg.in/yaml.v3's resolve (resolve.go) and then
 * CUE's YAML decoder. Where yaml.v3 and the YAML 1.2 core schema disagree, the case says so.
 */
const cases: [string, string, unknown][] = [
  // resolve.go's table: only these spellings are booleans and nulls.
  ["true", "bool", true],
  ["True", "bool", true],
  ["FALSE", "bool", false],
  ["yes", "string", "yes"], // YAML 1.1 boolean, a string to yaml.v3
  ["on", "string", "on"],
  ["n", "string", "n"],
  ["~", "null", null],
  ["Null", "null", null],
  ["", "null", null],
  // Infinity and NaN: yaml.v3 floats that CUE cannot represent.
  [".nan", "refused", ".nan"],
  ["-.Inf", "refused", "-.Inf"],
  // Underscores are dropped, then Go's ParseInt with base 0.
  ["1_000", "int", 1000], // a string to the YAML 1.2 core schema
  ["0x1F", "int", 31],
  ["0X1f", "int", 31], // a string to the core schema (lower-case x only)
  ["-0x1F", "int", -31], // a string to the core schema (no sign on hex)
  ["0o17", "int", 15],
  ["0b101", "int", 5], // not in the core schema
  ["+0b1", "int", 1],
  ["0777", "int", 511], // YAML 1.1 octal, still read by yaml.v3; 777 to the core schema
  ["+12", "int", 12],
  ["0", "int", 0],
  ["9223372036854775807", "int", Number(2n ** 63n - 1n)],
  ["18446744073709551615", "int", Number(2n ** 64n - 1n)], // ParseUint after ParseInt fails
  ["18446744073709551616", "float", 2 ** 64], // past uint64: yamlStyleFloat
  ["-9223372036854775809", "float", -(2 ** 63)],
  // Floats.
  ["0.5", "float", 0.5],
  [".5", "float", 0.5],
  ["1.", "float", 1],
  ["1e3", "float", 1000],
  ["-1.5E+2", "float", -150],
  ["1e400", "string", "1e400"], // ParseFloat fails out of range, so yaml.v3 keeps the text
  // A float that looks like a YAML 1.1 octal: CUE turns it into a string, or refuses it.
  ["08", "refused", "08"],
  ["019", "refused", "019"],
  // Timestamps are strings to CUE and to Go string fields; other text stays text.
  ["2025-10-01", "string", "2025-10-01"],
  ["1:30", "string", "1:30"],
  ["0x", "string", "0x"],
  ["+", "string", "+"],
  ["1_", "int", 1],
  ["abc", "string", "abc"],
  [".x", "string", ".x"],
  [".5_0", "float", 0.5], // Go's ParseFloat takes an underscore between digits
  ["._5", "string", "._5"],
];

describe("resolvePlainScalar", () => {
  it.each(cases)("reads %j as %s", (text, kind, value) => {
    expect(resolvePlainScalar(text)).toMatchObject({ kind, value });
  });
});
