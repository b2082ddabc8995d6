# shellcheck shell=bash
# Shared by docker/entrypoint.sh and scripts/gpu-check (sourced, not run): finds the NVIDIA GPUs
# and go-xla's PJRT CUDA plugin, and picks the GoMLX backend that lib/model.NewBackend will use
# by setting GOMLX_BACKEND, which NewBackend passes to GoMLX unchanged.

# TOOLTUNE_SIMPLEGO_BACKEND is lib/model.SafeSimpleGoConfig: the pure-Go backend with the
# settings that were seen not to hang in multi-step training (a Go test keeps the two equal).
TOOLTUNE_SIMPLEGO_BACKEND="fastgo:ops_sequential"

# tooltune_log writes one line to stderr, never to stdout, so commands' output stays clean.
tooltune_log() {
  printf 'tooltune: %s\n' "$*" >&2
}

# tooltune_gpu_names prints one line per GPU that nvidia-smi sees; it fails when there is no
# nvidia-smi, when nvidia-smi fails (no driver, no device passed to the container) or when it
# lists nothing.
tooltune_gpu_names() {
  command -v nvidia-smi >/dev/null 2>&1 || return 1
  local names
  names=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null) || return 1
  [[ -n "${names//[[:space:]]/}" ]] || return 1
  printf '%s\n' "$names"
}

# tooltune_cuda_plugin prints the path of the PJRT CUDA plugin, searching the directories that
# github.com/gomlx/go-xla/pkg/pjrt searches: $PJRT_PLUGIN_LIBRARY_PATH when set, else its
# defaults under /usr/local/lib/go-xla and ~/.local/lib/go-xla.
tooltune_cuda_plugin() {
  local search="${PJRT_PLUGIN_LIBRARY_PATH:-/usr/local/lib/go-xla:/usr/local/lib/go-xla/nvidia:${HOME:-/nonexistent}/.local/lib/go-xla:${HOME:-/nonexistent}/.local/lib/go-xla/nvidia}"
  local dirs dir
  IFS=: read -r -a dirs <<<"$search"
  for dir in "${dirs[@]}"; do
    if [[ -n "$dir" && -f "$dir/pjrt_c_api_cuda_plugin.so" ]]; then
      printf '%s\n' "$dir/pjrt_c_api_cuda_plugin.so"
      return 0
    fi
  done
  return 1
}

# tooltune_select_backend exports GOMLX_BACKEND (unless already set, which always wins):
# "xla:cuda" when a GPU is visible and the CUDA plugin is installed, else the pure-Go backend.
# It also exports GOMLX_NO_AUTO_INSTALL, because with a plugin *name* such as "cuda" GoMLX
# otherwise tries to download plugins at every start.
tooltune_select_backend() {
  export GOMLX_NO_AUTO_INSTALL="${GOMLX_NO_AUTO_INSTALL-1}"
  if [[ -n "${GOMLX_BACKEND:-}" ]]; then
    tooltune_log "backend: GOMLX_BACKEND=${GOMLX_BACKEND} (given, kept)"
    return 0
  fi
  local gpus plugin
  if ! gpus=$(tooltune_gpu_names); then
    export GOMLX_BACKEND="$TOOLTUNE_SIMPLEGO_BACKEND"
    tooltune_log "backend: GOMLX_BACKEND=${GOMLX_BACKEND} (pure Go): nvidia-smi sees no GPU"
    return 0
  fi
  if ! plugin=$(tooltune_cuda_plugin); then
    export GOMLX_BACKEND="$TOOLTUNE_SIMPLEGO_BACKEND"
    tooltune_log "backend: GOMLX_BACKEND=${GOMLX_BACKEND} (pure Go): a GPU is visible but no PJRT CUDA plugin is installed (pjrt_c_api_cuda_plugin.so)"
    return 0
  fi
  export GOMLX_BACKEND="xla:cuda"
  tooltune_set_cuda_data_dir "$plugin"
  local count
  count=$(grep -c . <<<"$gpus")
  tooltune_log "backend: GOMLX_BACKEND=${GOMLX_BACKEND} on ${count} GPU(s): $(head -n 1 <<<"$gpus"); plugin ${plugin}"
}

# tooltune_set_cuda_data_dir points XLA at the CUDA tools (ptxas, libdevice) that go-xla's
# installer put in the nvidia/ directory beside the plugin's parent, the place go-xla itself
# checks. go-xla v0.1.4 sets --xla_gpu_cuda_data_dir to a fixed path of its author's machine
# unless XLA_FLAGS already names one, so it is named here; a value the user gave is kept.
tooltune_set_cuda_data_dir() {
  local data_dir
  data_dir="$(dirname "$(dirname "$1")")/nvidia"
  if [[ "${XLA_FLAGS:-}" != *--xla_gpu_cuda_data_dir* ]]; then
    export XLA_FLAGS="${XLA_FLAGS:+${XLA_FLAGS} }--xla_gpu_cuda_data_dir=${data_dir}"
  fi
}
