/*
 * Conformance cases for the flag checker against Flipt v1.61.1, written for this project from
 * what Flipt's source says (facts, not copies: Flipt is GPL-licensed). Each case names the rule
 * it comes from. Sources in flipt-io/flipt:
 * - CUE schema every file is checked against: core/validation/flipt.cue (formats 1.0 to 1.4;
 *   #Flag, #FlagBoolean, #Variant, #Rule, #RuleSegment, #Distribution, #Rollout,
 *   #RolloutSegment, #Segment, #Constraint, #Namespace; every definition closed).
 * - How a file is read: core/validation/validate.go (each YAML document decoded with
 *   gopkg.in/yaml.v3, re-encoded with yaml.v3, then read by CUE's YAML decoder) and
 *   internal/storage/fs/snapshot.go (documentsFromFile: yaml.v3 for .yml/.yaml, encoding/json
 *   for .json or no extension; addDoc: unknown segments and variants are errors).
 * - What bytes are text: gopkg.in/yaml.v3 v3.0.1 readerc.go (UTF-8, or UTF-16 after a byte
 *   order mark; the printable set) and yamlprivateh.go is_break (NEL, LS, PS and a lone CR are
 *   line breaks). Keys: decode.go (mapping: a key of the same kind and text twice; mappingStruct:
 *   a field set twice; merge; isStringMap) and CUE v0.16's YAML decoder
 *   (internal/encoding/yaml/decode.go insertMap and merge), which reads each document again.
 * - What a scalar is: gopkg.in/yaml.v3 resolve.go (only true/True/TRUE/false/False/FALSE are
 *   booleans; underscores dropped, then Go's ParseInt with base 0; yamlStyleFloat; .nan/.inf).
 * - Go types the loader decodes into: internal/ext/common.go (Rule.Rank uint, Distribution
 *   Rollout float32, Constraint Value string).
 * - Operators the evaluator implements: rpc/flipt/operators.go and the string matcher in
 *   internal/server/evaluation (contains/notcontains, flipt-io/flipt#4018).
 */

/** One flag file and where its verdict comes from. */
export interface ConformanceCase {
  readonly name: string;
  /** The Flipt source file and rule the verdict follows from. */
  readonly rule: string;
  /** The file's text, or its bytes where the encoding is the point. */
  readonly content: string | Uint8Array;
  /** File name, for its extension (Flipt picks its decoder by extension). Default features.yml. */
  readonly file?: string;
  /** For refusals: a path the checker must report, so a case cannot pass for another reason. */
  readonly path?: string;
}

/** A file in MilMove's form (namespace demo) with the given format version. */
export function doc(body: string, version = "1.2"): string {
  return `version: "${version}"\nnamespace: demo\n${body}`;
}

/** A segment with one constraint, shared by the case files. */
export const SEGMENT = `segments:
  - key: movers
    name: Movers
    match_type: ALL_MATCH_TYPE
    constraints:
      - type: STRING_COMPARISON_TYPE
        property: applicationName
        operator: eq
        value: mil
`;

/** A segment with one constraint. */
function constraint(lines: string): string {
  return doc(`segments:
  - key: movers
    name: Movers
    match_type: ALL_MATCH_TYPE
    constraints:
      - ${lines.trim().split("\n").join("\n        ")}
`);
}

/** A boolean flag with the given extra lines (indented under the flag). */
function booleanFlag(extra = "", version = "1.2"): string {
  return doc(
    `flags:
  - key: multi_move
    name: Multi move
    type: BOOLEAN_FLAG_TYPE
    enabled: true
${extra}`,
    version,
  );
}

/** A variant flag with variants a and b and one rule on movers. */
function variantFlag(rule: string, extra = "", version = "1.2"): string {
  return doc(
    `flags:
  - key: ppm
    name: PPM
${extra}    variants:
      - key: a
      - key: b
    rules:
      - ${rule.trim().split("\n").join("\n        ")}
${SEGMENT}`,
    version,
  );
}

/** A variant flag whose variant a has the given attachment (YAML lines, as written). */
export function withAttachment(lines: string): string {
  return variantFlag("segment: movers\ndistributions:\n  - variant: a\n    rollout: 10").replace(
    "      - key: a\n",
    `      - key: a\n        attachment:\n          ${lines.split("\n").join("\n          ")}\n`,
  );
}

/** A constraint on the entity id with the given operator. */
function entityId(operator: string): string {
  return constraint(
    `type: ENTITY_ID_COMPARISON_TYPE\nproperty: entityId\noperator: ${operator}\nvalue: '00000000-'`,
  );
}

/** UTF-8 bytes of a text, with some bytes spliced in at a marker `@`. */
export function bytesOf(text: string, spliced: number[]): Uint8Array {
  const [before, after] = text.split("@");
  return Buffer.concat([Buffer.from(before), Buffer.from(spliced), Buffer.from(after)]);
}

/** Files Flipt v1.61.1 loads; the checker must accept every one. */
export const FLIPT_ACCEPTS: readonly ConformanceCase[] = [
  {
    name: "format 1.0 with a variant flag and a rule",
    rule: 'flipt.cue: version "1.0"; #Rule segment is a key string',
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 50\n  - variant: b\n    rollout: 50",
      "",
      "1.0",
    ),
  },
  {
    name: "boolean flag with a threshold and a segment rollout",
    rule: "flipt.cue #FlagBoolean rollouts: #Rollout is segment or threshold",
    content:
      booleanFlag(
        "    rollouts:\n      - threshold: { percentage: 25, value: true }\n      - segment: { key: movers, value: false }\n",
      ) + SEGMENT,
  },
  {
    name: "contains on a string constraint",
    rule: "flipt.cue #Constraint STRING_COMPARISON_TYPE operators include contains (flipt-io/flipt#4018)",
    content: constraint(
      "type: STRING_COMPARISON_TYPE\nproperty: email\noperator: contains\nvalue: '@example.mil'",
    ),
  },
  {
    name: "notcontains on a string constraint",
    rule: "flipt.cue #Constraint STRING_COMPARISON_TYPE operators include notcontains",
    content: constraint(
      "type: STRING_COMPARISON_TYPE\nproperty: email\noperator: notcontains\nvalue: test",
    ),
  },
  {
    name: "contains on an entity id constraint",
    rule: "flipt.cue #Constraint ENTITY_ID_COMPARISON_TYPE operators include contains; the evaluator matches entity ids as strings",
    content: constraint(
      "type: ENTITY_ID_COMPARISON_TYPE\nproperty: entityId\noperator: contains\nvalue: '-'",
    ),
  },
  {
    name: "prefix on an entity id constraint",
    rule: "flipt.cue #Constraint ENTITY_ID_COMPARISON_TYPE lists prefix; legacy_evaluator.go matchConstraints matches entity ids with matchesString, which implements it",
    content: entityId("prefix"),
  },
  {
    name: "suffix on an entity id constraint",
    rule: "flipt.cue #Constraint ENTITY_ID_COMPARISON_TYPE lists suffix; matchesString implements it",
    content: entityId("suffix"),
  },
  {
    name: "notempty on an entity id constraint",
    rule: "flipt.cue #Constraint ENTITY_ID_COMPARISON_TYPE lists notempty; matchesString implements it",
    content: entityId("notempty"),
  },
  {
    name: "merge key reusing an anchored constraint",
    rule: "yaml.v3 decode.go merge (<<) and CUE's YAML decoder merge tag: explicit keys win",
    content: doc(`segments:
  - key: movers
    name: Movers
    match_type: ANY_MATCH_TYPE
    constraints:
      - &mil
        type: STRING_COMPARISON_TYPE
        property: applicationName
        operator: eq
        value: mil
      - <<: *mil
        value: office
`),
  },
  {
    name: "merge key with a list of mappings",
    rule: "yaml.v3 decode.go merge: a sequence of mappings (or aliases of them)",
    content: doc(`segments:
  - key: admins
    name: Admins
    match_type: ALL_MATCH_TYPE
    constraints:
      - &first
        type: STRING_COMPARISON_TYPE
        property: applicationName
        operator: eq
        value: admin
  - key: office
    name: Office
    match_type: ALL_MATCH_TYPE
    constraints:
      - <<: [*first, { description: from two sources }]
        value: office
`),
  },
  {
    name: "merge of a mapping that itself merges",
    rule: "yaml.v3 decode.go merge applies merges inside the merged mapping too",
    content: doc(`segments:
  - key: movers
    name: Movers
    match_type: ANY_MATCH_TYPE
    constraints:
      - &base
        type: STRING_COMPARISON_TYPE
        property: applicationName
        operator: eq
        value: mil
      - &office
        <<: *base
        value: office
      - <<: *office
        property: app
`),
  },
  {
    name: "key merged from two mappings, the first winning",
    rule: "yaml.v3 decode.go merge keeps the first mapping's key; CUE's decoder steps backwards through the list, so the first wins there too",
    content: doc("flags:\n  - <<: [{ name: One }, { name: '' }]\n    key: c\n"),
  },
  {
    name: "%YAML 1.1 directive, values still read as yaml.v3 reads them",
    rule: "yaml.v3 parserc.go accepts %YAML 1.1; resolve.go does not change with it, so yes stays a string",
    content: `%YAML 1.1\n---\n${constraint("type: STRING_COMPARISON_TYPE\nproperty: optIn\noperator: eq\nvalue: no")}`,
  },
  {
    name: "booleans spelt True and FALSE",
    rule: "yaml.v3 resolve.go: true/True/TRUE and false/False/FALSE are booleans",
    content: booleanFlag(
      "    rollouts:\n      - threshold: { percentage: 5, value: FALSE }\n",
    ).replace("enabled: true", "enabled: True"),
  },
  {
    name: "rollouts written as hexadecimal and with an exponent",
    rule: "yaml.v3 resolve.go: ParseInt base 0 reads 0x32 as 50; yamlStyleFloat reads 5e1 as 50; flipt.cue #Distribution rollout >=0 & <=100",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 0x32\n  - variant: b\n    rollout: 5e1",
    ),
  },
  {
    name: "rollout of 100 written with twenty decimal zeros",
    rule: "CUE reads numbers as exact decimals: 100.00000000000000000000 is 100, within #Distribution rollout <=100",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 100.00000000000000000000",
    ),
  },
  {
    name: "UTF-8 byte order mark",
    rule: "yaml.v3 readerc.go yaml_parser_determine_encoding skips a UTF-8 byte order mark",
    content: bytesOf(`@${booleanFlag()}`, [0xef, 0xbb, 0xbf]),
  },
  {
    name: "CRLF line endings and a tab",
    rule: "yaml.v3 readerc.go allows tab, line feed and carriage return; CRLF is one line break",
    content: booleanFlag('    description: "a\ttab"\n').replace(/\n/g, "\r\n"),
  },
  {
    name: "attachment with quoted number, boolean and date keys, lists and a merge",
    rule: "yaml.v3 decode.go isStringMap: quoted keys are !!str, so encoding/json encodes the map[string]interface{} (snapshot.go addDoc)",
    content: withAttachment(
      "'1': one\n\"true\": yes\n'2025-10-01': date\nlimits: [1, 2.5, { max: 3 }]\n<<: { region: west }",
    ),
  },
  {
    name: "zero rollouts and a 0.0 % threshold",
    rule: "core/validation testdata: zero values are valid (rollout 0, percentage 0.0)",
    content: doc(`flags:
  - key: ppm
    name: PPM
    variants:
      - key: a
      - key: b
    rules:
      - segment: movers
        distributions:
          - variant: a
            rollout: 0
          - variant: b
            rollout: 100
  - key: boat
    name: Boat
    type: BOOLEAN_FLAG_TYPE
    rollouts:
      - threshold: { percentage: 0.0, value: true }
${SEGMENT}`),
  },
  {
    name: "unquoted date as a datetime value",
    rule: "yaml.v3 resolves 2025-10-01 as a timestamp, which CUE's decoder and the Go string field take as text",
    content: constraint(
      "type: DATETIME_COMPARISON_TYPE\nproperty: moveDate\noperator: gte\nvalue: 2025-10-01",
    ),
  },
  {
    name: "yes as a string value",
    rule: "yaml.v3 resolve.go: yes is not a boolean (YAML 1.2), so it is a string to #Constraint value",
    content: constraint("type: STRING_COMPARISON_TYPE\nproperty: optIn\noperator: eq\nvalue: yes"),
  },
  {
    name: "namespace written as a mapping",
    rule: "flipt.cue #Namespace: a key string or { key, name?, description? }",
    content: booleanFlag().replace(
      "namespace: demo",
      "namespace:\n  key: demo\n  name: Demo\n  description: MilMove demo",
    ),
  },
  {
    name: "stream of two documents",
    rule: "snapshot.go documentsFromFile loops over a YAML stream; validate.go checks each document",
    content: `${doc(SEGMENT)}---\n${booleanFlag("    rollouts:\n      - segment: { key: movers }\n")}`,
  },
  {
    name: "JSON file",
    rule: "snapshot.go documentsFromFile: .json is decoded with encoding/json after the schema check",
    file: "features.json",
    content: JSON.stringify({
      version: "1.2",
      namespace: "demo",
      flags: [{ key: "multi_move", name: "Multi move", type: "BOOLEAN_FLAG_TYPE", enabled: true }],
    }),
  },
  {
    name: "rule on two segments with AND",
    rule: "flipt.cue #RuleSegment { keys, operator } (format 1.2)",
    content: variantFlag(
      "segment:\n  keys: [movers]\n  operator: AND_SEGMENT_OPERATOR\ndistributions:\n  - variant: a\n    rollout: 100",
    ),
  },
  {
    name: "rollout segment with keys and a null operator",
    rule: "flipt.cue #RolloutSegment { keys }; operator defaults to null",
    content:
      booleanFlag(
        "    rollouts:\n      - segment: { keys: [movers], operator: ~, value: true }\n",
      ) + SEGMENT,
  },
  {
    name: "metadata of strings, numbers and booleans",
    rule: "flipt.cue #Flag (1.3+) metadata: [string]: (string | int | bool | float)",
    content: booleanFlag("    metadata: { team: moves, tier: 2, ratio: 0.5, beta: true }\n", "1.3"),
  },
  {
    name: "default variant with an attachment",
    rule: "flipt.cue #Variant (1.3+) default: bool; attachment: {...} | [...] | *null",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 10",
      "",
      "1.4",
    ).replace(
      "      - key: a\n",
      "      - key: a\n        default: true\n        attachment: { limit: 3 }\n",
    ),
  },
  {
    name: "explicit rank",
    rule: "flipt.cue #Rule rank?: int; ext.Rule.Rank is a uint",
    content: variantFlag(
      "segment: movers\nrank: 1\ndistributions:\n  - variant: a\n    rollout: 10",
    ),
  },
  {
    name: "key forced to a string with !!str",
    rule: "yaml.v3 keeps !!str and re-encodes the value quoted, so CUE sees a string",
    content: booleanFlag().replace("key: multi_move", "key: !!str 123"),
  },
  {
    name: "keys with a comma",
    rule: "flipt.cue keys match ^[-_,A-Za-z0-9]+$",
    content: booleanFlag().replace("key: multi_move", "key: moves,ppm"),
  },
  {
    name: "description as a block scalar",
    rule: "flipt.cue #Flag description?: string (any text, several lines included)",
    content: booleanFlag("    description: |\n      Two lines\n      of text\n"),
  },
];

/** Files Flipt v1.61.1 refuses to load (it refuses to start); the checker must refuse each. */
export const FLIPT_REFUSES: readonly ConformanceCase[] = [
  {
    name: "enabled: yes",
    rule: "yaml.v3 resolve.go: yes is a string; flipt.cue #Flag enabled: bool",
    content: booleanFlag().replace("enabled: true", "enabled: yes"),
    path: "flags[0].enabled",
  },
  {
    name: "enabled: on",
    rule: "yaml.v3 resolve.go: on is a string; flipt.cue #Flag enabled: bool",
    content: booleanFlag().replace("enabled: true", "enabled: on"),
    path: "flags[0].enabled",
  },
  {
    name: "threshold value: off",
    rule: "yaml.v3 resolve.go: off is a string; flipt.cue #Rollout threshold value?: bool",
    content: booleanFlag("    rollouts:\n      - threshold: { percentage: 5, value: off }\n"),
    path: "flags[0].rollouts[0].threshold.value",
  },
  {
    name: "name with digit separators",
    rule: "yaml.v3 resolve.go drops underscores: 1_000 is the int 1000; flipt.cue name: string",
    content: booleanFlag().replace("name: Multi move", "name: 1_000"),
    path: "flags[0].name",
  },
  {
    name: "constraint value in binary",
    rule: "yaml.v3 resolve.go: 0b101 is an int (Go ParseInt base 0); flipt.cue #Constraint value?: string",
    content: constraint("type: STRING_COMPARISON_TYPE\nproperty: code\noperator: eq\nvalue: 0b101"),
    path: "segments[0].constraints[0].value",
  },
  {
    name: "key written as negative hexadecimal",
    rule: "yaml.v3 resolve.go: -0x1F is an int; flipt.cue key: string",
    content: booleanFlag().replace("key: multi_move", "key: -0x1F"),
    path: "flags[0].key",
  },
  {
    name: "key written as a YAML 1.1 octal",
    rule: "yaml.v3 resolve.go: 0777 is still read as an octal int; flipt.cue key: string",
    content: booleanFlag().replace("key: multi_move", "key: 0777"),
    path: "flags[0].key",
  },
  {
    name: "rank 1.0",
    rule: "yaml.v3 resolves 1.0 as a float; flipt.cue #Rule rank?: int",
    content: variantFlag(
      "segment: movers\nrank: 1.0\ndistributions:\n  - variant: a\n    rollout: 10",
    ),
    path: "flags[0].rules[0].rank",
  },
  {
    name: "rank 1e3",
    rule: "yaml.v3 resolves 1e3 as a float; flipt.cue #Rule rank?: int",
    content: variantFlag(
      "segment: movers\nrank: 1e3\ndistributions:\n  - variant: a\n    rollout: 10",
    ),
    path: "flags[0].rules[0].rank",
  },
  {
    name: "negative rank",
    rule: "ext.Rule.Rank is a uint, so yaml.v3 cannot decode -1 into it",
    content: variantFlag(
      "segment: movers\nrank: -1\ndistributions:\n  - variant: a\n    rollout: 10",
    ),
    path: "flags[0].rules[0].rank",
  },
  {
    name: "rollout .nan",
    rule: "yaml.v3 resolves .nan as NaN, which CUE cannot represent",
    content: variantFlag("segment: movers\ndistributions:\n  - variant: a\n    rollout: .nan"),
    path: "flags[0].rules[0].distributions[0].rollout",
  },
  {
    name: "threshold percentage .inf",
    rule: "yaml.v3 resolves .inf as infinity, which CUE cannot represent",
    content: booleanFlag("    rollouts:\n      - threshold: { percentage: .inf }\n"),
    path: "flags[0].rollouts[0].threshold.percentage",
  },
  {
    name: "rollout over 100",
    rule: "flipt.cue #Distribution rollout: >=0 & <=100",
    content: variantFlag("segment: movers\ndistributions:\n  - variant: a\n    rollout: 100.5"),
    path: "flags[0].rules[0].distributions[0].rollout",
  },
  {
    name: "percentage as a string",
    rule: "flipt.cue #Rollout threshold percentage: float | int",
    content: booleanFlag("    rollouts:\n      - threshold: { percentage: '50' }\n"),
    path: "flags[0].rollouts[0].threshold.percentage",
  },
  {
    name: "unquoted version",
    rule: 'flipt.cue version: "1.0" | ... | "1.4" (strings); yaml.v3 reads 1.2 as a float',
    content: booleanFlag().replace('version: "1.2"', "version: 1.2"),
    path: "version",
  },
  {
    name: "version 1.5",
    rule: 'flipt.cue in v1.61.1 accepts versions "1.0" to "1.4" only',
    content: booleanFlag().replace('version: "1.2"', 'version: "1.5"'),
    path: "version",
  },
  {
    name: "unknown field in a constraint",
    rule: "flipt.cue #Constraint is closed",
    content: constraint(
      "type: STRING_COMPARISON_TYPE\nproperty: email\noperator: eq\nvalue: a\nnegate: true",
    ),
    path: "segments[0].constraints[0].negate",
  },
  {
    name: "type in a 1.0 file",
    rule: "flipt.cue #Flag defines type only for versions 1.1 and later",
    content: booleanFlag("", "1.0"),
    path: "flags[0].type",
  },
  {
    name: "default variant in a 1.2 file",
    rule: "flipt.cue #Variant defines default only for versions 1.3 and later",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 10",
    ).replace("      - key: a\n", "      - key: a\n        default: true\n"),
    path: "flags[0].variants[0].default",
  },
  {
    name: "metadata in a 1.2 file",
    rule: "flipt.cue #Flag defines metadata only for versions 1.3 and later",
    content: booleanFlag("    metadata: { team: moves }\n"),
    path: "flags[0].metadata",
  },
  {
    name: "metadata value that is a mapping",
    rule: "flipt.cue #Flag metadata: [string]: (string | int | bool | float)",
    content: booleanFlag("    metadata: { team: { name: moves } }\n", "1.3"),
    path: "flags[0].metadata.team",
  },
  {
    name: "lt operator",
    rule: "flipt.cue in v1.61.1 lists le, not lt, for NUMBER and DATETIME",
    content: constraint("type: NUMBER_COMPARISON_TYPE\nproperty: weight\noperator: lt\nvalue: '5'"),
    path: "segments[0].constraints[0].operator",
  },
  {
    name: "contains on a number constraint",
    rule: "flipt.cue #Constraint NUMBER_COMPARISON_TYPE operators have no contains",
    content: constraint(
      "type: NUMBER_COMPARISON_TYPE\nproperty: weight\noperator: contains\nvalue: '5'",
    ),
    path: "segments[0].constraints[0].operator",
  },
  {
    name: "segment without match_type",
    rule: "flipt.cue #Segment match_type is required (no default)",
    content: SEGMENT.replace("    match_type: ALL_MATCH_TYPE\n", "").replace(
      "segments:",
      doc("segments:"),
    ),
    path: "segments[0].match_type",
  },
  {
    name: "rule on an unknown segment",
    rule: "snapshot.go addDoc: a rule naming an unknown segment is an error",
    content: variantFlag("segment: nobody\ndistributions:\n  - variant: a\n    rollout: 10"),
    path: "flags[0].rules[0].segment",
  },
  {
    name: "distribution to an unknown variant",
    rule: "snapshot.go addDoc: a distribution naming an unknown variant is an error",
    content: variantFlag("segment: movers\ndistributions:\n  - variant: c\n    rollout: 10"),
    path: "flags[0].rules[0].distributions[0].variant",
  },
  {
    name: "rollouts on a variant flag",
    rule: "flipt.cue defines rollouts only in #FlagBoolean",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 10",
      "    rollouts:\n      - threshold: { percentage: 5 }\n",
    ),
    path: "flags[0].rollouts",
  },
  {
    name: "rollout segment with both key and keys",
    rule: "flipt.cue #RolloutSegment is { key } | { keys }, both closed",
    content:
      booleanFlag("    rollouts:\n      - segment: { key: movers, keys: [movers] }\n") + SEGMENT,
    path: "flags[0].rollouts[0].segment",
  },
  {
    name: "flags: with no value",
    rule: "flipt.cue flags: [...#Flag]; an empty value is null, not a list",
    content: doc("flags:\n"),
    path: "flags",
  },
  {
    name: "duplicate mapping key",
    rule: "yaml.v3 refuses a mapping key defined twice when decoding into ext.Document",
    content: booleanFlag().replace("enabled: true", "enabled: true\n    enabled: false"),
  },
  {
    name: "merge key on a scalar",
    rule: "yaml.v3 decode.go merge: the value of << must be a mapping or a list of mappings",
    content: doc("flags:\n  - key: a\n    name: &n Multi\n  - <<: *n\n    key: b\n    name: B\n"),
    path: "flags[1]",
  },
  {
    name: "%YAML 1.2 directive",
    rule: "yaml.v3 parserc.go accepts only %YAML 1.1 (found incompatible YAML document)",
    content: `%YAML 1.2\n---\n${booleanFlag()}`,
    path: "",
  },
  {
    name: "quoted << is an ordinary key, not a merge",
    rule: "yaml.v3 isMerge: only a plain, untagged << merges; flipt.cue #Flag is closed",
    content: doc(
      'flags:\n  - key: a\n    name: &n { name: A }\n  - "<<": *n\n    key: b\n    name: B\n',
    ),
    path: "flags[1].<<",
  },
  {
    name: "YAML in a .json file",
    rule: "snapshot.go documentsFromFile decodes .json with encoding/json",
    file: "features.json",
    content: booleanFlag(),
    path: "",
  },
  {
    name: "empty name",
    rule: 'flipt.cue name: string & =~"^.+$"',
    content: booleanFlag().replace("name: Multi move", 'name: ""'),
    path: "flags[0].name",
  },
  {
    name: "name on two lines",
    rule: 'flipt.cue name =~"^.+$": RE2 dot does not match a newline',
    content: booleanFlag().replace("name: Multi move", "name: |\n      Multi\n      move"),
    path: "flags[0].name",
  },
  {
    name: "key with a space",
    rule: 'flipt.cue key =~"^[-_,A-Za-z0-9]+$"',
    content: booleanFlag().replace("key: multi_move", "key: multi move"),
    path: "flags[0].key",
  },
  {
    name: "attachment that is a string",
    rule: "flipt.cue #Variant attachment: {...} | [...] | *null",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 10",
    ).replace("      - key: a\n", "      - key: a\n        attachment: '{\"limit\": 3}'\n"),
    path: "flags[0].variants[0].attachment",
  },
  {
    name: "null description",
    rule: "flipt.cue (1.0 to 1.4) description?: string; null descriptions came with format 1.5",
    content: booleanFlag("    description: ~\n"),
    path: "flags[0].description",
  },
  {
    name: "control character in a comment",
    rule: "yaml.v3 readerc.go refuses characters outside YAML's printable set anywhere (control characters are not allowed)",
    content: booleanFlag().replace("flags:", "# a bell \u0007\nflags:"),
    path: "",
  },
  {
    name: "DEL character in a value",
    rule: "yaml.v3 readerc.go: U+007F is outside the printable set",
    content: booleanFlag().replace("name: Multi move", "name: Multi\u007fmove"),
    path: "",
  },
  {
    name: "C1 control character in a description",
    rule: "yaml.v3 readerc.go: U+0080-U+009F other than U+0085 are outside the printable set",
    content: booleanFlag("    description: a\u0090b\n"),
    path: "",
  },
  {
    name: "Latin-1 byte that is not UTF-8",
    rule: "yaml.v3 readerc.go: invalid leading UTF-8 octet",
    content: bytesOf(booleanFlag("    description: caf@\n"), [0xe9]),
    path: "",
  },
  {
    name: "overlong UTF-8 sequence",
    rule: "yaml.v3 readerc.go: invalid length of a UTF-8 sequence",
    content: bytesOf(booleanFlag("    description: a@b\n"), [0xc0, 0xaf]),
    path: "",
  },
  {
    name: "UTF-16 without a byte order mark",
    rule: "yaml.v3 readerc.go reads it as UTF-8, so every other byte is a NUL, a control character",
    content: Buffer.from(booleanFlag(), "utf16le"),
    path: "",
  },
  {
    name: "field given again through an alias",
    rule: "yaml.v3 decode.go mappingStruct: field enabled already set in type ext.Flag",
    content: booleanFlag().replace("enabled: true", "&on enabled: true\n    *on : false"),
    path: "flags[0].enabled",
  },
  {
    name: "field given twice, once quoted",
    rule: "yaml.v3 decode.go mapping: two keys of the same kind and text are a duplicate (mapping key already defined)",
    content: booleanFlag().replace("enabled: true", 'enabled: true\n    "enabled": false'),
  },
  {
    name: "two merge keys in one mapping",
    rule: "yaml.v3 decode.go mapping: << given twice is a duplicate key; merge several mappings with a list",
    content: doc(
      "flags:\n  - key: a\n    name: &n { name: A }\n  - <<: { name: B }\n    <<: { enabled: true }\n    key: b\n",
    ),
  },
  {
    name: "rollout of 100.00000000000000001",
    rule: "CUE compares the decimal as written, so it is over #Distribution rollout <=100 although float64 rounds it to 100",
    content: variantFlag(
      "segment: movers\ndistributions:\n  - variant: a\n    rollout: 100.00000000000000001",
    ),
    path: "flags[0].rules[0].distributions[0].rollout",
  },
  {
    name: "attachment with a number key",
    rule: "yaml.v3 builds a map[interface{}]interface{}, which encoding/json cannot encode (snapshot.go addDoc json.Marshal)",
    content: withAttachment("1: one"),
    path: "flags[0].variants[0].attachment",
  },
  {
    name: "attachment with a plain date key",
    rule: "yaml.v3 resolve.go: a plain 2025-10-01 is a !!timestamp, so isStringMap fails and encoding/json cannot encode the map",
    content: withAttachment("2025-10-01: launch"),
    path: "flags[0].variants[0].attachment.2025-10-01",
  },
  {
    name: "attachment with a null key nested in a list",
    rule: "yaml.v3: ~ as a key is !!null; encoding/json cannot encode map[interface{}]interface{}",
    content: withAttachment("items:\n  - ~: nothing"),
    path: "flags[0].variants[0].attachment.items[0]",
  },
  {
    name: "attachment key given again through an alias, another value",
    rule: "CUE's YAML decoder (v0.16 internal/encoding/yaml insertMap) makes two fields limit: 1 and limit: 2, which conflict",
    content: withAttachment("&k limit: 1\n*k : 2"),
    path: "flags[0].variants[0].attachment.limit",
  },
  {
    name: "key written before a merge key whose value fails the schema",
    rule: "CUE's decoder (insertMap) lets the merged name: '' override name: A and refuses it (^.+$); yaml.v3 would keep A",
    content: doc("flags:\n  - key: a\n    name: A\n    <<: { name: '' }\n"),
    path: "flags[0].name",
  },
  {
    name: "attachment with infinity",
    rule: "encoding/json refuses +Inf (unsupported value) in snapshot.go addDoc, and CUE has no infinity",
    content: withAttachment("limit: .inf"),
    path: "flags[0].variants[0].attachment.limit",
  },
  {
    name: "enabled: 1",
    rule: "flipt.cue #Flag enabled: bool",
    content: booleanFlag().replace("enabled: true", "enabled: 1"),
    path: "flags[0].enabled",
  },
];
