# Shared by scripts/validate.sh and scripts/terraform-test.sh (sourced, not run): one provider
# set-up for every offline terraform run of this project.
#
# Where the machine has a filesystem mirror of hashicorp/aws (TF_PLUGIN_MIRROR, default
# /opt/tf-plugins), each stack is copied into a work folder with an override of the pinned
# provider version, so terraform uses the mirrored version; the stacks themselves stay pinned
# to what @cdktf/provider-aws generates. Without a mirror, terraform uses the public registry.
#
# Callers set `tool` (the name in messages), `required` (1: a skip is a failure, and
# `required_by` says why) and, before tf_setup_cli_config, `work` (the work folder).

# skip MESSAGE: says plainly why nothing was checked, and fails when the run is required.
skip() {
  echo "$tool: SKIPPED: $1" >&2
  if [ "${required:-0}" = "1" ]; then
    echo "$tool: ${required_by:-required}, so a skipped run fails." >&2
    exit 1
  fi
  exit 0
}

tf_setup_cli_config() {
  local mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
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
    echo "$tool: using hashicorp/aws $mirrored_version from the mirror at $mirror (stacks pin $(node -p 'require("@cdktf/provider-aws/package.json").cdktf.provider.version' 2>/dev/null || echo 6.x))"
  else
    : >"$TF_CLI_CONFIG_FILE"
    echo "$tool: no provider mirror at $mirror; terraform will download the pinned provider from the registry"
  fi
  export TF_IN_AUTOMATION=1
  export CHECKPOINT_DISABLE=1
}

# tf_prepare_stack NAME SOURCE_JSON: a work folder with the stack and the provider override.
tf_prepare_stack() {
  local dir="$work/$1"
  mkdir -p "$dir"
  cp "$2" "$dir/"
  if [ -n "$mirrored_version" ]; then
    printf '{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws","version":"%s"}}}}\n' \
      "$mirrored_version" >"$dir/zz_override.tf.json"
  fi
}

# tf_init_shared STACK...: every stack needs the same provider, so initialise the first once
# (about 3 s) and give the others its provider folder and lock file instead of installing
# 700 MB per stack.
tf_init_shared() {
  local first="$1"
  shift
  if ! terraform -chdir="$work/$first" init -backend=false -input=false -no-color >"$work/init.log" 2>&1; then
    sed 's/^/  /' "$work/init.log" >&2
    if grep -qE "Failed to (query|install) provider|could not connect|Failed to retrieve" "$work/init.log"; then
      skip "terraform init could not install the AWS provider (offline, no mirror?); nothing was checked."
    fi
    echo "$tool: terraform init failed on $first (see above)" >&2
    exit 1
  fi
  local stack
  for stack in "$@"; do
    ln -s "$work/$first/.terraform" "$work/$stack/.terraform"
    cp "$work/$first/.terraform.lock.hcl" "$work/$stack/"
  done
}
