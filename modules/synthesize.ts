import * as fs from "fs";
import { App } from "cdktf";

/**
 * Synthesizes an app all or nothing. cdktf writes stacks one by one and throws at the first
 * failing one, which would leave some stacks new and others stale. Here every stack is written
 * to a staging directory first and moved into `outdir` only when all succeeded; on any failure
 * the staging directory and the previous output are removed, so nothing stale or partial is
 * left that someone could `terraform apply`.
 */
export function synthesizeAtomically(outdir: string, build: (app: App) => void): void {
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    build(app);
    app.synth();
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const previous = `${outdir}.previous-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(staging, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
}
