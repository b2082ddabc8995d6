#!/usr/bin/env bash
# ToolTune container entrypoint: picks the GoMLX backend (XLA CUDA when a GPU and the PJRT
# CUDA plugin are present, else the pure-Go backend), reads the Hugging Face token from the
# Docker secret into HF_TOKEN without ever printing it, then runs the given command, or
# JupyterLab on port $JUPYTER_PORT (8888) serving /work when no command is given.
#
# Settings (environment): GOMLX_BACKEND (kept when set), HF_TOKEN (kept when set),
# TOOLTUNE_HF_TOKEN_FILE (the secret, default /run/secrets/hf_token), JUPYTER_PORT,
# TOOLTUNE_RUN_DIR (where the JupyterLab port is noted for the health check, default /tmp).
set -euo pipefail

# shellcheck source=docker/backend-env.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/backend-env.sh"

# load_hf_token exports HF_TOKEN from the secret file, trimmed of whitespace (files written
# with echo end in a newline; Windows editors add \r). It logs only where the token came from.
load_hf_token() {
  local file="${TOOLTUNE_HF_TOKEN_FILE:-/run/secrets/hf_token}" token
  if [[ -n "${HF_TOKEN:-}" ]]; then
    tooltune_log "HF_TOKEN: given in the environment; ${file} not read"
    return 0
  fi
  if [[ ! -e "$file" ]]; then
    tooltune_log "HF_TOKEN: not set (no secret at ${file}); gated models will not download"
    return 0
  fi
  if [[ ! -r "$file" ]]; then
    tooltune_log "HF_TOKEN: not set: ${file} is not readable by user $(id -un)"
    return 0
  fi
  token=$(tr -d '[:space:]' <"$file")
  if [[ -z "$token" ]]; then
    tooltune_log "HF_TOKEN: not set: ${file} is empty"
    return 0
  fi
  export HF_TOKEN="$token"
  tooltune_log "HF_TOKEN: set from ${file}"
}

main() {
  tooltune_select_backend
  load_hf_token
  if [[ $# -eq 0 ]]; then
    local port="${JUPYTER_PORT:-8888}"
    # The health check probes JupyterLab only in containers that run it.
    printf '%s\n' "$port" >"${TOOLTUNE_RUN_DIR:-/tmp}/tooltune-jupyter.port"
    set -- jupyter lab --no-browser --ip=0.0.0.0 --port="$port" --ServerApp.root_dir=/work
  fi
  exec "$@"
}

main "$@"
