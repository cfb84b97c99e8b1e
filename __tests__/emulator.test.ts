import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// The emulator test itself (scripts/emulator/emulator_test.py) needs terraform and moto and runs
// in `.ci/run`; here only its wrapper's decision to skip, which must say why, and must fail in CI.
describe("npm run test:emulator without its tools", () => {
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-path-"));
    const dirname = execFileSync("/bin/sh", ["-c", "command -v dirname"], { encoding: "utf8" });
    fs.symlinkSync(dirname.trim(), path.join(bin, "dirname"));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  const run = (env: Record<string, string>) =>
    spawnSync("/bin/bash", ["scripts/emulator/run.sh"], {
      cwd: path.join(__dirname, ".."),
      env: { PATH: bin, ...env },
      encoding: "utf8",
    });
  /** A stand-in on the test's PATH that exits with `status`. */
  const tool = (name: string, status: number) =>
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nexit ${status}\n`, { mode: 0o755 });

  it("skips, saying terraform is missing, and succeeds on a developer machine", () => {
    const result = run({});
    expect(result.stderr).toMatch(/^test:emulator: SKIPPED: terraform is not installed/m);
    expect(result.status).toBe(0);
  });

  it("skips, naming the pip package, when the Python has no moto", () => {
    tool("terraform", 0);
    tool("python3", 1);
    try {
      const result = run({});
      expect(result.stderr).toMatch(
        /^test:emulator: SKIPPED: python3 has no moto 5 with boto3 \(pip install "moto\[server\]==5\.\*"\)/m,
      );
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(path.join(bin, "terraform"));
      fs.rmSync(path.join(bin, "python3"));
    }
  });

  it.each<Record<string, string>>([{ EMULATOR_REQUIRED: "1" }, { CI: "true" }])(
    "fails when required (%o)",
    (env) => {
      const result = run(env);
      expect(result.stderr).toMatch(/SKIPPED/);
      expect(result.status).toBe(1);
    },
  );
});
