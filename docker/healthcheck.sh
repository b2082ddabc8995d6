#!/usr/bin/env bash
# Docker HEALTHCHECK for the ToolTune image: when the entrypoint started JupyterLab, the
# container is healthy once JupyterLab answers its unauthenticated /api endpoint; a container
# running another command (a training run, a check) has no server to probe and is healthy.
set -euo pipefail

port_file="${TOOLTUNE_RUN_DIR:-/tmp}/tooltune-jupyter.port"
[[ -f "$port_file" ]] || exit 0
port=$(<"$port_file")
curl --fail --silent --show-error --max-time 5 "http://127.0.0.1:${port}/api" >/dev/null
