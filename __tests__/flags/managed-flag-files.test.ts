import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import type { FlagBucket } from "../../modules/flag-bucket";
import { ManagedFlagFiles } from "../../modules/managed-flag-files";

const FIXTURE = join(__dirname, "fixtures", "template-text");
const BUCKET = { bucketId: "bucket", flagPrefix: "", key: { keyArn: "key" } } as FlagBucket;

/** The one object uploaded from `directory` (which holds one features.yml). */
function uploaded(directory: string): { content: string; source_hash: string } {
  const stack = new TerraformStack(Testing.app(), "stg");
  new ManagedFlagFiles(stack, "flag-files", { directory, environmentName: "stg", bucket: BUCKET });
  const json = JSON.parse(Testing.synth(stack)) as {
    resource: { aws_s3_object: Record<string, { content: string; source_hash: string }> };
  };
  const objects = Object.values(json.resource.aws_s3_object);
  expect(objects).toHaveLength(1);
  return objects[0];
}

/**
 * A Terraform string as HCL's template scanner reads it (hclsyntax scan_tokens.rl): left to
 * right, `$${` is a literal `${` and `%%{` a literal `%{`; an unescaped `${` or `%{` starts an
 * expression, which a literal must not contain.
 */
function hclTemplateValue(template: string): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const rest = template.slice(i, i + 3);
    if (rest === "$${" || rest === "%%{") {
      out += `${rest[0]}{`;
      i += 2;
    } else if (rest.startsWith("${") || rest.startsWith("%{")) {
      throw new Error(`an interpolation or directive at ${i}: ${template.slice(i, i + 20)}`);
    } else {
      out += template[i];
    }
  }
  return out;
}

describe("ManagedFlagFiles uploads each file's bytes, never a Terraform template", () => {
  const bytes = readFileSync(join(FIXTURE, "features.yml"));
  const object = uploaded(FIXTURE);

  it("escapes ${ and %{ so Terraform reads the text as it is", () => {
    expect(object.content).toContain("Welcome back, $${firstName}!");
    expect(object.content).toContain('$${file("/proc/self/environ")}');
    expect(object.content).toContain('"%%{ for x in [1] }$${x}%%{ endfor }"');
    expect(object.content).toContain("$$${kept} %%%{kept}");
    expect(object.content).toContain("$$$${three}");
  });

  it("gives back the file's bytes when read as Terraform reads a template", () => {
    expect(Buffer.from(hclTemplateValue(object.content), "utf8").equals(bytes)).toBe(true);
  });

  it("hashes the file's bytes", () => {
    expect(object.source_hash).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  describe("in a folder of its own", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "flag-files-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("keeps a UTF-8 byte order mark", () => {
      const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      writeFileSync(join(dir, "features.yml"), withBom);
      const content = uploaded(dir).content;
      expect(Buffer.from(hclTemplateValue(content), "utf8").equals(withBom)).toBe(true);
    });

    it("refuses text cdktf would replace as one of its tokens, naming the file", () => {
      const text = bytes.toString("utf8").replace("${firstName}", "${TfToken[TOKEN.1]}");
      writeFileSync(join(dir, "features.yml"), text);
      expect(() => uploaded(dir)).toThrow(
        /^stg: 1 problem .*\n {2}- \/.*features\.yml: the file contains text cdktf reads as one of its own tokens/,
      );
    });
  });
});
