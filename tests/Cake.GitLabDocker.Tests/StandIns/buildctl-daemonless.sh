#!/usr/bin/env bash
# Stand-in for BuildKit's buildctl-daemonless.sh: the real script starts a throw-away buildkitd (with $BUILDKITD_FLAGS)
# and runs "buildctl --addr=ADDRESS ARGS"; this one runs the buildctl stand-in beside it the same way. What the daemon
# would get is recorded beside that call's arguments:
#   $DOCKER_STANDIN_LOG/NNN.buildkitd-flags    $BUILDKITD_FLAGS, when set
#   $DOCKER_STANDIN_LOG/NNN.buildkitd-config   a copy of the file its --config=FILE names
set -u
log="${DOCKER_STANDIN_LOG:?DOCKER_STANDIN_LOG must name the folder that records calls}"
mkdir -p "$log"
if [ -n "${BUILDKITD_FLAGS:-}" ]; then
  n=$(printf '%03d' "$(find "$log" -maxdepth 1 -name '*.args' | wc -l)")
  printf '%s' "$BUILDKITD_FLAGS" > "$log/$n.buildkitd-flags"
  for flag in $BUILDKITD_FLAGS; do
    case "$flag" in --config=*) cp "${flag#--config=}" "$log/$n.buildkitd-config" ;; esac
  done
fi
exec "$(dirname "${BASH_SOURCE[0]}")/buildctl" --addr=unix:///run/buildkit/buildkitd.sock "$@"
