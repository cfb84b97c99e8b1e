#!/usr/bin/env bash
# `terraform test` of every synthesized stack and fixture, offline, against a mocked AWS provider:
# plan and apply each one, check the Cloud Map wiring and the outputs, and show each plan-time
# guard rejecting bad input. The suites are generated from the synthesized JSON by
# scripts/terraform-test-suite.ts. Same provider set-up as `npm run validate`.
#
# Usage: npm run test:terraform           (writes terraform/<env> from the code first)
#        TERRAFORM_TEST_REQUIRED=1 ...    (CI: a skipped run is a failure; also when CI is set)
set -euo pipefail
cd "$(dirname "$0")/.."

tool=test:terraform
required="${TERRAFORM_TEST_REQUIRED:-0}"
[ -z "${CI:-}" ] || required=1
required_by="TERRAFORM_TEST_REQUIRED=1 (or CI)"
# shellcheck source=scripts/terraform-workdir.sh
. scripts/terraform-workdir.sh

command -v terraform >/dev/null 2>&1 || skip "terraform is not installed (https://developer.hashicorp.com/terraform/install); no stack was planned or applied."

start=$(date +%s)
# terraform/<env> is where Terraform runs: bring it up to date with the code, then test it.
npm run --silent terraform:write >/dev/null
work="$PWD/.terraform-test"
rm -rf "$work"
mkdir -p "$work"
tf_setup_cli_config
node scripts/run-ts.js scripts/synth-fixture.ts "$work/fixture.out"

stacks=()
for file in terraform/*/cdk.tf.json "$work"/fixture.out/stacks/*/cdk.tf.json; do stacks+=("$(basename "$(dirname "$file")")"); done
for stack in "${stacks[@]}"; do
  source="terraform/$stack/cdk.tf.json"
  [ -f "$source" ] || source="$work/fixture.out/stacks/$stack/cdk.tf.json"
  tf_prepare_stack "$stack" "$source"
  node scripts/run-ts.js scripts/terraform-test-suite.ts "$stack" "$work/$stack"
done
tf_init_shared "${stacks[@]}"

# One stack at a time: each run starts the AWS provider (about 500 MB resident).
failed=0
for stack in "${stacks[@]}"; do
  t0=$(date +%s)
  if terraform -chdir="$work/$stack" test -no-color >"$work/$stack/test.log" 2>&1; then
    summary="$(grep -E '^Success!' "$work/$stack/test.log" | tail -n 1)"
    echo "$tool: $stack: ${summary:-passed} ($(($(date +%s) - t0)) s)"
  else
    echo "$tool: $stack: FAILED ($(($(date +%s) - t0)) s):" >&2
    sed 's/^/  /' "$work/$stack/test.log" >&2
    failed=1
  fi
done
echo "$tool: ${#stacks[@]} stacks in $(($(date +%s) - start)) s"
exit "$failed"
