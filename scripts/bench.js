#!/usr/bin/env node
// npm run bench [-- --runs N]
//
// Times `npm run synth`'s command (every environment's stack, policy pack on) against a toy
// cdktf app (one stack, one AWS provider, one resource) run the same way, interleaved in the
// same run, so the machine's speed and load cancel out. Prints the medians, their ratio and the
// peak memory of each, and exits 1 when a target is missed:
//   synth <= 2.5 x the toy app (median wall time), peak resident memory <= 300 MB.
// A ratio, not a timed test: on a loaded machine both sides slow down together.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const TARGET_RATIO = 2.5;
const TARGET_PEAK_MB = 300;

const root = path.resolve(__dirname, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
if (!Number.isInteger(runs) || runs < 1) {
  console.error("usage: npm run bench [-- --runs <N>]");
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-bench-"));
try {
  // The toy app: the smallest useful cdktf program, with the same deep imports and runner.
  const toy = path.join(work, "toy.ts");
  fs.writeFileSync(
    toy,
    `import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";

const app = new App({ outdir: process.env.CDKTF_OUTDIR });
const stack = new TerraformStack(app, "toy");
new AwsProvider(stack, "aws", { region: "us-gov-west-1" });
new S3Bucket(stack, "bucket", { bucket: "toy-bucket" });
app.synth();
`,
  );
  // Resolve cdktf and the provider from this project, as the toy would if it lived here.
  const env = { ...process.env, NODE_PATH: path.join(root, "node_modules") };
  const rssProbe = path.join(work, "rss.js");
  fs.writeFileSync(
    rssProbe,
    `process.on("exit", () => require("fs").writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify(process.resourceUsage())));\n`,
  );

  // Exactly what `npm run synth` runs (node, its flags, the runner), and the toy the same way.
  const synthScript = require(path.join(root, "package.json")).scripts.synth;
  const words = synthScript.split(/\s+/);
  if (words[0] !== "node" || words[words.length - 1] !== "main.ts") {
    throw new Error(
      `bench: expected the synth script to be "node ... main.ts", found: ${synthScript}`,
    );
  }
  const commands = {
    synth: words.slice(1),
    toy: [...words.slice(1, -1), toy],
  };
  const samples = { synth: [], toy: [] };
  const cpu = { synth: [], toy: [] };
  const peaks = { synth: 0, toy: 0 };
  const once = (name) => {
    const outdir = path.join(work, `${name}.out`);
    const rssFile = path.join(work, `${name}.rss`);
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["-r", rssProbe, ...commands[name]], {
      cwd: root,
      env: { ...env, CDKTF_OUTDIR: outdir, BENCH_RSS_FILE: rssFile },
      encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`bench: ${name} failed:\n${result.stdout}${result.stderr}`);
    }
    const usage = JSON.parse(fs.readFileSync(rssFile, "utf8"));
    samples[name].push(seconds);
    cpu[name].push((usage.userCPUTime + usage.systemCPUTime) / 1e6);
    peaks[name] = Math.max(peaks[name], usage.maxRSS / 1024);
    fs.rmSync(outdir, { recursive: true, force: true });
  };

  once("toy"); // warm the file cache and swc before measuring
  once("synth");
  samples.toy = [];
  samples.synth = [];
  cpu.toy = [];
  cpu.synth = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    const order = i % 2 === 0 ? ["toy", "synth"] : ["synth", "toy"];
    for (const name of order) once(name);
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const toyMedian = median(samples.toy);
  const synthMedian = median(samples.synth);
  const ratio = synthMedian / toyMedian;
  const fmt = (s) => `${s.toFixed(3)} s`;
  console.log(`bench: ${runs} interleaved runs each on ${os.cpus().length} cores`);
  console.log(
    `  toy app (1 stack, 1 resource): median ${fmt(toyMedian)}, peak ${peaks.toy.toFixed(0)} MB`,
  );
  console.log(
    `  npm run synth (all stacks):    median ${fmt(synthMedian)}, peak ${peaks.synth.toFixed(0)} MB`,
  );
  const cpuRatio = median(cpu.synth) / median(cpu.toy);
  console.log(
    `  CPU time (user + system), medians: toy ${fmt(median(cpu.toy))}, synth ${fmt(median(cpu.synth))}: ${cpuRatio.toFixed(2)}x`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x), peak target <= ${TARGET_PEAK_MB} MB`,
  );
  const missed = [];
  if (ratio > TARGET_RATIO) missed.push(`ratio ${ratio.toFixed(2)}x > ${TARGET_RATIO}x`);
  if (peaks.synth > TARGET_PEAK_MB)
    missed.push(`peak ${peaks.synth.toFixed(0)} MB > ${TARGET_PEAK_MB} MB`);
  if (missed.length) {
    console.error(`bench: target missed: ${missed.join("; ")}`);
    process.exitCode = 1;
  } else {
    console.log("bench: targets met");
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
