#!/usr/bin/env bash
# Stand-in for BuildKit's buildctl-daemonless.sh: the real script starts a throw-away buildkitd and runs
# "buildctl --addr=ADDRESS ARGS"; this one runs the buildctl stand-in beside it the same way.
exec "$(dirname "${BASH_SOURCE[0]}")/buildctl" --addr=unix:///run/buildkit/buildkitd.sock "$@"
