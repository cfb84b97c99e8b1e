/**
 * The pack as a whole and the aspect: pinned rule ids, escape hatches and other aspects, values
 * unknown at synth time, message format, warnings, reports, options.
 */
import "cdktf/lib/testing/adapters/jest";
import * as fs from "fs";
import * as path from "path";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Elb } from "@cdktf/provider-aws/lib/elb";
import { Aspects, Fn, Testing, TerraformStack, TerraformVariable, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { evaluateStack } from "../../modules/policy/evaluate";
import { resolveSettings } from "../../modules/policy/options";
import { POLICY_PACK, POLICY_RULE_IDS } from "../../modules/policy/pack";
import { PolicyChecks } from "../../modules/policy/policy-aspect";
import { REPORT_CSV, REPORT_JSON, type PolicyReport } from "../../modules/policy/report";
import { fixture, logGroup, row, service, synth, taskDefinition, warnings } from "./fixtures";

test("the pack's rule ids are pinned", () => {
  expect([...POLICY_RULE_IDS].sort()).toEqual([
    "CM-01",
    "ECS-01",
    "ECS-02",
    "ECS-03",
    "ECS-04",
    "ECS-05",
    "ECS-06",
    "ECS-07",
    "ECS-08",
    "ECS-09",
    "ECS-10",
    "ECS-11",
    "ECS-12",
    "ECS-13",
    "ECS-14",
    "ELB-01",
    "ELB-02",
    "ELB-03",
    "ELB-04",
    "ELB-05",
    "ELB-06",
    "ELB-07",
    "EVT-01",
    "GOV-01",
    "GOV-02",
    "GOV-03",
    "IAM-01",
    "IAM-02",
    "IAM-03",
    "IAM-04",
    "IAM-05",
    "IAM-06",
    "KMS-01",
    "LOG-01",
    "LOG-02",
    "S3-01",
    "S3-02",
    "S3-03",
    "S3-04",
    "S3-05",
    "S3-06",
    "S3-07",
    "SG-01",
    "SG-02",
    "SG-03",
    "SG-04",
    "SNS-01",
    "SSM-01",
    "TAG-01",
  ]);
  expect(new Set(POLICY_RULE_IDS).size).toBe(POLICY_RULE_IDS.length);
});

test("every rule has a one-line explanation", () => {
  for (const rule of POLICY_PACK) expect(rule.explanation).toMatch(/^[A-Z][^\n]{10,}\.$/);
});

describe("escape hatches", () => {
  test("an addOverride after construction is caught", () => {
    const f = fixture();
    const svc = service(f);
    svc.addOverride("network_configuration.assign_public_ip", true);
    expect(() => Testing.fullSynth(f.stack)).toThrow(
      /\[ECS-09\] stack test: aws_ecs_service\.svc: .*\(finding PublicIp\)/,
    );
  });

  test("a change made by another aspect, visiting below the stack after the checks, is caught", () => {
    const f = fixture();
    service(f);
    const makePublic: IAspect = {
      visit: (node: IConstruct) => {
        if (node instanceof EcsService)
          node.addOverride("network_configuration.assign_public_ip", true);
      },
    };
    Aspects.of(f.stack).add(makePublic);
    expect(() => Testing.fullSynth(f.stack)).toThrow(/\[ECS-09\]/);
  });

  test("a resource added as a raw stack override is checked (against the stack)", () => {
    const f = fixture();
    f.stack.addOverride("resource.aws_cloudwatch_log_group.raw", {
      name: "raw",
      retention_in_days: 1,
    });
    const { error, report } = synth(f.stack);
    expect(error).toContain("[LOG-01] stack test: aws_cloudwatch_log_group.raw: ");
    expect(row(report, "LOG-01", "aws_cloudwatch_log_group.raw").constructPath).toBe("test");
  });
});

describe("values unknown at synth time are findings, never a silent pass", () => {
  test("a variable in assign_public_ip", () => {
    const f = fixture();
    const open = new TerraformVariable(f.stack, "public", { type: "bool" });
    service(f, {
      networkConfiguration: { subnets: ["subnet-12345678"], assignPublicIp: open.booleanValue },
    });
    const { error } = synth(f.stack);
    expect(error).toContain(
      '[ECS-09] stack test: aws_ecs_service.svc: network_configuration[0].assign_public_ip is "${var.public}"',
    );
    expect(error).toContain("(finding Unresolved::network_configuration[0].assign_public_ip)");
  });

  test("a variable in retention_in_days", () => {
    const f = fixture();
    const days = new TerraformVariable(f.stack, "days", { type: "number" });
    logGroup(f).addOverride("retention_in_days", days.numberValue);
    expect(() => Testing.fullSynth(f.stack)).toThrow(
      /\[LOG-01\].*\(finding Unresolved::retention_in_days\)/,
    );
  });

  test("container definitions written with Fn.jsonencode cannot be read", () => {
    const f = fixture();
    const logs = logGroup(f);
    new EcsTaskDefinition(f.stack, "td", {
      family: "x",
      networkMode: "awsvpc",
      containerDefinitions: Fn.jsonencode([{ name: "app", image: logs.arn }]),
    });
    const { report } = synth(f.stack);
    for (const rule of ["ECS-01", "ECS-02", "ECS-03", "ECS-05", "ECS-06", "ECS-07"]) {
      expect(row(report, rule, "aws_ecs_task_definition.td").findings?.map((x) => x.id)).toEqual([
        "Unresolved::container_definitions",
      ]);
    }
  });

  test("a policy that is a variable", () => {
    const f = fixture();
    const document = new TerraformVariable(f.stack, "document", { type: "string" });
    new IamRolePolicy(f.stack, "policy", { role: "r", policy: document.stringValue });
    expect(() => Testing.fullSynth(f.stack)).toThrow(/\[IAM-01\].*\(finding Unresolved::policy\)/);
  });

  test("an action written as an expression is reported by IAM-01 and cannot be suppressed", () => {
    const f = fixture();
    const action = new TerraformVariable(f.stack, "action", { type: "string" });
    new IamRolePolicy(f.stack, "policy", {
      role: "r",
      policy: JSON.stringify({
        Statement: [{ Effect: "Allow", Action: action.stringValue, Resource: "*" }],
      }),
    });
    const { error } = synth(f.stack);
    expect(error).toContain(
      '[IAM-01] stack test: aws_iam_role_policy.policy: policy statement #0 has Action "${var.action}"',
    );
    expect(error).toContain(
      "(finding Unresolved::policy.Statement[0].Action) This finding cannot be suppressed.",
    );
  });

  test("the product's ARN templates stay known: partition, pinned account variable, references", () => {
    const f = fixture();
    const account = new TerraformVariable(f.stack, "account_id", { type: "string" });
    f.provider.addOverride("allowed_account_ids", [account.stringValue]);
    const logs = logGroup(f);
    new IamRolePolicy(f.stack, "policy", {
      role: "r",
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [
              `${logs.arn}:log-stream:*`,
              `arn:${f.partition}:logs:us-gov-west-1:${account.stringValue}:log-group:/test/logs:*`,
            ],
          },
        ],
      }),
    });
    const { error, report } = synth(f.stack);
    expect(error).toBeUndefined();
    for (const rule of ["IAM-01", "IAM-02", "IAM-03", "IAM-06"])
      expect(row(report, rule, "aws_iam_role_policy.policy").outcome).toBe("compliant");
  });

  test("references to resources of the stack are known meanings, not unknowns", () => {
    const f = fixture();
    taskDefinition(f); // kms_key_id = ${aws_kms_key...arn}, role ARNs, partition-built ARNs
    const { error, report } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(row(report, "LOG-02", "aws_cloudwatch_log_group.logs").outcome).toBe("compliant");
  });
});

describe("messages", () => {
  test("each error names rule, stack, address, what is wrong and how to fix it", () => {
    const f = fixture({ stackName: "stg" });
    logGroup(f).addOverride("retention_in_days", 30);
    expect(() => Testing.fullSynth(f.stack)).toThrow(
      '[LOG-01] stack stg: aws_cloudwatch_log_group.logs: retention_in_days is 30, below 365. Fix: set retention_in_days to 365 or more (a CloudWatch value such as 365, 400, 545, 731). (finding Retention::30) To accept it, suppress { id: "LOG-01", appliesTo: ["Retention::30"] } with a reason.',
    );
  });

  test("warnings are annotated and printed but do not fail synthesis", () => {
    const lines: string[] = [];
    const f = fixture({ log: (line) => lines.push(line) });
    service(f, { platformVersion: "1.3.0" });
    const { error } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(warnings(f.stack).join("\n")).toContain("[ECS-10] stack test: aws_ecs_service.svc: ");
    expect(lines).toContainEqual(expect.stringContaining("WARNING [ECS-10]"));
    expect(lines).toContainEqual(
      expect.stringMatching(/^policy: stack test: 0 error\(s\), 1 warning\(s\), 0 suppressed/),
    );
  });
});

describe("accepted but visible", () => {
  test("ECS Exec allowed by the options is compliant, with a note in the report row and CSV", () => {
    const lines: string[] = [];
    const f = fixture({ allowExecuteCommand: true, log: (line) => lines.push(line) });
    service(f, { enableExecuteCommand: true });
    const { error, report, outdir } = synth(f.stack);
    expect(error).toBeUndefined();
    expect(row(report, "ECS-11", "aws_ecs_service.svc")).toMatchObject({
      outcome: "compliant",
      note: expect.stringContaining("ECS Exec is on"),
    });
    expect(lines).toContainEqual(
      expect.stringMatching(/^NOTE \[ECS-11\] stack test: aws_ecs_service.svc: ECS Exec is on/),
    );
    const csv = fs.readFileSync(path.join(outdir ?? "", "stacks", "test", REPORT_CSV), "utf8");
    expect(csv).toMatch(
      /^ECS-11,error,aws_ecs_service.svc,test\/svc,compliant,,,,"?ECS Exec is on/m,
    );
  });

  test("an internal classic load balancer passes ELB-01 (its other rules still apply)", () => {
    const f = fixture();
    new Elb(f.stack, "classic", {
      internal: true,
      subnets: ["subnet-12345678"],
      listener: [{ instancePort: 80, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }],
    });
    const { report } = synth(f.stack);
    expect(row(report, "ELB-01", "aws_elb.classic").outcome).toBe("compliant");
    expect(row(report, "ELB-03", "aws_elb.classic").outcome).toBe("non-compliant");
  });
});

describe("report files", () => {
  let error: string | undefined;
  let report: PolicyReport;
  beforeAll(() => {
    const f = fixture();
    service(f);
    logGroup(f).addOverride("retention_in_days", 30);
    ({ error, report } = synth(f.stack));
  });

  test("are written next to cdk.tf.json even when synthesis fails", () => {
    expect(error).toContain("[LOG-01]");
    expect(report.summary.errors).toBe(1);
  });

  test("list every rule x subject", () => {
    const subjects = new Set(report.results.map((r) => r.subject));
    expect(report.results).toHaveLength(POLICY_RULE_IDS.length * subjects.size);
    expect(subjects).toEqual(
      new Set([
        "stack",
        "provider.aws",
        "aws_ecs_service.svc",
        "aws_kms_key.logs-key",
        "aws_cloudwatch_log_group.logs",
        "data.aws_partition.partition",
      ]),
    );
    expect(row(report, "LOG-01", "aws_cloudwatch_log_group.logs")).toMatchObject({
      outcome: "non-compliant",
      severity: "error",
      constructPath: "test/logs",
      findings: [expect.objectContaining({ id: "Retention::30" })],
    });
  });

  test("JSON and CSV files are written into the stack's output directory", () => {
    const g = fixture();
    service(g);
    const outdir = Testing.fullSynth(g.stack);
    const dir = path.join(outdir, "stacks", "test");
    const json = JSON.parse(fs.readFileSync(path.join(dir, REPORT_JSON), "utf8")) as PolicyReport;
    expect(json.stack).toBe("test");
    expect(json.summary).toMatchObject({ errors: 0, "non-compliant": 0 });
    const csv = fs.readFileSync(path.join(dir, REPORT_CSV), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe(
      "rule,severity,subject,construct_path,outcome,finding_ids,suppressed_finding_ids,suppression_reasons,messages",
    );
    expect(csv).toHaveLength(json.results.length + 1);
    expect(csv).toContain("ECS-09,error-unsuppressible,aws_ecs_service.svc,test/svc,compliant,,,,");
  });
});

describe("applying the checks", () => {
  test("invalid options fail when applied, listing every problem", () => {
    const f = fixture();
    expect(() =>
      PolicyChecks.applyTo(new TerraformStack(f.app, "other"), {
        production: false,
        minLogRetentionDays: 0,
        allowedIngressPorts: [70000],
        allowedIngressCidrs: ["0.0.0.0/0", "nonsense"],
      }),
    ).toThrow(
      /minLogRetentionDays 0 .*\n.*allowedIngressPorts 70000 .*\n.*allowedIngressCidrs nonsense .*\n.*may not contain 0\.0\.0\.0\/0/,
    );
  });

  test("applying twice to one stack is refused", () => {
    const f = fixture();
    PolicyChecks.applyTo(f.stack, { production: false });
    expect(() => Testing.fullSynth(f.stack)).toThrow(/applied twice to stack test/);
  });

  test("each stack is checked with its own options", () => {
    const app = Testing.app();
    const [prd, stg] = [true, false].map((production) => {
      const stack = new TerraformStack(app, production ? "prd" : "stg");
      new AwsProvider(stack, "aws", { region: "us-east-1", useFipsEndpoint: true });
      PolicyChecks.applyTo(stack, { production });
      return stack;
    });
    expect(() => Testing.fullSynth(prd)).toThrow("[GOV-02] stack prd: provider.aws");
    expect(() => Testing.fullSynth(stg)).toThrow("[GOV-02] stack stg: provider.aws");
    expect(PolicyChecks.reportOf(prd)?.production).toBe(true);
    expect(PolicyChecks.reportOf(stg)?.production).toBe(false);
  });

  test("synthesizing twice does not repeat annotations", () => {
    const f = fixture();
    service(f, { platformVersion: "1.3.0" });
    Testing.fullSynth(f.stack);
    Testing.fullSynth(f.stack);
    expect(warnings(f.stack).filter((w) => w.startsWith("[ECS-10]"))).toHaveLength(1);
  });
});

test("a rule that throws fails its check instead of aborting the run", () => {
  const [rule] = evaluateStack({
    json: { resource: { aws_s3_bucket: { b: {} } } },
    stackName: "x",
    production: false,
    settings: resolveSettings({ production: false }),
    rules: [
      {
        id: "T-01",
        severity: "warning",
        explanation: "Throws.",
        check: () => {
          throw new Error("boom");
        },
      },
    ],
  });
  expect(rule.result).toEqual({
    outcome: "non-compliant",
    findings: [
      expect.objectContaining({
        id: "RuleError",
        unsuppressible: true,
        message: expect.stringContaining("boom"),
      }),
    ],
  });
});
