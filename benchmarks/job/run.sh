#!/usr/bin/env bash
# Warm-job benchmark (issue #14): what a warm default-branch CI job costs through the add-in, next to the same engine
# commands run by a plain shell script. One priming build per engine leaves the registry cache; then every measured job
# starts on fresh local storage (Buildah) or a pruned daemon cache (BuildKit), as a new CI job does. Its headline is one
# table, per engine: the job through the add-in beside the same engine commands by hand, side by side in one run (medians
# of ROUNDS interleaved rounds; in each round, per engine: a job with the script compiled, a job with the cached script,
# then the by-hand replay of that cached job's engine commands, by bash and then from a Cake task). Then what Cake itself
# costs any script (the same replay from a Cake task), the whole jobs, and a per-command breakdown.
#   usage: benchmarks/job/run.sh [ROUNDS]   (default 5)
#          GITLAB_DOCKER_TEST_CA=… GITLAB_DOCKER_TEST_REGISTRY_HOST=… BUILDKIT_HOST=unix:///run/buildkit/buildkitd.sock \
#            benchmarks/job/run.sh 5   # and BuildKit, buildx (what those variables need: below)
# The registry is as GitLab's: HTTPS with a certificate from a CA (the jobs trust it as a job image's CA bundle does,
# SSL_CERT_FILE) and token auth from a realm that checks the password (benchmarks/setup.sh).
# Needs what .ci/install-tools installs (buildah, docker-registry, python3-cryptography, busybox-static) and the
# .NET SDK (it packs the add-in with ./build.sh, unless GITLAB_DOCKER_PACKAGES names a folder holding it). Runs as root.
# For the BuildKit rows: a daemon answering at BUILDKIT_HOST that trusts the CA in GITLAB_DOCKER_TEST_CA (a folder with
# ca.crt and ca.key; start buildkitd with SSL_CERT_FILE=$GITLAB_DOCKER_TEST_CA/ca.crt), GITLAB_DOCKER_TEST_REGISTRY_HOST
# naming 127.0.0.1 in /etc/hosts (BuildKit speaks plain HTTP to a loopback address), buildctl on PATH and, for buildx,
# the docker CLI with the buildx plugin where docker finds it (the run's private DOCKER_CONFIG gets a link to it: see
# benchmarks/setup.sh). Nothing here asserts on times.
#
# How the columns are measured:
#   by hand            the engine commands the add-in ran in that round's cached job (recorded by PATH shims for
#                      docker, buildah, buildctl and skopeo, top-level calls only), replayed by a generated bash script:
#                      the password on standard input for `login --password-stdin`, and for the BuildKit engine and
#                      buildx a private Docker config the script writes itself (neither runs a login), with the run's
#                      plugins and builders linked in for buildx, as the add-in does.
#   Image task         Cake's own time for the Image task (median over both jobs of each round). The benchmark's copy
#                      of build.cake makes Image depend on an empty task, Nothing, which takes Cake's first-task cost.
#   over by hand       per round, the cached job's Image task minus the replay of its commands; the median of these.
#   same commands      the sum of the engine commands' median times in the cached job (timed by the shims) minus the
#                      same by hand: how much slower the engine itself ran under Cake.
#   add-in's own time  the cached job's Image task minus the time its engine commands ran (two that run side by side,
#                      as Buildah's storage check beside its login, count once): the add-in's work around them. The
#                      replay by hand runs every command one after the other, in the order they started in the job.
#   from a Cake task   the same replay script, started by StartProcess from a Replay task of a cached job of the same
#                      build.cake (on fresh storage again): what any build.cake that runs these commands pays for Cake.
#                      "add-in over the Cake task" is, per round, the Image task minus that task; the median of these.
#   whole job          `dotnet cake` wall time with CAKE_SETTINGS_ENABLESCRIPTCACHE=true: "compiled" empties the script
#                      cache first (tools/cache; tools/Addins is kept), "cached" keeps it (a job with a `cache:` of
#                      tools/). Cake runs with --verbosity=verbose in both, which is where it says which one it did.
# It fails (and prints no table) when a measured job or replay rebuilt a step instead of taking it from the registry
# cache, when a "cached" job compiled the script, or when the registry password shows up in a log or a command line.
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=benchmarks/setup.sh
source "$root/benchmarks/setup.sh"
rounds="${1:-5}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ROUNDS]   (ROUNDS: a positive whole number)" >&2; exit 2; }

work="$(mktemp -d /tmp/gitlab-docker-jobbench-XXXXXX)"
app="$work/app"
shims="$work/shims"
results="$work/results.tsv"    # row, metric, value (seconds)
steps="$work/steps.tsv"        # row, round, where (job|hand), index, label, seconds
builder=""
registry_user=bench
password="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"   # throwaway, for this run's registry only
export CI_REGISTRY_PASSWORD="$password"   # the jobs and the replay read it from the environment, never a command line
bench_path="$PATH"

cleanup() {
  local status=$?
  stop_registry
  if [ -n "$builder" ]; then docker buildx rm "$builder" >/dev/null 2>&1 || true; fi
  unmount_storage
  if [ -f "$work/temp-folders" ]; then xargs -r rm -rf < "$work/temp-folders" || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

fail() { echo "job benchmark: $*" >&2; exit 1; }
note() { echo "$*" >&2; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

pack_addin() { # GITLAB_DOCKER_PACKAGES names a folder that already holds the packed add-in (the tests pass theirs)
  packages="${GITLAB_DOCKER_PACKAGES:-$root/artifacts}"
  if [ -z "${GITLAB_DOCKER_PACKAGES:-}" ]; then
    note "Packing the add-in (./build.sh)..."
    "$root/build.sh" > "$work/pack.log" 2>&1 || { cat "$work/pack.log" >&2; fail "./build.sh failed"; }
  fi
  (cd "$root" && dotnet tool restore >/dev/null)
}

prepare_app() { # a copy of examples/hello whose Image task depends on an empty first task, and a task that runs the replay
  cp -r "$root/examples/hello" "$app"
  rm -rf "$app/tools"
  sed -i 's|^Task("Image")$|Task("Nothing");\n\n&\n    .IsDependentOn("Nothing")|' "$app/build.cake"
  grep -q '^    .IsDependentOn("Nothing")$' "$app/build.cake" || fail "could not add the Nothing task to the example's build.cake"
  # The by-hand script started from a Cake task of the same job, as a build.cake that runs the commands itself would.
  sed -i 's|^RunTarget(target);$|Task("Replay")\n    .IsDependentOn("Nothing")\n    .Does(() =>\n{\n    var code = StartProcess("bash", EnvironmentVariable("BENCH_REPLAY"));\n    if (code != 0) throw new Exception($"the replay exited with {code}");\n});\n\n&|' "$app/build.cake"
  grep -q '^Task("Replay")$' "$app/build.cake" || fail "could not add the Replay task to the example's build.cake"
  mkdir -p "$app/.config" && cp "$root/.config/dotnet-tools.json" "$app/.config/dotnet-tools.json"
  (cd "$app" && dotnet tool restore >/dev/null)
}

install_recording_shims() { # docker, buildah, buildctl, skopeo: record top-level calls (times and argv), then run the tool
  mkdir -p "$shims"
  local tool real
  for tool in docker buildah buildctl skopeo; do
    real="$(command -v "$tool" || true)"
    [ -n "$real" ] || continue
    cat > "$shims/$tool" <<SHIM
#!/usr/bin/env bash
# Records this call when BENCH_RECORD is set, unsets it so the tool's own children (git, buildctl) are not recorded.
if [ -z "\${BENCH_RECORD:-}" ]; then exec $(printf '%q' "$real") "\$@"; fi
record="\$BENCH_RECORD"; unset BENCH_RECORD
start=\$EPOCHREALTIME
status=0; $(printf '%q' "$real") "\$@" || status=\$?
# One line per call, written whole at its end: calls that run side by side (a check beside the login) stay apart.
line="\$(printf '%s %s\t' "\$start" "\$EPOCHREALTIME"; printf '%q ' $tool "\$@")"
printf '%s\n' "\$line" >> "\$record.calls"
exit "\$status"
SHIM
    chmod +x "$shims/$tool"
  done
}

storage_conf() {
  private_buildah_storage "$work"
  : > "$work/temp-folders"
  mkdir -p "$DOCKER_CONFIG"
}

unmount_storage() { # overlay leaves mounts under the graph root; unmount them deepest first
  local target
  while read -r target; do umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true; done < <(
    findmnt -rn -o TARGET 2>/dev/null | awk -v w="$work/storage/" 'index($0, w) == 1' | sort -r)
}

fresh_storage() { # $1 = row: a new CI job starts with empty local storage (Buildah) or an empty daemon cache (BuildKit)
  case "$1" in
    buildah-*) unmount_storage; rm -rf "$work/storage" ;;
    *) buildctl --addr "$BUILDKIT_HOST" prune --all >/dev/null ;;
  esac
}

row_title() { # the unnamed-driver row is titled by the driver the add-in chose in its priming job
  case "$1" in
    buildah-overlay)
      if [ ! -f "$work/logs/buildah-overlay-0-priming.log" ] || grep -q 'Buildah storage: overlay' "$work/logs/buildah-overlay-0-priming.log"; then
        echo "buildah (overlay)"
      else
        echo "buildah (unnamed driver: vfs)"
      fi ;;
    buildah-vfs) echo "buildah (vfs)" ;;
    *) echo "$1" ;;
  esac
}

set_row_env() { # $1 = row: fills row_env with the job's variables for that engine
  row_env=(GITLAB_CI=true CI_SERVER=yes CI_PIPELINE_SOURCE=push CI_DEFAULT_BRANCH=main CI_COMMIT_BRANCH=main
    CI_COMMIT_REF_NAME=main CI_COMMIT_REF_SLUG=main CI_COMMIT_SHA=1a2b3c4d5e6f70819293a4b5c6d7e8f901234567 CI_COMMIT_SHORT_SHA=1a2b3c4d
    CI_REGISTRY="$registry" CI_REGISTRY_IMAGE="$registry/group/hello-$1" CI_REGISTRY_USER="$registry_user"
    SSL_CERT_FILE="$registry_ca" BASE_IMAGE="$registry/base/busybox:1" NO_COLOR=1)
  case "$1" in
    buildah-overlay) row_env+=(GITLAB_DOCKER_ENGINE=buildah) ;;
    buildah-vfs) row_env+=(GITLAB_DOCKER_ENGINE=buildah STORAGE_DRIVER=vfs) ;;
    buildkit) row_env+=(GITLAB_DOCKER_ENGINE=buildkit) ;;
    buildx) row_env+=(GITLAB_DOCKER_ENGINE=buildx) ;;
  esac
}

task_seconds() { # $1 = log, $2 = task: its duration from Cake's summary table
  awk -v task="$2" '$1 == task && $3 == "Succeeded" { split($2, t, ":"); printf "%.3f", t[1] * 3600 + t[2] * 60 + t[3]; found = 1 }
    END { if (!found) exit 1 }' "$1" || fail "no '$2 … Succeeded' line in $1"
}

check_no_password() { # the throwaway password must appear in no log and no recorded command line
  local file
  for file in "$@"; do
    if grep -qF "$password" "$file"; then fail "the registry password appears in $(basename "$file")"; fi
  done
}

uncached_steps() { # $1 = a build log: the build steps it ran instead of taking them from the cache (none in a warm job)
  awk '
    /STEP [0-9]+\/[0-9]+: / {   # Buildah: "--> Using cache" follows a cached step
      if (pending != "") print pending
      pending = ($0 ~ /STEP [0-9]+\/[0-9]+: FROM /) ? "" : $0; next }
    /^--> Using cache / { pending = ""; next }
    /^#[0-9]+ \[[^]]+ [0-9]+\/[0-9]+\] (RUN|COPY|ADD) / { step[$1] = $0; next }   # BuildKit: "#N CACHED" follows a cached step
    /^#[0-9]+ CACHED$/ { cached[$1] = 1 }
    END { if (pending != "") print pending; for (id in step) if (!(id in cached)) print step[id] }' "$1"
}

check_warm() { # $1 = log, $2 = what ran
  local rebuilt
  rebuilt="$(uncached_steps "$1")"
  [ -z "$rebuilt" ] || fail "$2 was not warm: it ran these steps instead of taking them from the registry cache:
$rebuilt"
}

run_job() { # $1 = row, $2 = compiled|cached|priming, $3 = round: one dotnet cake job, engine calls recorded
  local row=$1 variant=$2 round=$3 log record start end image nothing
  log="$work/logs/$row-$round-$variant.log"
  record="$work/records/$row-$round-$variant.cmds"
  mkdir -p "$work/logs" "$work/records"
  : > "$record.calls"
  fresh_storage "$row"
  [ "$variant" = cached ] || rm -rf "$app/tools/cache"
  set_row_env "$row"
  start=$EPOCHREALTIME
  (cd "$app" && env "${row_env[@]}" PATH="$shims:$bench_path" BENCH_RECORD="$record" CAKE_NUGET_SOURCE="$packages" \
      CAKE_SETTINGS_ENABLESCRIPTCACHE=true dotnet tool run dotnet-cake --target=Image --verbosity=verbose > "$log" 2>&1) ||
    { tail -n 60 "$log" >&2; fail "the $variant job of $(row_title "$row") failed (round $round)"; }
  end=$EPOCHREALTIME
  # In the order the calls started: the command lines, and "start end" for each.
  sort -s -g "$record.calls" | cut -f2- > "$record"
  sort -s -g "$record.calls" | cut -f1 > "$record.times"
  check_no_password "$log" "$record"
  [ "$variant" = priming ] || check_warm "$log" "the $variant job of $(row_title "$row") (round $round)"
  case "$variant" in
    compiled) grep -q '^Compiling build script\.\.\.' "$log" || fail "a compiled job did not compile the script ($log)" ;;
    cached) grep -q '^Running cached build script\.\.\.' "$log" ||
      fail "a cached job of $(row_title "$row") did not run the cached script (round $round): no 'Running cached build script...'" ;;
    priming) return 0 ;;
  esac
  image="$(task_seconds "$log" Image)"
  nothing="$(task_seconds "$log" Nothing)"
  printf '%s\t%s\t%s\n' "$row" "$variant" "$(seconds_between "$start" "$end")" "$row" image "$image" "$row" nothing "$nothing" >> "$results"
  if [ "$variant" = cached ]; then
    printf '%s\t%s\t%s\n' "$row" image-cached "$image" "$row" commands-ran "$(time_covered "$record.times")" >> "$results"
    record_step_times "$row" "$round" job "$record" "$record.times"
  fi
  return 0
}

command_label() { # tool and verb(s) of a command line: "buildah login", "docker buildx build"
  local label=$1 word; shift
  for word in "$@"; do
    case "$word" in
      buildx|manifest|imagetools|debug) label+=" $word" ;;
      login|logout|build|push|info|inspect|copy|version|create|rm|prune|pull|tag|du|workers|ls|use) label+=" $word"; break ;;
    esac
  done
  echo "$label"
}

record_step_times() { # $1 row, $2 round, $3 job|hand, $4 command lines, $5 "start end" per line
  local index=0 line start end label
  local -a argv
  while IFS= read -r line && read -r start end <&3; do
    eval "argv=($line)"
    label="$(command_label "${argv[@]}")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$index" "$label" "$(seconds_between "$start" "$end")" >> "$steps"
    index=$((index + 1))
  done < "$4" 3< "$5"
}

write_replay_script() { # $1 = recorded command lines, $2 = script, $3 = row: the commands as a user's plain script
  local line option value
  local -a argv
  {
    echo '#!/usr/bin/env bash'
    echo "# The engine commands of one $(row_title "$3") job, replayed by hand. Times each command into \$STEP_TIMES."
    echo 'set -euo pipefail'
    # shellcheck disable=SC2016,SC2028 # written into the replay script, expanded there
    echo 'step() { local start=$EPOCHREALTIME; "$@"; printf "%s %s\n" "$start" "$EPOCHREALTIME" >> "$STEP_TIMES"; }'
    case "$3" in buildkit|buildx)
      # shellcheck disable=SC2016
      printf '%s\n' 'user_config="${DOCKER_CONFIG:-$HOME/.docker}"' \
        'DOCKER_CONFIG="$(mktemp -d)"; export DOCKER_CONFIG; trap '\''rm -rf "$DOCKER_CONFIG"'\'' EXIT' \
        '(umask 077 && printf '\''{"auths":{"%s":{"auth":"%s"}}}\n'\'' "$CI_REGISTRY" "$(printf "%s:%s" "$CI_REGISTRY_USER" "$CI_REGISTRY_PASSWORD" | base64 -w0)" > "$DOCKER_CONFIG/config.json")'
      # docker finds its plugins and buildx its builders through the config folder: link the user's in, as the add-in does.
      # shellcheck disable=SC2016
      [ "$3" = buildkit ] || printf '%s\n' 'ln -s "$user_config/cli-plugins" "$user_config/buildx" "$DOCKER_CONFIG/"' ;;
    esac
    while IFS= read -r line; do
      eval "argv=($line)"
      option=""
      for value in "${argv[@]}"; do
        case "$option|$value" in
          *"|--metadata-file="*|*"|--digestfile="*) value="${value#*=}" ;&
          "--metadata-file|"*|"--digestfile|"*)
            printf 'mkdir -p %q\n' "$(dirname "$value")"
            dirname "$value" >> "$work/temp-folders" ;;
        esac
        option="$value"
      done
      case " $line " in
        *" --password-stdin "*) echo "printf '%s' \"\$CI_REGISTRY_PASSWORD\" | step $line" ;;
        *) echo "step $line" ;;
      esac
    done < "$1"
  } > "$2"
}

replay_by_hand() { # $1 = row, $2 = round: the cached job's commands by a plain script on fresh storage
  local row=$1 round=$2 record script times start end hand image
  record="$work/records/$row-$round-cached.cmds"
  script="$work/records/$row-$round-hand.sh"
  times="$work/records/$row-$round-hand.times"
  write_replay_script "$record" "$script" "$row"
  : > "$times"
  fresh_storage "$row"
  set_row_env "$row"
  start=$EPOCHREALTIME
  env "${row_env[@]}" PATH="$bench_path" STEP_TIMES="$times" bash "$script" > "$work/logs/$row-$round-hand.log" 2>&1 ||
    { tail -n 40 "$work/logs/$row-$round-hand.log" >&2; fail "the by-hand replay of $(row_title "$row") failed (round $round): $script"; }
  end=$EPOCHREALTIME
  check_no_password "$script" "$work/logs/$row-$round-hand.log"
  check_warm "$work/logs/$row-$round-hand.log" "the by-hand replay of $(row_title "$row") (round $round)"
  hand="$(seconds_between "$start" "$end")"
  # Paired with the job it replays (this round's cached job): the headline's "over by hand" is the median of these.
  image="$(awk -F'\t' -v r="$row" '$1 == r && $2 == "image-cached" { v = $3 } END { print v }' "$results")"
  printf '%s\t%s\t%s\n' "$row" hand "$hand" "$row" over "$(seconds_between "$hand" "$image")" >> "$results"
  record_step_times "$row" "$round" hand "$record" "$times"
}

replay_in_cake() { # $1 = row, $2 = round: the same script started by a Cake task of a cached job, on fresh storage
  local row=$1 round=$2 record script times log task image
  record="$work/records/$row-$round-cached.cmds"
  script="$work/records/$row-$round-hand.sh"
  times="$work/records/$row-$round-cake.times"
  log="$work/logs/$row-$round-cake.log"
  : > "$times"
  fresh_storage "$row"
  set_row_env "$row"
  (cd "$app" && env "${row_env[@]}" PATH="$bench_path" STEP_TIMES="$times" BENCH_REPLAY="$script" CAKE_NUGET_SOURCE="$packages" \
      CAKE_SETTINGS_ENABLESCRIPTCACHE=true dotnet tool run dotnet-cake --target=Replay --verbosity=verbose > "$log" 2>&1) ||
    { tail -n 40 "$log" >&2; fail "the replay from a Cake task of $(row_title "$row") failed (round $round): $script"; }
  grep -q '^Running cached build script\.\.\.' "$log" ||
    fail "the replay from a Cake task of $(row_title "$row") did not run the cached script (round $round)"
  check_no_password "$log"
  check_warm "$log" "the replay from a Cake task of $(row_title "$row") (round $round)"
  task="$(task_seconds "$log" Replay)"
  image="$(awk -F'\t' -v r="$row" '$1 == r && $2 == "image-cached" { v = $3 } END { print v }' "$results")"
  printf '%s\t%s\t%s\n' "$row" cake-hand "$task" "$row" over-cake "$(seconds_between "$task" "$image")" >> "$results"
  record_step_times "$row" "$round" cake "$record" "$times"
  xargs -r rm -rf < "$work/temp-folders"; : > "$work/temp-folders"   # the folders both replays wrote (--metadata-file …)
}

median() { # $1 = row, $2 = metric
  awk -F'\t' -v r="$1" -v m="$2" '$1 == r && $2 == m { print $3 }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

step_breakdown() { # $1 = row, $2 = job|hand: "label median · label median …" in command order
  # A command is its label and which of that label's calls it was in its round; it stands where it came first in any round
  # (a check that runs beside the login may start before or after it).
  awk -F'\t' -v r="$1" -v w="$2" '$1 == r && $3 == w { print $5 "#" (++seen[$2 SUBSEP $5]) "\t" $4 "\t" $6 }' "$steps" |
    awk -F'\t' '{ if (!($1 in pos) || $2 < pos[$1]) pos[$1] = $2; key[NR] = $1; value[NR] = $3 }
      END { for (i = 1; i <= NR; i++) print pos[key[i]] "\t" key[i] "\t" value[i] }' |
    sort -t$'\t' -k1,1n -k2,2 -k3,3g |
    awk -F'\t' 'function emit(  m, label) { m = (c % 2) ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
                   label = key; sub(/#[0-9]+$/, "", label); printf "%s%s %.2f", (shown++ ? " · " : ""), label, m; sum += m }
      { if ($2 != key) { if (key != "") emit(); key = $2; c = 0 } v[++c] = $3 }
      END { if (key != "") emit(); printf " (sum %.2f)", sum }'
}

time_covered() { # $1 = "start end" per call, in start order: how long at least one of them ran
  awk '{ if (NR == 1 || $1 > end) { total += end - start; start = $1; end = $2 } else if ($2 > end) end = $2 }
    END { if (NR) total += end - start; printf "%.3f", total }' "$1"
}

steps_sum() { # $1 = row, $2 = job|hand: the sum of the commands' median times
  step_breakdown "$1" "$2" | sed 's/.*(sum \([0-9.]*\))$/\1/'
}

environment_line() {
  local line cores
  cores="$(nproc)"
  line="Buildah $(buildah --version | awk '{print $3}')"
  if [ ${#rows[@]} -gt 2 ]; then
    line+=", BuildKit $(buildctl --version | awk '{print $3}') at $BUILDKIT_HOST, buildx $(docker buildx version | awk '{print $2}')"
  fi
  line+=", $rounds round(s), $cores cores, load average $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "$line"
}

print_table() {
  local row hand image image_cached job_steps hand_steps cake_steps nothing compiled cached
  printf '\nWarm default-branch job: the add-in against the same engine commands by hand, side by side (medians of %s interleaved rounds; %s)\n\n' \
    "$rounds" "$(environment_line)"
  printf '| engine | by hand (s) | add-in, Image task (s) | add-in over by hand (s) | same commands, under Cake minus by hand (s) | add-in'"'"'s own time (s) |\n'
  printf '|---|---|---|---|---|---|\n'
  for row in "${rows[@]}"; do
    hand=$(median "$row" hand); image=$(median "$row" image); image_cached=$(median "$row" image-cached)
    job_steps=$(steps_sum "$row" job); hand_steps=$(steps_sum "$row" hand)
    printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$(row_title "$row")" "$hand" "$image" "$(median "$row" over)" \
      "$(awk -v a="$job_steps" -v b="$hand_steps" 'BEGIN { print a - b }')" \
      "$(awk -v a="$image_cached" -v b="$(median "$row" commands-ran)" 'BEGIN { print a - b }')"
  done
  printf '\nThe same by-hand script started from a Cake task of a cached job (StartProcess): what running under Cake costs any\n'
  printf 'script, and what the add-in costs beyond that (medians of the same rounds):\n\n'
  printf '| engine | from a Cake task (s) | Cake task over by hand (s) | add-in over the Cake task (s) | commands: Cake task minus by hand (s) | commands: add-in minus Cake task (s) |\n'
  printf '|---|---|---|---|---|---|\n'
  for row in "${rows[@]}"; do
    job_steps=$(steps_sum "$row" job); hand_steps=$(steps_sum "$row" hand); cake_steps=$(steps_sum "$row" cake)
    printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$(row_title "$row")" "$(median "$row" cake-hand)" \
      "$(awk -v a="$(median "$row" cake-hand)" -v b="$(median "$row" hand)" 'BEGIN { print a - b }')" "$(median "$row" over-cake)" \
      "$(awk -v a="$cake_steps" -v b="$hand_steps" 'BEGIN { print a - b }')" "$(awk -v a="$job_steps" -v b="$cake_steps" 'BEGIN { print a - b }')"
  done
  printf '\nAround the Image task (the same jobs):\n\n'
  printf '| engine | Cake'"'"'s first task (s) | whole job, script compiled (s) | whole job, cached script (s) | cached/compiled |\n'
  printf '|---|---|---|---|---|\n'
  for row in "${rows[@]}"; do
    nothing=$(median "$row" nothing); compiled=$(median "$row" compiled); cached=$(median "$row" cached)
    printf '| %s | %.3f | %.2f | %.2f | %.2f |\n' "$(row_title "$row")" "$nothing" "$compiled" "$cached" \
      "$(awk -v a="$cached" -v b="$compiled" 'BEGIN { print a / b }')"
  done
  printf '\nEngine commands, median seconds each (in the cached job, under Cake; and replayed by hand):\n'
  for row in "${rows[@]}"; do
    printf -- '- %s, in the job: %s, running for %.2f in all; Image task of the cached job %.2f, so the add-in'"'"'s own time around them %.2f\n' \
      "$(row_title "$row")" "$(step_breakdown "$row" job)" "$(median "$row" commands-ran)" "$(median "$row" image-cached)" \
      "$(awk -v a="$(median "$row" image-cached)" -v b="$(median "$row" commands-ran)" 'BEGIN { print a - b }')"
    printf -- '- %s, by hand:    %s\n' "$(row_title "$row")" "$(step_breakdown "$row" hand)"
    printf -- '- %s, from a Cake task: %s\n' "$(row_title "$row")" "$(step_breakdown "$row" cake)"
  done
  printf '\nBuildah storage as the add-in logged it: '
  for row in buildah-overlay buildah-vfs; do
    printf '%s: "%s"  ' "$(row_title "$row")" \
      "$(grep -ho 'Buildah storage: .*' "$work/logs/$row-1-cached.log" | head -n 1 | cut -c1-90 || echo "(no line: a named driver)")"
  done
  printf '\n\nCommands the add-in ran in the last cached job, per engine:\n'
  for row in "${rows[@]}"; do
    printf -- '- %s:\n' "$(row_title "$row")"
    sed 's/^/    /' "$work/records/$row-$rounds-cached.cmds"
  done
}

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=(buildah-overlay buildah-vfs)
if [ -n "${BUILDKIT_HOST:-}" ] && buildctl --addr "$BUILDKIT_HOST" debug workers >/dev/null 2>&1; then
  [ -n "${GITLAB_DOCKER_TEST_CA:-}" ] && [ -n "${GITLAB_DOCKER_TEST_REGISTRY_HOST:-}" ] ||
    fail "the BuildKit rows need GITLAB_DOCKER_TEST_CA (the CA the daemon at $BUILDKIT_HOST trusts) and GITLAB_DOCKER_TEST_REGISTRY_HOST (a name for 127.0.0.1): see the head of $0"
  rows+=(buildkit buildx)
elif [ -n "${BUILDKIT_HOST:-}" ]; then
  note "No BuildKit daemon answers at $BUILDKIT_HOST: Buildah rows only."
fi

pack_addin
start_registry "$work" "$registry_user"
storage_conf
push_base_image "$work" "$registry_user"
prepare_app
install_recording_shims
if [ ${#rows[@]} -gt 2 ]; then
  builder="gitlab-docker-jobbench-$$"
  docker buildx create --name "$builder" --driver remote "$BUILDKIT_HOST" >/dev/null
  export BUILDX_BUILDER="$builder"
fi

for row in "${rows[@]}"; do
  note "Priming the registry cache: $(row_title "$row")"
  run_job "$row" priming 0
done

for round in $(seq 1 "$rounds"); do
  for row in "${rows[@]}"; do
    run_job "$row" compiled "$round"
    run_job "$row" cached "$round"
    replay_by_hand "$row" "$round"
    replay_in_cake "$row" "$round"
    note "round $round/$rounds $(row_title "$row"): $(awk -F'\t' -v r="$row" '$1 == r { v[$2] = $3 } END {
      printf "compiled %ss, cached %ss, Image task %ss, by hand %ss, from a Cake task %ss", v["compiled"], v["cached"], v["image"], v["hand"], v["cake-hand"] }' "$results")"
  done
done

print_table
