import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { globToRegExp } from "../../modules/flags/flag-folder";
import {
  type FlagFileProblem,
  FlagFileValidationError,
  formatFlagFileProblem,
  formatFlagFileProblems,
  listFlagFolder,
  loadFlagFiles,
  validateFlagDirectory,
  validateFlagFile,
} from "../../modules/flags/flag-file-validation";

const FILE = "flags/demo/features.yml";

/** Problems for a file meant for demo, one formatted line each, so regexes see path and message. */
function check(content: string | Uint8Array): string[] {
  return validateFlagFile(content, { file: FILE, environment: "demo" }).map(formatFlagFileProblem);
}

/** A demo file in MilMove's format with the given body after version and namespace. */
function demoFile(body: string): string {
  return `version: "1.2"\nnamespace: demo\n${body}`;
}

const MIL_APP_SEGMENT = `segments:
  - key: mil-app
    name: Mil App
    match_type: ALL_MATCH_TYPE
    constraints:
      - type: STRING_COMPARISON_TYPE
        property: applicationName
        operator: eq
        value: mil
`;

/** A segment with one constraint, for the constraint cases. */
function segmentWith(constraint: string): string {
  return demoFile(`segments:
  - key: movers
    name: Movers
    match_type: ALL_MATCH_TYPE
    constraints:
      - ${constraint.trim().split("\n").join("\n        ")}
`);
}

const BOOLEAN_FLAG = `flags:
  - key: multi_move
    name: Multi move
    type: BOOLEAN_FLAG_TYPE
    enabled: true
`;

/** A variant flag with two variants and one rule on mil-app with the given distributions. */
function variantFlag(distributions: string): string {
  return demoFile(`flags:
  - key: weight_ticket_upload_flow
    name: Weight ticket upload flow
    enabled: true
    variants:
      - key: single_page
      - key: step_by_step
    rules:
      - segment: mil-app
        distributions:
${distributions}
${MIL_APP_SEGMENT}`);
}

describe("validateFlagFile rejects each bad file with a message naming the path", () => {
  const cases: readonly [string, string, RegExp][] = [
    [
      "YAML syntax error, with line and column",
      demoFile("flags:\n  - key: a\n   name: b\n"),
      /^flags\/demo\/features\.yml:5:\d+: invalid YAML: /,
    ],
    [
      "duplicate YAML key",
      demoFile("flags: []\nflags: []\n"),
      /features\.yml:4:1: a key is defined twice in one mapping; Flipt's YAML decoder refuses that/,
    ],
    [
      "missing version",
      `namespace: demo\nflags: []\n`,
      /:1:1 version: version is missing; write version: "1\.2"/,
    ],
    [
      "version written as a number",
      `version: 1.2\nnamespace: demo\n`,
      /:1:10 version: version 1\.2 \(a number\) is a number; .* quote it: version: "1\.2"/,
    ],
    [
      "unsupported version",
      `version: "2.0"\nnamespace: demo\n`,
      /version: version "2\.0" is not supported .*"1\.0", "1\.1", "1\.2", "1\.3", "1\.4"/,
    ],
    [
      "missing namespace (Flipt's default)",
      `version: "1.2"\nflags: []\n`,
      /namespace: namespace is missing, so Flipt would load these flags into "default".*write namespace: demo$/,
    ],
    [
      "namespace of another environment",
      `version: "1.2"\nnamespace: stg\n`,
      /:2:12 namespace: namespace "stg" is not this environment's: the MilMove app in demo asks Flipt for namespace "demo"/,
    ],
    [
      "duplicate flag key",
      demoFile(
        `${BOOLEAN_FLAG}  - key: multi_move\n    name: Again\n    type: BOOLEAN_FLAG_TYPE\n`,
      ),
      /flags\[1\]\.key: flag key "multi_move" is already defined at flags\/demo\/features\.yml:4 \(flags\[0\]\.key\)/,
    ],
    [
      "duplicate segment key",
      demoFile(
        `${MIL_APP_SEGMENT}  - key: mil-app\n    name: Again\n    match_type: ANY_MATCH_TYPE\n`,
      ),
      /segments\[1\]\.key: segment key "mil-app" is already defined at .*\(segments\[0\]\.key\)/,
    ],
    [
      "rule referring to an undefined segment",
      variantFlag("          - variant: single_page\n            rollout: 100").replace(
        "segment: mil-app",
        "segment: movers",
      ),
      /flags\[0\]\.rules\[0\]\.segment: segment "movers" is not defined in this file, .*\(segments defined here: "mil-app"\)/,
    ],
    [
      "rule segment group with an undefined key",
      variantFlag("          - variant: single_page\n            rollout: 100").replace(
        "segment: mil-app",
        "segment:\n          keys: [mil-app, office-app]\n          operator: AND_SEGMENT_OPERATOR",
      ),
      /flags\[0\]\.rules\[0\]\.segment\.keys\[1\]: segment "office-app" is not defined/,
    ],
    [
      "rollout referring to an undefined segment",
      demoFile(
        `${BOOLEAN_FLAG}    rollouts:\n      - segment:\n          key: office-app\n          value: true\n${MIL_APP_SEGMENT}`,
      ),
      /flags\[0\]\.rollouts\[0\]\.segment\.key: segment "office-app" is not defined/,
    ],
    [
      "distributions adding up to more than 100",
      variantFlag(
        "          - variant: single_page\n            rollout: 60\n          - variant: step_by_step\n            rollout: 50",
      ),
      /flags\[0\]\.rules\[0\]\.distributions: distributions add up to 110; they may add up to at most 100/,
    ],
    [
      "distribution to a variant the flag does not have",
      variantFlag("          - variant: blue\n            rollout: 100"),
      /distributions\[0\]\.variant: variant "blue" is not a variant of this flag .*"single_page", "step_by_step"/,
    ],
    [
      "unknown flag type",
      demoFile(BOOLEAN_FLAG.replace("BOOLEAN_FLAG_TYPE", "BOOL_FLAG_TYPE")),
      /flags\[0\]\.type: flag type "BOOL_FLAG_TYPE" is not known to Flipt; use one of VARIANT_FLAG_TYPE, BOOLEAN_FLAG_TYPE/,
    ],
    [
      "unknown match type",
      demoFile(MIL_APP_SEGMENT.replace("ALL_MATCH_TYPE", "ALL")),
      /segments\[0\]\.match_type: match_type "ALL" is not known to Flipt; use one of ALL_MATCH_TYPE, ANY_MATCH_TYPE/,
    ],
    [
      "missing match type (Flipt has no default)",
      demoFile(MIL_APP_SEGMENT.replace("    match_type: ALL_MATCH_TYPE\n", "")),
      /segments\[0\]\.match_type: match_type is missing; Flipt's schema requires one of/,
    ],
    [
      "unknown constraint type",
      segmentWith("type: TEXT_COMPARISON_TYPE\nproperty: email\noperator: eq\nvalue: a"),
      /constraints\[0\]\.type: constraint type "TEXT_COMPARISON_TYPE" is not known to Flipt; use one of STRING_COMPARISON_TYPE, /,
    ],
    [
      "operator not valid for its type",
      segmentWith("type: NUMBER_COMPARISON_TYPE\nproperty: weight\noperator: prefix\nvalue: '1'"),
      /constraints\[0\]\.operator: operator "prefix" is not valid for NUMBER_COMPARISON_TYPE; use one of eq, neq, lte, gt, gte, present, notpresent, isoneof, isnotoneof$/,
    ],
    [
      "lt, which Flipt v1.61.1's schema rejects",
      segmentWith(
        "type: DATETIME_COMPARISON_TYPE\nproperty: moveDate\noperator: lt\nvalue: '2025-10-01'",
      ),
      /constraints\[0\]\.operator: operator "lt" is not valid for DATETIME_COMPARISON_TYPE; .*schema rejects lt .*write lte/,
    ],
    [
      "boolean operator left unquoted",
      segmentWith("type: BOOLEAN_COMPARISON_TYPE\nproperty: isOfficeUser\noperator: true"),
      /constraints\[0\]\.operator: operator true \(a boolean\) is not a string; quote it: "true"/,
    ],
    [
      "constraint value written as a number",
      segmentWith("type: NUMBER_COMPARISON_TYPE\nproperty: weight\noperator: gte\nvalue: 5000"),
      /constraints\[0\]\.value: value 5000 \(a number\) is not a string; .*quote it: value: "5000"/,
    ],
    [
      "isoneof value that is not a JSON array",
      segmentWith("type: STRING_COMPARISON_TYPE\nproperty: email\noperator: isoneof\nvalue: a,b"),
      /constraints\[0\]\.value: value "a,b" is not a JSON array of strings; isoneof needs one/,
    ],
    [
      "datetime value that is not a date",
      segmentWith(
        "type: DATETIME_COMPARISON_TYPE\nproperty: moveDate\noperator: gte\nvalue: 10/01/2025",
      ),
      /constraints\[0\]\.value: value "10\/01\/2025" is not a date; .*RFC 3339/,
    ],
    [
      "boolean flag with variants",
      demoFile(`${BOOLEAN_FLAG}    variants:\n      - key: on\n`),
      /flags\[0\]\.variants: a BOOLEAN_FLAG_TYPE flag takes no variants/,
    ],
    [
      "variant flag (no type) with rollouts",
      demoFile(
        `flags:\n  - key: ppm\n    name: PPM\n    rollouts:\n      - threshold:\n          percentage: 10\n`,
      ),
      /flags\[0\]\.rollouts: rollouts are only for BOOLEAN_FLAG_TYPE flags; .*\(the default when type is absent\)/,
    ],
    [
      "rollout threshold over 100 %",
      demoFile(`${BOOLEAN_FLAG}    rollouts:\n      - threshold:\n          percentage: 150\n`),
      /flags\[0\]\.rollouts\[0\]\.threshold\.percentage: percentage 150 \(a number\) is not a percentage; use a number from 0 to 100/,
    ],
    [
      "rollout with both segment and threshold",
      demoFile(
        `${BOOLEAN_FLAG}    rollouts:\n      - segment: { key: mil-app }\n        threshold: { percentage: 5 }\n${MIL_APP_SEGMENT}`,
      ),
      /flags\[0\]\.rollouts\[0\]: a rollout has exactly one of segment or threshold; this one has both/,
    ],
    [
      "flag key outside Flipt's charset",
      demoFile(BOOLEAN_FLAG.replace("key: multi_move", "key: multi move")),
      /flags\[0\]\.key: flag key "multi move" is not allowed; Flipt keys are strings of letters, digits, -, _ and , only/,
    ],
    [
      "misspelt field",
      demoFile(BOOLEAN_FLAG.replace("enabled:", "enable:")),
      /flags\[0\]\.enable: unknown field "enable" in a flag; .*\(allowed: key, name, description, enabled, /,
    ],
    [
      "enabled that is not a boolean",
      demoFile(BOOLEAN_FLAG.replace("enabled: true", "enabled: yes")),
      /flags\[0\]\.enabled: enabled "yes" is not a boolean; write true or false/,
    ],
    [
      "flag without a name",
      demoFile(BOOLEAN_FLAG.replace("    name: Multi move\n", "")),
      /flags\[0\]\.name: name is missing; Flipt's schema requires it/,
    ],
    [
      "type in a version 1.0 file",
      BOOLEAN_FLAG.replace("flags:", 'version: "1.0"\nnamespace: demo\nflags:'),
      /flags\[0\]\.type: type needs version 1\.1 or later; this document declares 1\.0/,
    ],
    [
      "rule segment group in a version 1.1 file",
      variantFlag("          - variant: single_page\n            rollout: 100")
        .replace('"1.2"', '"1.1"')
        .replace("segment: mil-app", "segment:\n          keys: [mil-app]"),
      /flags\[0\]\.rules\[0\]\.segment: segment: \{ keys, operator \} needs version 1\.2 or later; this document declares 1\.1/,
    ],
    [
      "second document of a stream for another namespace",
      `${demoFile("flags: []\n")}---\nversion: "1.2"\nnamespace: default\n`,
      /features\.yml:6:12 \(document 2\) namespace: namespace "default" is not this environment's/,
    ],
    [
      "segment defined only in a later document",
      `${demoFile(`${BOOLEAN_FLAG}    rollouts:\n      - segment: { key: mil-app }\n`)}---\n${demoFile(MIL_APP_SEGMENT)}`,
      /\(document 1\) flags\[0\]\.rollouts\[0\]\.segment\.key: segment "mil-app" is not defined/,
    ],
    ["empty file", "# nothing yet\n", /features\.yml: the file holds no YAML document/],
  ];

  it.each(cases)("%s", (_name, content, expected) => {
    const problems = check(content);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("has at least 15 distinct bad files", () => {
    expect(new Set(cases.map(([, content]) => content)).size).toBeGreaterThanOrEqual(15);
  });

  it("reports every problem of a file, not just the first", () => {
    const content = `version: 1.2\nnamespace: prd\n${BOOLEAN_FLAG.replace("enabled: true", "enabled: 1")}`;
    expect(check(content)).toEqual([
      expect.stringMatching(/ version: /),
      expect.stringMatching(/ namespace: /),
      expect.stringMatching(/ flags\[0\]\.enabled: /),
    ]);
  });
});

describe("validateFlagFile reads bytes as Flipt's YAML reader (yaml.v3) does", () => {
  it("refuses UTF-16 in one line that shows none of the decoded text", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(demoFile(""), "utf16le")]);
    expect(check(utf16)).toEqual([
      `${FILE}: the file is UTF-16 (it starts with a UTF-16 byte order mark); the stack uploads flag files as UTF-8 text, so save it as UTF-8`,
    ]);
  });

  it("locates the first control character and reports no more", () => {
    expect(check(demoFile("# a\u0001b\u0002\n"))).toEqual([
      expect.stringMatching(
        /^flags\/demo\/features\.yml:3:4: character U\+0001 is a control character/,
      ),
    ]);
  });

  it("refuses a line break only yaml.v3 sees, with its position", () => {
    expect(check(demoFile("# a\u2028b\n"))).toEqual([
      expect.stringMatching(
        /^flags\/demo\/features\.yml:3:4: character U\+2028 is a line break to Flipt's YAML reader/,
      ),
    ]);
  });
});

describe("validateFlagFile accepts", () => {
  it("distributions that add up to 100 with decimals", () => {
    const rollouts = [33.33, 33.33, 33.34]
      .map(
        (r, i) =>
          `          - variant: ${i === 1 ? "step_by_step" : "single_page"}\n            rollout: ${r}`,
      )
      .join("\n");
    expect(check(variantFlag(rollouts))).toEqual([]);
  });

  it("a stream whose later document uses a segment from an earlier one", () => {
    const content = `${demoFile(MIL_APP_SEGMENT)}---\n${demoFile(
      `${BOOLEAN_FLAG}    rollouts:\n      - segment: { key: mil-app, value: true }\n`,
    )}`;
    expect(check(content)).toEqual([]);
  });

  it("the namespace written as an object (version 1.4)", () => {
    const content = `version: "1.4"\nnamespace:\n  key: demo\n  name: Demo\n${BOOLEAN_FLAG}`;
    expect(check(content)).toEqual([]);
  });

  it("every constraint type with operators that need no value", () => {
    const constraints = [
      ["STRING_COMPARISON_TYPE", "notempty"],
      ["NUMBER_COMPARISON_TYPE", "present"],
      ["BOOLEAN_COMPARISON_TYPE", '"false"'],
      ["DATETIME_COMPARISON_TYPE", "notpresent"],
    ]
      .map(([type, operator]) => `      - { type: ${type}, property: p, operator: ${operator} }`)
      .join("\n");
    const content = demoFile(
      `segments:\n  - key: s\n    name: S\n    match_type: ANY_MATCH_TYPE\n    constraints:\n${constraints}\n`,
    );
    expect(check(content)).toEqual([]);
  });

  it("list and datetime values in the formats Flipt parses", () => {
    const content = demoFile(`segments:
  - key: s
    name: S
    match_type: ANY_MATCH_TYPE
    constraints:
      - { type: ENTITY_ID_COMPARISON_TYPE, property: entityId, operator: isoneof, value: '["u1", "u2"]' }
      - { type: NUMBER_COMPARISON_TYPE, property: weight, operator: isnotoneof, value: "[1, 2.5]" }
      - { type: DATETIME_COMPARISON_TYPE, property: moveDate, operator: gte, value: "2025-10-01T00:00:00Z" }
`);
    expect(check(content)).toEqual([]);
  });
});

describe("validateFlagDirectory and loadFlagFiles", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "flags-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function write(files: Record<string, string | Uint8Array>) {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }

  const good = demoFile(BOOLEAN_FLAG);
  const other = demoFile(BOOLEAN_FLAG.replace("multi_move", "ppm"));

  it("checks only the files Flipt loads, in Flipt's walk order", () => {
    write({
      "features.yml": good,
      "team/b.features.yaml": other,
      "team-a/features.yml": demoFile(BOOLEAN_FLAG.replace("multi_move", "boat")),
      "notes.yml": "not: [valid",
      "README.md": "# flags",
    });
    expect(listFlagFolder(root).flagFiles).toEqual([
      "features.yml",
      "team/b.features.yaml",
      "team-a/features.yml",
    ]);
    // The other files are not read (notes.yml is not even YAML), only reported as not loaded.
    expect(validateFlagDirectory(root, "demo").map((p) => [p.file, p.message])).toEqual([
      [join(root, "README.md"), expect.stringMatching(/^Flipt never loads this file/)],
      [join(root, "notes.yml"), expect.stringMatching(/^Flipt never loads this file/)],
    ]);
  });

  it("reports a file Flipt's default names never load, naming the file and the names", () => {
    write({ "features.yml": good, "feature.yml": good });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      `${join(root, "feature.yml")}: Flipt never loads this file: it loads only files matching **features.yml, **features.yaml, **.features.yml, **.features.yaml (there is no .flipt.yml); rename it (features.yml, or <name>.features.yml) or move it out of the folder`,
    ]);
  });

  it("reports a file an index excludes or does not include, naming the pattern", () => {
    write({
      ".flipt.yml": 'include: ["**.flags.yml"]\nexclude: ["old/**"]\n',
      "main.flags.yml": good,
      "old/gone.flags.yml": good,
      "features.yml": good,
    });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(
        /features\.yml: Flipt never loads this file: it loads the include patterns of \.flipt\.yml: \*\*\.flags\.yml;/,
      ),
      expect.stringMatching(
        /gone\.flags\.yml: Flipt never loads this file: \.flipt\.yml excludes it with "old\/\*\*";/,
      ),
    ]);
  });

  it("reports a symbolic link, which is neither loaded nor uploaded as a file", () => {
    write({ "features.yml": good });
    symlinkSync(join(root, "features.yml"), join(root, "linked.features.yml"));
    expect(validateFlagDirectory(root, "demo").map((p) => [p.file, p.message])).toEqual([
      [join(root, "linked.features.yml"), expect.stringMatching(/^is not a regular file/)],
    ]);
  });

  it("reports an index whose include patterns match the index itself", () => {
    write({ ".flipt.yml": 'include: ["*.yml"]\n', "features.yml": good });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(
        /\.flipt\.yml: the include patterns of \.flipt\.yml match \.flipt\.yml itself, so Flipt loads it as a flag file/,
      ),
    ]);
  });

  it("reports an empty index, which Flipt fails to read", () => {
    write({ ".flipt.yml": "# nothing\n", "features.yml": good });
    expect(validateFlagDirectory(root, "demo")[0].message).toMatch(
      /Flipt fails to read it \("yaml: EOF"\)/,
    );
  });

  it("reads a file's bytes, not a decoded text that hides bad bytes", () => {
    write({ "features.yml": Buffer.concat([Buffer.from(good), Buffer.from([0xff])]) });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(/features\.yml: byte \d+ \(0xFF, on line 8\) is not valid UTF-8/),
    ]);
  });

  it("reports an index that is not UTF-8, which is uploaded too", () => {
    write({ ".flipt.yml": Buffer.from([0x69, 0xe9]), "features.yml": good });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(/\.flipt\.yml: byte 1 \(0xE9, on line 1\) is not valid UTF-8/),
      expect.anything(),
    ]);
  });

  it("rejects a flag key defined in two files, naming both", () => {
    write({ "a.features.yml": good, "b.features.yml": good });
    const problems = validateFlagDirectory(root, "demo").map(formatFlagFileProblem);
    expect(problems).toEqual([
      expect.stringMatching(
        /b\.features\.yml:4:\d+ flags\[0\]\.key: flag key "multi_move" is already defined at .*a\.features\.yml:4/,
      ),
    ]);
  });

  it("rejects a rule using a segment from another file", () => {
    write({
      "a.features.yml": demoFile(
        `${BOOLEAN_FLAG}    rollouts:\n      - segment: { key: mil-app }\n`,
      ),
      "segments.features.yml": demoFile(MIL_APP_SEGMENT),
    });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(
        /a\.features\.yml:\S+ flags\[0\]\.rollouts\[0\]\.segment\.key: segment "mil-app" is not defined in this file/,
      ),
    ]);
  });

  it("rejects a missing folder", () => {
    expect(validateFlagDirectory(join(root, "nope"), "demo")[0].message).toMatch(
      /flag folder .*nope does not exist/,
    );
  });

  it("rejects a folder without flag files", () => {
    mkdirSync(root, { recursive: true });
    expect(validateFlagDirectory(root, "demo").map((p) => p.message)).toEqual([
      expect.stringMatching(
        /no file in .* matches \*\*features\.yml, so Flipt would serve no flags/,
      ),
    ]);
  });

  it("follows a .flipt.yml index's include and exclude globs", () => {
    write({
      ".flipt.yml": 'version: "1.0"\ninclude: ["**/*.flags.yml"]\nexclude: ["old/**"]\n',
      "features.yml": "not: [valid",
      "app/main.flags.yml": good,
      "old/gone.flags.yml": "not: [valid",
    });
    expect(listFlagFolder(root)).toEqual({
      indexFile: ".flipt.yml",
      flagFiles: ["app/main.flags.yml"],
      problems: [
        { file: join(root, "features.yml"), path: "", message: expect.any(String) },
        { file: join(root, "old/gone.flags.yml"), path: "", message: expect.any(String) },
      ],
    });
    // Only the loaded file is read: the others are not even YAML, yet only reported as skipped.
    expect(validateFlagDirectory(root, "demo").map((p) => p.message)).toEqual([
      expect.stringMatching(/^Flipt never loads this file: it loads the include patterns/),
      expect.stringMatching(/^Flipt never loads this file: \.flipt\.yml excludes it/),
    ]);
  });

  it("checks .json and extension-less files an index includes as JSON", () => {
    write({
      ".flipt.yml": 'include: ["*.json", "flags", "*.features"]\n',
      "a.json": good,
      flags: JSON.stringify({ version: "1.2", namespace: "demo" }),
      "z.json": JSON.stringify({ version: "1.2", namespace: "demo" }),
    });
    expect(validateFlagDirectory(root, "demo").map(formatFlagFileProblem)).toEqual([
      expect.stringMatching(/a\.json:1:1: invalid JSON: invalid character 'v' where a value/),
    ]);
  });

  it("takes a file's extension as Go does, so a leading dot starts one", () => {
    write({ ".flipt.yml": 'include: ["*features*"]\n', "features.json": "{}", ".features": good });
    expect(listFlagFolder(root).problems).toEqual([
      {
        file: join(root, ".features"),
        path: "",
        message: expect.stringMatching(/^Flipt fails on a matched file with extension \.features;/),
      },
    ]);
  });

  it("treats an index without include as loading nothing, as Flipt does", () => {
    write({ ".flipt.yml": 'version: "1.0"\n', "features.yml": good });
    expect(validateFlagDirectory(root, "demo").map((p) => p.message)).toEqual([
      expect.stringMatching(/include patterns of \.flipt\.yml, so Flipt would serve no flags/),
      expect.stringMatching(
        /^Flipt never loads this file: it loads nothing: \.flipt\.yml has no include patterns;/,
      ),
    ]);
  });

  it("returns the index and flag files to upload when every file is good", () => {
    write({ ".flipt.yml": 'include: ["*features.yml"]\n', "features.yml": good });
    expect(loadFlagFiles(root, "demo")).toEqual([
      { relativePath: ".flipt.yml", absolutePath: join(root, ".flipt.yml") },
      { relativePath: "features.yml", absolutePath: join(root, "features.yml") },
    ]);
  });

  it("throws once, listing every problem of every file and naming the environment", () => {
    write({
      "a.features.yml": "version: 1.2\nnamespace: demo\n",
      "b.features.yml": "namespace: exp\n",
    });
    let error: unknown;
    try {
      loadFlagFiles(root, "demo");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlagFileValidationError);
    const { message, problems } = error as FlagFileValidationError;
    expect(problems).toHaveLength(3);
    expect(message).toMatch(/^demo: 3 problems in the flag files; nothing is synthesized/);
    expect(message).toMatch(/a\.features\.yml:1:10 version: /);
    expect(message).toMatch(/b\.features\.yml:1:1 version: version is missing/);
    expect(message).toMatch(/b\.features\.yml:1:12 namespace: namespace "exp"/);
  });
});

describe("JSON flag files, which Flipt decodes with Go's JSON decoder", () => {
  /** Problems for `content` checked as a demo file named `name`. */
  function checkAs(name: string, content: string): string[] {
    return validateFlagFile(content, { file: name, environment: "demo" }).map(
      formatFlagFileProblem,
    );
  }

  const goodJson = JSON.stringify(
    {
      version: "1.2",
      namespace: "demo",
      flags: [{ key: "multi_move", name: "Multi move", type: "BOOLEAN_FLAG_TYPE", enabled: true }],
    },
    null,
    2,
  );

  it.each(["flags/demo/features.json", "flags/demo/features"])(
    "rejects YAML syntax in %s, as Flipt refuses to start on it",
    (name) => {
      expect(checkAs(name, demoFile(BOOLEAN_FLAG))).toEqual([
        `${name}:1:1: invalid JSON: invalid character 'v' where a value should start; Flipt decodes .json and extension-less flag files as JSON and refuses to start, so write JSON or rename the file to .yml`,
      ]);
    },
  );

  it.each([
    [
      "a trailing comma",
      '{\n  "version": "1.2",\n  "namespace": "demo",\n}\n',
      "4:1",
      /'}' where a double-quoted key/,
    ],
    [
      "a comment",
      '{\n  "version": "1.2", # MilMove\n  "namespace": "demo"\n}',
      "2:21",
      /'#' where a double-quoted key/,
    ],
    [
      "an unquoted key",
      '{"version": "1.2", namespace: "demo"}',
      "1:20",
      /'n' where a double-quoted key/,
    ],
    ["a single-quoted string", "{\"version\": '1.2'}", "1:13", /''' where a value should start/],
    ["a second document", `${goodJson}\n---\n${goodJson}`, "13:1", /'-' after the JSON document/],
    [
      "a byte order mark",
      `\ufeff${goodJson}`,
      "1:1",
      /U\+FEFF \(a byte order mark\) where a value/,
    ],
    [
      "an unterminated object",
      '{"version": "1.2"',
      "1:18",
      /unexpected end of input where ',' or '}'/,
    ],
  ])("rejects %s with its line and column", (_, content, at, message) => {
    const problems = checkAs("flags/demo/features.json", content);
    expect(problems).toEqual([expect.stringContaining(`features.json:${at}: invalid JSON: `)]);
    expect(problems[0]).toMatch(message);
  });

  it("accepts a JSON file that satisfies the YAML file's rules", () => {
    expect(checkAs("flags/demo/features.json", goodJson)).toEqual([]);
    expect(checkAs("flags/demo/features", goodJson)).toEqual([]);
  });

  it("applies the same rules to valid JSON, located by line and column", () => {
    const content = '{\n  "version": 1.2,\n  "namespace": "demo",\n  "namespace": "exp"\n}\n';
    expect(checkAs("flags/demo/features.json", content)).toEqual([
      expect.stringMatching(
        /^flags\/demo\/features\.json:4:\d+: a key is defined twice in one mapping; Go's JSON decoder would keep only the last/,
      ),
    ]);
    expect(checkAs("flags/demo/features.json", '{"version": 1.2, "namespace": "demo"}')).toEqual([
      expect.stringMatching(/features\.json:1:13 version: version 1\.2 \(a number\) is a number/),
    ]);
  });

  it("rejects an empty JSON file, from which Flipt loads nothing", () => {
    expect(checkAs("flags/demo/features.json", " \n")).toEqual([
      expect.stringMatching(/features\.json: the file holds no JSON document/),
    ]);
  });

  it("keeps reading .yml and .yaml files as YAML", () => {
    expect(checkAs("flags/demo/features.yaml", demoFile(BOOLEAN_FLAG))).toEqual([]);
    expect(checkAs("flags/demo/features.yaml", '{"version": "1.2", namespace: demo,}')).toEqual([]);
  });
});

describe("formatFlagFileProblems", () => {
  it("renders one line per problem under a heading naming the environment", () => {
    const problems: FlagFileProblem[] = [
      { file: "f.yml", document: 2, path: "flags[0].key", line: 3, column: 9, message: "bad" },
      { file: "g.yml", path: "", message: "empty" },
    ];
    expect(formatFlagFileProblems("exp", problems)).toBe(
      [
        "exp: 2 problems in the flag files; nothing is synthesized until they are fixed:",
        "  - f.yml:3:9 (document 2) flags[0].key: bad",
        "  - g.yml: empty",
      ].join("\n"),
    );
  });
});

describe("globToRegExp, as Flipt compiles index globs", () => {
  it.each([
    ["**features.yml", "a/b/features.yml", true],
    ["**features.yml", "myfeatures.yml", true],
    ["**.features.yml", "features.yml", false],
    ["*.{yml,yaml}", "dir/x.yaml", true],
    ["[!a]*.yml", "a.yml", false],
    ["flags?.yml", "flags1.yml", true],
  ])("%s on %s is %s", (glob, path, expected) => {
    expect(globToRegExp(glob)?.test(path)).toBe(expected);
  });

  it("refuses a glob gobwas cannot compile", () => {
    expect(globToRegExp("[abc")).toBeUndefined();
    expect(globToRegExp("{a,b")).toBeUndefined();
  });
});
