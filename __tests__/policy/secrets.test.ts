/** SEC-01: no value anywhere in a stack looks like a secret; hashes and references are not. */
import { sec01NoSecretsInValues } from "../../modules/policy/rules/sec/sec-01-no-secrets-in-values";
import { resolveSettings } from "../../modules/policy/options";
import { StackIndex } from "../../modules/policy/private/stack-index";
import type { JsonObject } from "../../modules/policy/private/json";
import type { RuleContext } from "../../modules/policy/types";
import { createHash } from "crypto";
import { Testing } from "cdktf";
import { FLIPT_DEFAULTS } from "../../environments/milmove";
import { REPOSITORY_ROOT } from "../../modules/configuration";
import { FliptStack } from "../../modules/flipt-stack";
import { conventional } from "../helpers";

const context = (json: JsonObject): RuleContext => ({
  stackName: "t",
  settings: resolveSettings({ environment: conventional("demo") }),
  stack: new StackIndex(json),
});
const findings = (config: JsonObject) => {
  const result = sec01NoSecretsInValues(
    { address: "stack", kind: "stack", type: "stack", config },
    context(config),
  );
  return result.outcome === "non-compliant" ? result.findings.map((f) => f.message) : [];
};
const env = (name: string, value: string) => ({
  resource: {
    aws_ecs_task_definition: {
      td: { container_definitions: JSON.stringify([{ environment: [{ name, value }] }]) },
    },
  },
});

test.each([
  [
    "an AWS access key id",
    { output: { o: { value: "AKIAIOSFODNN7EXAMPLE" } } },
    /an AWS access key id/,
  ],
  [
    "a password in a URL",
    { output: { o: { value: "postgres://flipt:hunter2@db:5432/flipt" } } },
    /a URL with a password/,
  ],
  [
    "a token in a URL's query string",
    { output: { o: { value: "https://x.example/?token=abc123" } } },
    /a secret in a URL's query string/,
  ],
  [
    "a client secret by its name, inside container JSON",
    env("OIDC_CLIENT_SECRET", "plainwords"),
    /OIDC_CLIENT_SECRET\) holds what looks like a secret, by its name/,
  ],
])("refuses %s", (_label, json, message) => {
  expect(findings(json).join("\n")).toMatch(message);
});

test.each([
  ["references", { output: { o: { value: "${aws_kms_key.key_F64E54E4Ab12Cd34Ef56.arn}" } } }],
  [
    "content hashes and digests",
    { r: { source_hash: "a".repeat(63) + "b", image: `sha256:${"0123456789abcdef".repeat(4)}` } },
  ],
  [
    "policy Sids and TLS policy names",
    { r: { Sid: "DecryptTheFlagFilesThroughS3", p: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04" } },
  ],
  [
    "a local state path in a random temp folder (CDK Terrain's test apps)",
    { terraform: { backend: { local: { path: "/tmp/cdktn.outQ7fK2pLm9Xc4Rt8Vb1Nz/t.tfstate" } } } },
  ],
  [
    "a secret-named flag with a harmless value",
    env("FLIPT_AUTHENTICATION_REQUIRED_TOKEN", "false"),
  ],
])("passes %s", (_label, json) => {
  expect(findings(json)).toEqual([]);
});

test("passes a stack pinned to a real image digest (high entropy, but a content address)", () => {
  // sha256 of the bytes "flipt": what `docker inspect` prints looks like this, not like "abab...".
  const digest = `sha256:${createHash("sha256").update("flipt").digest("hex")}`;
  const environment = {
    ...conventional("stg"),
    flipt: { ...FLIPT_DEFAULTS, image: { ...FLIPT_DEFAULTS.image, digest } },
  };
  const stack = new FliptStack(Testing.app(), "stg", {
    environment,
    repositoryRoot: REPOSITORY_ROOT,
  });
  expect(() => Testing.fullSynth(stack)).not.toThrow();
  expect(Testing.synth(stack)).toContain(`@${digest}`);
});
