import {
  ABSENT,
  ACCEPTED,
  compareOutputs,
  describeDifference,
  providerAddress,
  rewriteCommand,
  rewritePackageJson,
  rewriteSpecifiers,
  TARGET_VERSIONS,
} from "../scripts/migrate-cdktn";

// The pure parts of `npm run migrate:cdktn`: what it rewrites, and which synthesized differences it
// accepts. The whole command runs in CI on a scratch copy (.ci/migration-check).

const NEW_PROVIDER = "6.66.0";

/** A stack as cdktf writes it, with the given AWS provider declaration and one resource. */
function stack(aws: { source: string; version: string }, extra: Record<string, unknown> = {}) {
  return {
    "//": { metadata: { version: "0.21.0", stackName: "stg" } },
    terraform: { required_providers: { aws }, required_version: ">= 1.10.0" },
    resource: {
      aws_cloudwatch_metric_alarm: {
        down: {
          "//": { metadata: { path: "stg/down", uniqueId: "down" } },
          alarm_actions: [],
          threshold: 1,
          ...extra,
        },
      },
    },
  };
}

const FILE = "app/stacks/stg/cdk.tf.json";
const one = (file: string, content: unknown) =>
  new Map([[file, typeof content === "string" ? content : JSON.stringify(content, null, 2)]]);
const compare = (before: unknown, after: unknown, file = FILE) =>
  compareOutputs(one(file, before), one(file, after), NEW_PROVIDER);
const refused = (before: unknown, after: unknown, file = FILE) =>
  compare(before, after, file).filter((d) => d.accepted === undefined);

describe("compareOutputs accepts", () => {
  const old = stack({ source: "aws", version: "6.25.0" });

  it("the AWS provider pin moving to the version the new bindings wrap", () => {
    const diffs = compare(old, stack({ source: "aws", version: NEW_PROVIDER }));
    expect(diffs).toEqual([
      expect.objectContaining({
        path: "terraform.required_providers.aws.version",
        before: "6.25.0",
        after: NEW_PROVIDER,
        accepted: ACCEPTED.providerVersion,
      }),
    ]);
  });

  it("`aws` spelled as `hashicorp/aws` or with the registry host", () => {
    for (const source of ["hashicorp/aws", "registry.terraform.io/hashicorp/aws"]) {
      const diffs = compare(old, stack({ source, version: "6.25.0" }));
      expect(diffs).toEqual([
        expect.objectContaining({ path: "terraform.required_providers.aws.source" }),
      ]);
      expect(diffs[0].accepted).toBe(ACCEPTED.providerSource);
    }
  });

  it("any change inside a `//` metadata key, and the manifest's cdktf version", () => {
    const after = stack({ source: "aws", version: "6.25.0" });
    after["//"].metadata.version = "0.24.0";
    after.resource.aws_cloudwatch_metric_alarm.down["//"].metadata.uniqueId = "other";
    expect(refused(old, after)).toEqual([]);
    expect(compare(old, after)).toHaveLength(2);
    expect(
      refused(
        { version: "0.21.0", stacks: {} },
        { version: "0.24.0", stacks: {} },
        "app/manifest.json",
      ),
    ).toEqual([]);
  });

  it("formatting: an empty array written over two lines or one is no difference", () => {
    const twoLines = `{\n  "alarm_actions": [\n  ],\n  "threshold": 1\n}\n`;
    const oneLine = `{"alarm_actions":[],"threshold":1}`;
    expect(compare(twoLines, oneLine)).toEqual([]);
  });
});

describe("compareOutputs refuses", () => {
  const old = stack({ source: "aws", version: "6.25.0" });

  it("a changed resource argument, naming the file, path and both values", () => {
    const diffs = refused(old, stack({ source: "aws", version: "6.25.0" }, { threshold: 2 }));
    expect(diffs.map(describeDifference)).toEqual([
      `${FILE}: resource.aws_cloudwatch_metric_alarm.down.threshold: 1 -> 2`,
    ]);
  });

  it("an added or removed argument, and an array that gained an element", () => {
    const added = stack({ source: "aws", version: "6.25.0" }, { unit: "Count" });
    expect(refused(old, added)).toEqual([
      expect.objectContaining({ before: ABSENT, after: "Count" }),
    ]);
    expect(refused(added, old)).toEqual([
      expect.objectContaining({ before: "Count", after: ABSENT }),
    ]);
    const grown = stack({ source: "aws", version: "6.25.0" }, { alarm_actions: ["arn"] });
    expect(refused(old, grown)).toEqual([
      expect.objectContaining({
        path: "resource.aws_cloudwatch_metric_alarm.down.alarm_actions[0]",
      }),
    ]);
  });

  it("a provider pin other than the one the new bindings wrap, or a pin on another provider", () => {
    expect(refused(old, stack({ source: "aws", version: "6.70.0" }))).toHaveLength(1);
    const random = (version: string) => ({
      terraform: { required_providers: { random: { source: "hashicorp/random", version } } },
    });
    expect(refused(random("3.6.0"), random(NEW_PROVIDER))).toHaveLength(1);
  });

  it("a source that names a different provider", () => {
    expect(refused(old, stack({ source: "someone/aws", version: "6.25.0" }))).toHaveLength(1);
  });

  it("the provider pin moving in a file that is not Terraform JSON", () => {
    const report = (version: string) => ({
      terraform: { required_providers: { aws: { source: "aws", version } } },
    });
    expect(
      refused(report("6.25.0"), report(NEW_PROVIDER), "app/stacks/stg/other.json"),
    ).toHaveLength(1);
  });

  it("a stack or file that appears or disappears", () => {
    const before = one(FILE, old);
    const after = new Map([...before, ["app/stacks/new/cdk.tf.json", "{}"]]);
    expect(compareOutputs(before, after, NEW_PROVIDER)).toEqual([
      expect.objectContaining({ file: "app/stacks/new/cdk.tf.json", before: ABSENT }),
    ]);
    expect(compareOutputs(after, before, NEW_PROVIDER)).toEqual([
      expect.objectContaining({ file: "app/stacks/new/cdk.tf.json", after: ABSENT }),
    ]);
  });

  it("a changed non-JSON file, and JSON it cannot parse (fails closed)", () => {
    const csv = "app/stacks/stg/other.csv";
    expect(refused("a,b\n", "a,c\n", csv)).toHaveLength(1);
    expect(refused("a,b\n", "a,b\n", csv)).toEqual([]);
    expect(refused(old, "{ not json")).toHaveLength(1);
  });

  it("a type change, such as a block turned into a list", () => {
    expect(refused({ lifecycle: { a: 1 } }, { lifecycle: [{ a: 1 }] })).toHaveLength(1);
  });
});

describe("providerAddress", () => {
  it("spells a source the way Terraform resolves it", () => {
    expect(providerAddress("aws")).toBe("hashicorp/aws");
    expect(providerAddress("hashicorp/aws")).toBe("hashicorp/aws");
    expect(providerAddress("registry.terraform.io/hashicorp/aws")).toBe("hashicorp/aws");
    expect(providerAddress("someone/aws")).toBe("someone/aws");
  });
});

describe("rewriteSpecifiers", () => {
  it("renames imports, requires and deep paths of cdktf and its AWS provider", () => {
    const before = [
      `import { App, Testing } from "cdktf";`,
      `import type { ISynthesisSession } from 'cdktf';`,
      `import "cdktf/lib/testing/adapters/jest";`,
      `import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";`,
      `import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";`,
      `export { Fn } from "cdktf";`,
      `const { Testing } = require("cdktf");`,
      `type A = import("cdktf").App;`,
      `jest.mock("cdktf/lib/x");`,
    ].join("\n");
    expect(rewriteSpecifiers(before)).toBe(
      [
        `import { App, Testing } from "cdktn";`,
        `import type { ISynthesisSession } from 'cdktn';`,
        `import "cdktn/lib/testing/adapters/jest";`,
        `import { addCustomSynthesis } from "cdktn/lib/synthesize/synthesizer";`,
        `import { EcsService } from "@cdktn/provider-aws/lib/ecs-service";`,
        `export { Fn } from "cdktn";`,
        `const { Testing } = require("cdktn");`,
        `type A = import("cdktn").App;`,
        `jest.mock("cdktn/lib/x");`,
      ].join("\n"),
    );
  });

  it("renames the provider package wherever it is named, as in the lint rule", () => {
    expect(
      rewriteSpecifiers(
        `{ name: "@cdktf/provider-aws", message: "Use @cdktf/provider-aws/lib/x" }`,
      ),
    ).toBe(`{ name: "@cdktn/provider-aws", message: "Use @cdktn/provider-aws/lib/x" }`);
  });

  it("leaves prose, other packages and output paths alone, and is idempotent", () => {
    const text = [
      `// cdktf 0.21 invokes aspects from each stack's root`,
      `const out = "cdktf.out";`,
      `import { x } from "cdktf-local-exec";`,
      `import { y } from "@cdktf/provider-awscc/lib/z";`,
      `const label = "cdktf";`,
    ].join("\n");
    expect(rewriteSpecifiers(text)).toBe(text);
    const migrated = rewriteSpecifiers(`import { App } from "cdktf";`);
    expect(rewriteSpecifiers(migrated)).toBe(migrated);
  });
});

describe("rewriteCommand", () => {
  it("renames the CLI in npm scripts and shell lines, not the output folder", () => {
    expect(rewriteCommand("CHECKPOINT_DISABLE=1 cdktf synth")).toBe(
      "CHECKPOINT_DISABLE=1 cdktn synth",
    );
    expect(rewriteCommand("npx cdktf diff stg && ls cdktf.out")).toBe(
      "npx cdktn diff stg && ls cdktf.out",
    );
    expect(rewriteCommand(`node -p 'require("@cdktf/provider-aws/package.json")'`)).toBe(
      `node -p 'require("@cdktn/provider-aws/package.json")'`,
    );
    expect(rewriteCommand("node scripts/run-ts.js main.ts")).toBe("node scripts/run-ts.js main.ts");
  });
});

describe("rewritePackageJson", () => {
  const pkg = {
    name: "x",
    dependencies: {
      "@cdktf/provider-aws": "21.22.1",
      cdktf: "0.21.0",
      constructs: "10.4.2",
      yaml: "2.8.1",
    },
    devDependencies: { "cdktf-cli": "0.21.0", jest: "29.7.0" },
    scripts: { "synth:cdktf": "cdktf synth", synth: "node scripts/run-ts.js main.ts" },
  };

  it("swaps each package in its own section to the exact pin, with constructs in cdktn's range", () => {
    const next = rewritePackageJson(pkg);
    expect(next.dependencies).toEqual({
      "@cdktn/provider-aws": TARGET_VERSIONS["@cdktn/provider-aws"],
      cdktn: TARGET_VERSIONS.cdktn,
      constructs: TARGET_VERSIONS.constructs,
      yaml: "2.8.1",
    });
    expect(next.devDependencies).toEqual({
      "cdktn-cli": TARGET_VERSIONS["cdktn-cli"],
      jest: "29.7.0",
    });
    expect(next.scripts).toEqual({
      "synth:cdktf": "cdktn synth",
      synth: "node scripts/run-ts.js main.ts",
    });
    for (const version of Object.values(TARGET_VERSIONS))
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = TARGET_VERSIONS.constructs.split(".").map(Number);
    expect(major === 10 && minor >= 6 && minor < 8).toBe(true);
  });

  it("adds constructs, cdktn's peer dependency, where the project did not declare it", () => {
    const dependencies: Record<string, string> = { ...pkg.dependencies };
    delete dependencies.constructs;
    const next = rewritePackageJson({ ...pkg, dependencies });
    expect(next.dependencies).toEqual(
      expect.objectContaining({ constructs: TARGET_VERSIONS.constructs }),
    );
  });

  it("changes nothing on a second run, whatever cdktn version was chosen since", () => {
    const migrated = rewritePackageJson(pkg);
    expect(rewritePackageJson(migrated)).toEqual(migrated);
    const bumped = {
      ...migrated,
      dependencies: { ...(migrated.dependencies as object), cdktn: "0.25.0" },
    };
    expect(rewritePackageJson(bumped)).toEqual(bumped);
  });
});
