#!/usr/bin/env bash
# Plan one environment: npm run plan -- <env> [extra terraform plan arguments]
# Brings terraform/<env> up to date with the code
# (npm run terraform:write), then runs terraform init and plan there, the folder Atlantis and
# Terraform Cloud run in, with your own credentials: use the environment's profile, e.g.
# AWS_PROFILE=transcom-gov-milmove-stg. The account id comes from TF_VAR_account_id or
# `-var account_id=...`. Terraform's working files there (.terraform/, the lock file, a saved
# plan) survive later runs of this and of npm run terraform:write.
set -euo pipefail
cd "$(dirname "$0")/.."
shift # the npm script passes its own name first

env="${1:-}"
command -v terraform >/dev/null 2>&1 || {
  echo "plan: terraform is not installed (needed: 1.10 or later, https://developer.hashicorp.com/terraform/install); nothing was planned." >&2
  exit 1
}
npm run --silent terraform:write
if [ -z "$env" ] || [ ! -f "terraform/$env/cdk.tf.json" ]; then
  names="$(cd terraform && ls -d */ | tr -d / | tr '\n' ' ')"
  echo "usage: npm run plan -- <environment> [terraform plan arguments]; environment is one of: $names" >&2
  exit 2
fi
shift
cd "terraform/$env"
if [ -z "${TF_VAR_account_id:-}" ] && [[ " $* " != *"account_id="* ]]; then
  echo "plan: no account id given; set TF_VAR_account_id=<12 digits> or add -var account_id=<12 digits>" >&2
  exit 2
fi
terraform init -input=false
terraform plan -input=false "$@"
