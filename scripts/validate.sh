#!/usr/bin/env bash
# Offline `terraform validate` of every synthesized stack against the real AWS provider.
#
# Usage: npm run validate            (writes terraform/<env> from the code first, then validates every stack)
#        VALIDATE_REQUIRED=1 ...     (CI: a skipped validation is a failure)
#
# The provider set-up (a mirror of hashicorp/aws where there is one) is scripts/terraform-workdir.sh,
# shared with `npm run test:terraform`. Without terraform, or when init cannot fetch the
# provider, it says so plainly and skips.
set -euo pipefail
cd "$(dirname "$0")/.."

tool=validate
required="${VALIDATE_REQUIRED:-0}"
required_by="VALIDATE_REQUIRED=1"
# shellcheck source=scripts/terraform-workdir.sh
. scripts/terraform-workdir.sh

command -v terraform >/dev/null 2>&1 || skip "terraform is not installed (https://developer.hashicorp.com/terraform/install); nothing was validated."

# terraform/<env> is where Terraform runs: bring it up to date with the code, then check it.
npm run --silent terraform:write >/dev/null

work="$PWD/.validate"
rm -rf "$work"
mkdir -p "$work"
tf_setup_cli_config

# Besides the five environments, the fixture stacks (scripts/fixture-environments.ts).
node scripts/run-ts.js scripts/synth-fixture.ts "$work/fixture.out"

stacks=()
for file in terraform/*/cdk.tf.json "$work"/fixture.out/stacks/*/cdk.tf.json; do stacks+=("$(basename "$(dirname "$file")")"); done
[ "${#stacks[@]}" -gt 0 ] || { echo "validate: no stacks under terraform/" >&2; exit 1; }

for stack in "${stacks[@]}"; do
  source="terraform/$stack/cdk.tf.json"
  [ -f "$source" ] || source="$work/fixture.out/stacks/$stack/cdk.tf.json"
  tf_prepare_stack "$stack" "$source"
done
tf_init_shared "${stacks[@]}"

# One at a time: each run starts the AWS provider (about 500 MB resident); in parallel they would
# need gigabytes for little gain on two cores.
for stack in "${stacks[@]}"; do
  terraform -chdir="$work/$stack" validate -json -no-color >"$work/$stack/validate.json" 2>"$work/$stack/validate.err" || true
done

failed=0
for stack in "${stacks[@]}"; do
  dir="$work/$stack"
  if [ ! -s "$dir/validate.json" ]; then
    echo "validate: $stack: terraform validate did not run:" >&2
    sed 's/^/  /' "$dir/validate.err" >&2
    failed=1
    continue
  fi
  if node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const d of r.diagnostics) {
      const where = d.address || (d.range ? `${d.range.filename}:${d.range.start.line}` : "");
      console.error(`  ${d.severity}: ${where} ${d.summary}${d.detail ? ": " + d.detail.replace(/\s+/g, " ") : ""}`);
    }
    process.exit(r.valid ? 0 : 1);
  ' "$dir/validate.json"; then
    echo "validate: $stack: valid"
  else
    echo "validate: $stack: INVALID" >&2
    failed=1
  fi
done
exit "$failed"
