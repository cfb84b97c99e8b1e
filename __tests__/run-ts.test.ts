/** The synth runner's transpile cache stays bounded, however many scratch copies use it. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const RUN_TS = path.join(__dirname, "..", "scripts", "run-ts.js");

test("a new entry past the bound removes the oldest entries, never the new one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-run-ts-"));
  try {
    const cache = path.join(dir, "cache");
    fs.mkdirSync(cache);
    const old = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < 650; i++) {
      const file = path.join(cache, `old-${i}.json`);
      fs.writeFileSync(file, "{}");
      fs.utimesSync(file, old, old);
    }
    const script = path.join(dir, "hello.ts");
    fs.writeFileSync(script, 'const greeting: string = "cached";\nconsole.log(greeting);\n');
    const run = () =>
      spawnSync(process.execPath, [RUN_TS, script], {
        env: { ...process.env, RUN_TS_CACHE_DIR: cache },
        encoding: "utf8",
      });
    expect(run().stdout).toBe("cached\n");
    const left = fs.readdirSync(cache);
    expect(left.length).toBe(400);
    expect(left.filter((n) => !n.startsWith("old-"))).toHaveLength(1);
    // The second run reads the entry back and writes nothing.
    expect(run().stdout).toBe("cached\n");
    expect(fs.readdirSync(cache)).toEqual(left);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
