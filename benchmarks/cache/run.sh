#!/usr/bin/env bash
# Registry-cache benchmark: builds examples/hello through the packed add-in (dotnet cake) against a loopback
# distribution registry, each build on a fresh local cache (as a new CI job starts), and prints one table measured in
# one run: Buildah always, with the storage driver it chooses (overlay where it can mount it) and with vfs side by side;
# when a BuildKit daemon answers at BUILDKIT_HOST, also the BuildKit engine and buildx (a
# remote builder on that daemon), side by side, the daemon's cache pruned before each build.
#   usage: benchmarks/cache/run.sh [SLOW_SECONDS]   (default 20: the length of the deliberately slow RUN step)
# The registry is as GitLab's: HTTPS with a certificate from a CA, token auth (benchmarks/setup.sh).
# Needs what .ci/install-tools installs (buildah, docker-registry, python3-cryptography, busybox-static); packs the add-in
# with ./build.sh first unless GITLAB_DOCKER_PACKAGES names a folder that holds it.
# For the BuildKit rows: buildctl on PATH, a daemon that trusts GITLAB_DOCKER_TEST_CA's CA, GITLAB_DOCKER_TEST_REGISTRY_HOST
# (see benchmarks/job/run.sh) and, for buildx, the docker CLI with the buildx plugin.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=benchmarks/setup.sh
source "$root/benchmarks/setup.sh"
slow="${1:-20}"
work="$(mktemp -d /tmp/gitlab-docker-bench-XXXXXX)"
cleanup() {
  stop_registry
  [ -n "${BUILDX_BUILDER:-}" ] && docker buildx rm "$BUILDX_BUILDER" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

packages="${GITLAB_DOCKER_PACKAGES:-$root/artifacts}"   # a folder that already holds the packed add-in, or pack it
[ -n "${GITLAB_DOCKER_PACKAGES:-}" ] || "$root/build.sh" >/dev/null
(cd "$root" && dotnet tool restore >/dev/null)

export CI_REGISTRY_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"   # in the environment, never in a command line
start_registry "$work" bench

private_buildah_storage "$work"
engine=buildah
storage_driver=""
fresh_storage() { # a new CI job: empty local storage (Buildah) or an empty daemon cache (BuildKit)
  if [ "$engine" = buildah ]; then rm -rf "$work/storage"; else buildctl --addr "$BUILDKIT_HOST" prune --all >/dev/null; fi
}

push_base_image "$work" bench

# The example, with a slow restore step (a stand-in for a package restore that rarely changes).
cp -r "$root/examples/hello" "$work/app"
sed -i "s|^COPY deps.txt /src/\$|&\nRUN sleep $slow|" "$work/app/Dockerfile"
# Every pushing build also pushes IMAGE:sha-<commit>; BENCH_REUSE=1 makes a tag pipeline promote it instead of building.
sed -i 's|^    {$|&\n        settings.WithCommitTag().WithReuseCommitImage(EnvironmentVariable("BENCH_REUSE") == "1");|' "$work/app/build.cake"

build() { # $1 = label, $2 = branch, $3 = tag (optional), $4 = BENCH_REUSE; prints "label Image-task-seconds whole-run-seconds"
  local start end task ref
  fresh_storage
  if [ -n "${3:-}" ]; then ref="CI_COMMIT_TAG=$3"; else ref="CI_COMMIT_BRANCH=$2"; fi
  start=$(date +%s.%N)
  (cd "$work/app" && env GITLAB_CI=true CI_DEFAULT_BRANCH=main "$ref" CI_COMMIT_SHORT_SHA=1a2b3c4d BENCH_REUSE="${4:-0}" \
      CI_REGISTRY="$registry" CI_REGISTRY_IMAGE="$registry/group/hello-$engine$storage_driver" CI_REGISTRY_USER=bench \
      GITLAB_DOCKER_ENGINE="$engine" STORAGE_DRIVER="$storage_driver" SSL_CERT_FILE="$registry_ca" BASE_IMAGE="$registry/base/busybox:1" \
      CAKE_NUGET_SOURCE="$packages" NO_COLOR=1 \
      dotnet tool run dotnet-cake --target=Image > "$work/$1.log" 2>&1) || { cat "$work/$1.log" >&2; exit 1; }
  end=$(date +%s.%N)
  task=$(grep -E '^ *Image +[0-9:.]+ +Succeeded' "$work/$1.log" | awk '{print $2}' | awk -F: '{print $1*3600+$2*60+$3}')
  echo "ROW $1 $task $(echo "$end - $start" | bc)"
}

cp "$root/.config/dotnet-tools.json" "$work/app/.config/dotnet-tools.json" 2>/dev/null || true
(cd "$work/app" && dotnet tool restore >/dev/null)
row_name() { # the engine, and for Buildah the storage driver its jobs used (named, or chosen and logged by the add-in)
  if [ "$engine" != buildah ]; then echo "$engine"; return; fi
  echo "buildah-${storage_driver:-$(grep -oE 'Buildah storage: [a-z]+' "$work/cold.log" | head -1 | awk '{print $3}')}"
}

engines=(buildah buildah-vfs)
if [ -n "${BUILDKIT_HOST:-}" ] && buildctl --addr "$BUILDKIT_HOST" debug workers >/dev/null 2>&1; then
  [ -n "${GITLAB_DOCKER_TEST_CA:-}" ] && [ -n "${GITLAB_DOCKER_TEST_REGISTRY_HOST:-}" ] ||
    { echo "cache benchmark: the BuildKit rows need GITLAB_DOCKER_TEST_CA and GITLAB_DOCKER_TEST_REGISTRY_HOST: see benchmarks/job/run.sh" >&2; exit 1; }
  engines+=(buildkit buildx)
  docker buildx create --name gitlab-docker-bench --driver remote "$BUILDKIT_HOST" >/dev/null
  export BUILDX_BUILDER=gitlab-docker-bench
fi

results=()
for row in "${engines[@]}"; do
  # Each row starts from a repository of its own and the example as committed; buildah-vfs names the vfs driver.
  engine="${row%%-*}"
  storage_driver=""
  [ "$row" = buildah-vfs ] && storage_driver=vfs
  cp "$root/examples/hello/src/message.txt" "$work/app/src/message.txt"
  results+=("$(build cold main)")
  results+=("$(build warm main)")
  echo "changed at $(date +%s%N)" >> "$work/app/src/message.txt"
  results+=("$(build source-change main)")
  results+=("$(build release-rebuild main v1.0.0 0)")
  results+=("$(build release-promote main v1.0.1 1)")
  echo "feature work" >> "$work/app/src/message.txt"
  results+=("$(build feature-first feature/new-page)")
  name="$(row_name)"
  for i in "${!results[@]}"; do results[i]="${results[i]/#ROW /$name }"; done
done

printf '\nRegistry cache benchmark (Buildah %s%s, slow step %ss, fresh local cache per build)\n\n' "$(buildah --version | awk '{print $3}')" \
  "$([[ " ${engines[*]} " == *" buildkit "* ]] && echo ", BuildKit $(buildctl --version | awk '{print $3}') at $BUILDKIT_HOST")" "$slow"
printf '| engine | build | Image task (s) | ratio to cold | whole dotnet cake run (s) | ratio to cold |\n|---|---|---|---|---|---|\n'
for row in "${results[@]}"; do
  read -r row_engine label task total <<< "$row"
  [ "$label" = cold ] && cold_task=$task && cold_total=$total
  printf '| %s | %s | %.1f | %.2f | %.1f | %.2f |\n' "$row_engine" "$label" "$task" "$(echo "$task / $cold_task" | bc -l)" "$total" "$(echo "$total / $cold_total" | bc -l)"
done
