import * as fs from "fs";
import { AnnotationMetadataEntryType, App } from "cdktf";

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
    // cdktf writes stacks despite error annotations when CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS
    // is set; a policy violation must never reach the output, whatever the environment says.
    const errors = app.node
      .findAll()
      .flatMap((node) =>
        node.node.metadata
          .filter((entry) => entry.type === AnnotationMetadataEntryType.ERROR)
          .map((entry) => `[${node.node.path}] ${String(entry.data)}`),
      );
    if (errors.length > 0) {
      throw new Error(`Encountered Annotations with level "ERROR":\n${errors.join("\n")}`);
    }
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
