#!/usr/bin/env bash
# Offline `terraform validate` of every synthesized stack against the real AWS provider.
#
# Usage: npm run validate            (synthesizes first, then validates every stack)
#        VALIDATE_REQUIRED=1 ...     (CI: a skipped validation is a failure)
#
# Where the machine has a filesystem mirror of hashicorp/aws (TF_PLUGIN_MIRROR, default
# /opt/tf-plugins), each stack is validated against the mirrored version through a copy with an
# override of the pinned provider version; the stacks themselves stay pinned to what
# @cdktf/provider-aws generates. Without a mirror, terraform uses the public registry. Without
# terraform, or when init cannot fetch the provider, it says so plainly and skips.
set -euo pipefail
cd "$(dirname "$0")/.."

required="${VALIDATE_REQUIRED:-0}"
skip() {
  echo "validate: SKIPPED: $1" >&2
  if [ "$required" = "1" ]; then
    echo "validate: VALIDATE_REQUIRED=1, so a skipped validation fails." >&2
    exit 1
  fi
  exit 0
}

command -v terraform >/dev/null 2>&1 || skip "terraform is not installed (https://developer.hashicorp.com/terraform/install); nothing was validated."

[ "${VALIDATE_SKIP_SYNTH:-0}" = "1" ] || npm run --silent synth

work="$PWD/.validate"
rm -rf "$work"
mkdir -p "$work"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
mirrored_version=""
if [ -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  mirrored_version="$(ls "$mirror/registry.terraform.io/hashicorp/aws" | sort -V | tail -n 1)"
fi

# The machines' environment may point TF_CLI_CONFIG_FILE at a file that does not exist.
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
if [ -n "$mirrored_version" ]; then
  cat >"$TF_CLI_CONFIG_FILE" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
RC
  echo "validate: using hashicorp/aws $mirrored_version from the mirror at $mirror (stacks pin $(node -p 'require("@cdktf/provider-aws/package.json").cdktf.provider.version' 2>/dev/null || echo 6.x))"
else
  : >"$TF_CLI_CONFIG_FILE"
  echo "validate: no provider mirror at $mirror; terraform will download the pinned provider from the registry"
fi
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1

# Besides the five environments, a fixture with every optional feature on (UI, managed flags...).
node scripts/run-ts.js scripts/synth-fixture.ts "$work/fixture.out"

stacks=()
for dir in cdktf.out/stacks/*/ "$work"/fixture.out/stacks/*/; do stacks+=("$(basename "$dir")"); done
[ "${#stacks[@]}" -gt 0 ] || { echo "validate: no stacks under cdktf.out/stacks" >&2; exit 1; }

prepare_stack() {
  local dir="$work/$1"
  mkdir -p "$dir"
  local source="cdktf.out/stacks/$1/cdk.tf.json"
  [ -f "$source" ] || source="$work/fixture.out/stacks/$1/cdk.tf.json"
  cp "$source" "$dir/"
  if [ -n "$mirrored_version" ]; then
    printf '{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws","version":"%s"}}}}\n' \
      "$mirrored_version" >"$dir/zz_override.tf.json"
  fi
}

# Every stack needs the same provider: initialise the first stack once (about 3 s), then give
# the others its provider directory and lock file instead of installing 700 MB five times.
first="${stacks[0]}"
for stack in "${stacks[@]}"; do prepare_stack "$stack"; done
if ! terraform -chdir="$work/$first" init -backend=false -input=false -no-color >"$work/init.log" 2>&1; then
  sed 's/^/  /' "$work/init.log" >&2
  if grep -qE "Failed to (query|install) provider|could not connect|Failed to retrieve" "$work/init.log"; then
    skip "terraform init could not install the AWS provider (offline, no mirror?); nothing was validated."
  fi
  echo "validate: terraform init failed on $first (see above)" >&2
  exit 1
fi
for stack in "${stacks[@]:1}"; do
  ln -s "$work/$first/.terraform" "$work/$stack/.terraform"
  cp "$work/$first/.terraform.lock.hcl" "$work/$stack/"
done

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
