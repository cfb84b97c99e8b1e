/*
 * Files Flipt v1.61.1 loads that the checker refuses on purpose. Each one is listed, with its
 * reason, in flags/README.md ("Where the checker is stricter than Flipt"). `rule` says why
 * Flipt loads the file (the same sources as cases.ts).
 */
import { type ConformanceCase, SEGMENT, doc, withAttachment } from "./cases";

const BOOLEAN_FLAG = `flags:
  - key: multi_move
    name: Multi move
    type: BOOLEAN_FLAG_TYPE
    enabled: true
`;

/** A variant flag whose single rule has the given distributions. */
function distributions(lines: string, version = "1.2"): string {
  return doc(
    `flags:
  - key: ppm
    name: PPM
    variants:
      - key: a
      - key: b
    rules:
      - segment: movers
        distributions:
${lines}
${SEGMENT}`,
    version,
  );
}

/** Flipt loads these; MilMove's checker refuses them, for the reason in each name. */
export const MILMOVE_STRICTER: readonly ConformanceCase[] = [
  {
    name: "no namespace (Flipt loads it into default, which the app never asks for)",
    rule: 'flipt.cue namespace?: #Namespace, default "default"',
    content: `version: "1.2"\n${BOOLEAN_FLAG}`,
    path: "namespace",
  },
  {
    name: "another environment's namespace",
    rule: "flipt.cue #Namespace: any key of Flipt's charset",
    content: doc(BOOLEAN_FLAG).replace("namespace: demo", "namespace: stg"),
    path: "namespace",
  },
  {
    name: "no version (Flipt assumes the newest format)",
    rule: 'flipt.cue version: ... | *"1.4"',
    content: `namespace: demo\n${BOOLEAN_FLAG}`,
    path: "version",
  },
  {
    name: "segment defined in an earlier file only (depends on load order)",
    rule: "snapshot.go addDoc resolves a rule's segments against everything loaded so far",
    content: doc(`${BOOLEAN_FLAG}    rollouts:\n      - segment: { key: movers }\n`),
    path: "flags[0].rollouts[0].segment.key",
  },
  {
    name: "flag key defined twice (Flipt keeps the last silently)",
    rule: "snapshot.go addDoc stores flags in a map by key",
    content: doc(`${BOOLEAN_FLAG}${BOOLEAN_FLAG.replace("flags:\n", "")}`),
    path: "flags[1].key",
  },
  {
    name: "boolean flag with variants and rules (ignored when it evaluates)",
    rule: "flipt.cue #Flag defines variants and rules for every flag type",
    content: doc(`${BOOLEAN_FLAG}    variants:\n      - key: a\n`),
    path: "flags[0].variants",
  },
  {
    name: "distributions adding up to more than 100",
    rule: "flipt.cue bounds each rollout, not their sum",
    content: distributions(
      "          - variant: a\n            rollout: 60\n          - variant: b\n            rollout: 60",
    ),
    path: "flags[0].rules[0].distributions",
  },
  {
    name: "threshold over 100 %",
    rule: "flipt.cue #Rollout threshold percentage: float | int, unbounded",
    content: doc(`${BOOLEAN_FLAG}    rollouts:\n      - threshold: { percentage: 150 }\n`),
    path: "flags[0].rollouts[0].threshold.percentage",
  },
  {
    name: "threshold of 100.00000000000000001 %",
    rule: "flipt.cue threshold percentage is unbounded; the checker's 0-100 compares the decimal as written, as CUE would",
    content: doc(
      `${BOOLEAN_FLAG}    rollouts:\n      - threshold: { percentage: 100.00000000000000001 }\n`,
    ),
    path: "flags[0].rollouts[0].threshold.percentage",
  },
  {
    name: "two default variants",
    rule: "flipt.cue #Variant default: bool, per variant",
    content: distributions("          - variant: a\n            rollout: 10", "1.3").replace(
      "      - key: a\n      - key: b\n",
      "      - key: a\n        default: true\n      - key: b\n        default: true\n",
    ),
    path: "flags[0].variants",
  },
  {
    name: "variant key used twice",
    rule: "flipt.cue #Variant keys are not checked for uniqueness",
    content: distributions("          - variant: a\n            rollout: 10").replace(
      "      - key: b\n",
      "      - key: a\n",
    ),
    path: "flags[0].variants[1].key",
  },
  {
    name: "rule segment object in a 1.1 file",
    rule: "flipt.cue #RuleSegment is not gated by version",
    content: distributions("          - variant: a\n            rollout: 10", "1.1").replace(
      "      - segment: movers\n",
      "      - segment: { keys: [movers] }\n",
    ),
    path: "flags[0].rules[0].segment",
  },
  {
    name: "rollout with neither segment nor threshold",
    rule: "flipt.cue #Rollout defaults to {}",
    content: doc(`${BOOLEAN_FLAG}    rollouts:\n      - description: nothing\n`),
    path: "flags[0].rollouts[0]",
  },
  {
    name: "rule segment without keys (a rule on no segment)",
    rule: "flipt.cue #RuleSegment keys: [...string] defaults to an empty list",
    content: distributions("          - variant: a\n            rollout: 10").replace(
      "      - segment: movers\n",
      "      - segment: { operator: AND_SEGMENT_OPERATOR }\n",
    ),
    path: "flags[0].rules[0].segment.keys",
  },
  {
    name: "rollout segment without key or keys",
    rule: "flipt.cue #RolloutSegment { keys: [...string] } matches an empty mapping",
    content: doc(`${BOOLEAN_FLAG}    rollouts:\n      - segment: { value: true }\n`),
    path: "flags[0].rollouts[0].segment",
  },
  {
    name: "metadata name that is a number",
    rule: "yaml.v3 decodes the key 1 into a Go map[string]any as the text 1",
    content: doc(`${BOOLEAN_FLAG}    metadata: { 1: first }\n`, "1.3"),
    path: "flags[0].metadata",
  },
  {
    name: "number constraint comparing against text (an error at every evaluation)",
    rule: "flipt.cue #Constraint value?: string; the evaluator parses numbers when it evaluates",
    content: SEGMENT.replace("STRING_COMPARISON_TYPE", "NUMBER_COMPARISON_TYPE")
      .replace("operator: eq", "operator: gte")
      .replace("value: mil", "value: heavy")
      .replace("segments:", doc("segments:")),
    path: "segments[0].constraints[0].value",
  },
  {
    name: "contains without a value (matches everything)",
    rule: "flipt.cue #Constraint value?: string is optional",
    content: SEGMENT.replace("operator: eq", "operator: contains")
      .replace("        value: mil\n", "")
      .replace("segments:", doc("segments:")),
    path: "segments[0].constraints[0].value",
  },
  {
    name: "isoneof value that is not a JSON array",
    rule: "flipt.cue #Constraint value?: string; the evaluator parses the list when it evaluates",
    content: SEGMENT.replace("operator: eq", "operator: isoneof")
      .replace("value: mil", "value: mil,office")
      .replace("segments:", doc("segments:")),
    path: "segments[0].constraints[0].value",
  },
  {
    name: "le operator (in the schema, never matches)",
    rule: "flipt.cue lists le for NUMBER; the evaluator implements lt and lte only",
    content: SEGMENT.replace("STRING_COMPARISON_TYPE", "NUMBER_COMPARISON_TYPE")
      .replace("operator: eq", "operator: le")
      .replace("value: mil", "value: '5'")
      .replace("segments:", doc("segments:")),
    path: "segments[0].constraints[0].operator",
  },
  {
    name: "empty document at the end of a stream",
    rule: "yaml.v3 decodes it as null into an empty document; CUE reads empty input as *null | _",
    content: `${doc(BOOLEAN_FLAG)}---\n`,
    path: "",
  },
  {
    name: "JSON key given twice with the same value (Go's JSON decoder keeps the last)",
    rule: "snapshot.go decodes .json with encoding/json, which accepts repeated keys",
    file: "features.json",
    content: '{"version": "1.2", "namespace": "demo", "namespace": "demo", "flags": []}',
    path: "",
  },
  {
    name: "file without a document",
    rule: "snapshot.go documentsFromFile returns no documents for an empty stream",
    content: "# flags to come\n",
    path: "",
  },
  {
    name: "key written before a merge key that also gives it (the decoders disagree on which wins)",
    rule: "yaml.v3 keeps the key written in the mapping; CUE's decoder (insertMap) overrides it with the merged value, which passes the schema here",
    content: doc("flags:\n  - key: a\n    name: A\n    <<: { name: B }\n"),
    path: "flags[0].name",
  },
  {
    name: "explicit !!bool tag (each decoder handles tags its own way)",
    rule: "yaml.v3 re-encodes tagged scalars before CUE reads them; the result depends on style",
    content: doc(BOOLEAN_FLAG.replace("enabled: true", "enabled: !!bool true")),
    path: "flags[0].enabled",
  },
  {
    name: "float that looks like a YAML 1.1 octal (08)",
    rule: "yaml.v3 reads 08 as a float; CUE reads it as a string or refuses it, by release",
    content: doc(BOOLEAN_FLAG.replace("name: Multi move", "name: 08")),
    path: "flags[0].name",
  },
  {
    name: "UTF-16 with a byte order mark (the upload is UTF-8 text)",
    rule: "yaml.v3 readerc.go yaml_parser_determine_encoding decodes UTF-16 after its byte order mark",
    content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc(BOOLEAN_FLAG), "utf16le")]),
    path: "",
  },
  {
    name: "line separator U+2028 in a quoted name (a line break to yaml.v3 only)",
    rule: "yaml.v3 is_break counts NEL, LS and PS as line breaks and folds them in a quoted scalar",
    content: doc(BOOLEAN_FLAG.replace("name: Multi move", 'name: "Multi\u2028move"')),
    path: "",
  },
  {
    name: "carriage return without a line feed (a line break to yaml.v3 only)",
    rule: "yaml.v3 is_break counts a lone CR as a line break",
    content: doc(BOOLEAN_FLAG).replace(/\n/g, "\r"),
    path: "",
  },
  {
    name: "attachment key given again through an alias, same value (yaml.v3 keeps the last)",
    rule: "yaml.v3 decode.go mapping compares kind and text, so *k and k differ; CUE unifies limit: 1 & 1",
    content: withAttachment("&k limit: 1\n*k : 1"),
    path: "flags[0].variants[0].attachment.limit",
  },
];
