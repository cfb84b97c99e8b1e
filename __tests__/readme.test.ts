import * as fs from "fs";
import * as path from "path";
import { environments } from "../environments";
import { withEnvironmentTable } from "../scripts/terraform-copy";

// The README's environment table is what reviewers read; it must say what the code deploys.
describe("README", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

  it("has the environment table npm run terraform:write makes from environments/", () => {
    expect(readme).toBe(withEnvironmentTable(readme, environments));
  });

  it.each(environments.map((e) => [e.name, e] as const))("lists %s with its size", (_n, env) => {
    expect(readme).toMatch(
      new RegExp(
        `^\\| ${env.name} +\\| \`${env.namespaceName}\` +\\| \`${env.clusterName}\` +\\| ${env.flipt.cpu} / ${env.flipt.memoryMiB} `,
        "m",
      ),
    );
  });

  it("shows the two set-up commands", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toContain("npm test");
  });
});
