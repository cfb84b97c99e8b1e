import * as fs from "fs";
import * as path from "path";
import { environments } from "../environments";

// The README's environment table is what reviewers read; it must say what the code deploys.
describe("README", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const rows = readme
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it.each(environments.map((e) => [e.name, e] as const))("lists %s as configured", (_name, env) => {
    const image = `${env.flipt.image.repository}${env.flipt.image.digest ? `@${env.flipt.image.digest}` : `:${env.flipt.image.version}`}`;
    expect(rows).toContainEqual([
      env.name,
      `\`${env.namespaceName}\``,
      `\`${env.clusterName}\``,
      `${env.flipt.cpu} / ${env.flipt.memoryMiB}`,
      String(env.flipt.desiredCount),
      `\`${image}\``,
      String(env.logRetentionDays),
    ]);
  });

  it("shows the two set-up commands", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toContain("npm test");
  });
});
