/* eslint-disable @typescript-eslint/no-require-imports */
import { OutputFolderRefusedError, removeOutput } from "./modules/output-folder";
import { describeFailure } from "./modules/synth-failure";
import type { SynthesisResult } from "./modules/synthesize";

// One stack per MilMove environment, written all or nothing; see README "Layout".
// Only the two small modules above load before the guard. Everything else (the environments,
// the constructs, the policy pack, synthesis itself) loads inside it, so a syntax, reference or
// runtime error in any of them fails synthesis like any other error: all or nothing, and named.
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
try {
  const { synthesizeAtomically } =
    require("./modules/synthesize") as typeof import("./modules/synthesize");
  const result = synthesizeAtomically(outdir, (app) => {
    const { environments } = require("./environments") as typeof import("./environments");
    const { addEnvironmentStacks } =
      require("./modules/configuration") as typeof import("./modules/configuration");
    addEnvironmentStacks(app, environments, { policyLog: (line) => console.log(line) });
  });
  console.log(summary(result));
} catch (error) {
  console.error(describeFailure(error, __dirname, process.env.FLIPT_SYNTH_DEBUG === "1"));
  if (error instanceof OutputFolderRefusedError) {
    console.error("Synthesis refused: nothing was written and nothing was removed.");
  } else {
    removeOutput(outdir);
    console.error(
      "Synthesis failed: no stack was written, and earlier output was removed (Terraform's working files and state are kept).",
    );
  }
  process.exitCode = 1;
}

/** One line: which stacks were written, where, and the policy totals. */
function summary(result: SynthesisResult): string {
  const totals = { errors: 0, warnings: 0, suppressed: 0, compliant: 0 };
  for (const report of result.reports.values()) {
    totals.errors += report.summary.errors;
    totals.warnings += report.summary.warnings;
    totals.suppressed += report.summary.suppressed;
    totals.compliant += report.summary.compliant;
  }
  const n = result.stacks.length;
  return (
    `Synthesized ${n} stack${n === 1 ? "" : "s"} (${result.stacks.join(", ")}) to ${result.outdir}/stacks; ` +
    `policy: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.suppressed} suppressed, ${totals.compliant} compliant`
  );
}
