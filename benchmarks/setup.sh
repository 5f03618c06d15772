# shellcheck shell=bash
# Sourced by the benchmark scripts: what each run keeps to itself.
#   start_registry FOLDER USER              a registry as GitLab's is, on free loopback ports: the distribution registry
#                                           over HTTPS (a certificate from a CA: GITLAB_DOCKER_TEST_CA's when that folder
#                                           holds ca.crt and ca.key, which a long-lived BuildKit daemon can trust, else a
#                                           new one) with token auth from a realm (benchmarks/gitlab_registry.py) that
#                                           takes USER with the password in CI_REGISTRY_PASSWORD. The host is
#                                           GITLAB_DOCKER_TEST_REGISTRY_HOST (a name for 127.0.0.1) or 127.0.0.1. Sets
#                                           registry (HOST:PORT), registry_ca (the CA file, a job's SSL_CERT_FILE) and
#                                           registry_cert_dir (a certs.d-style folder for Buildah's --cert-dir). Returns
#                                           once both answer, or exits 1. stop_registry stops them.
#   push_base_image FOLDER USER             pushes REGISTRY/base/busybox:1 (the static busybox FROM scratch: nothing can be
#                                           pulled from the internet) as USER, through a throwaway auth file under FOLDER.
#   private_buildah_storage FOLDER          Buildah's storage, auth file and Docker config under FOLDER, exported; the
#                                           docker CLI's buildx plugin, where docker found it before, linked into that
#                                           Docker config (docker looks for plugins through its config folder).
#   find_cli_plugin NAME CONFIG_FOLDER      the path of the docker CLI plugin NAME as docker finds it with that config
#                                           folder, or nothing (exit 1).

registry_pid=""
realm_pid=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # $1 = URL, $2 = HTTP status, $3 = log: polls until the URL answers with that status (CA: $registry_ca)
  local tries=0
  until [ "$(curl -s --cacert "$registry_ca" -o /dev/null -w '%{http_code}' "$1")" = "$2" ]; do
    tries=$((tries + 1))
    if [ "$tries" -ge 150 ]; then echo "$1 did not answer $2:" >&2; cat "$3" >&2; exit 1; fi
    sleep 0.1
  done
}

start_registry() {
  local folder=$1 user=$2 host="${GITLAB_DOCKER_TEST_REGISTRY_HOST:-127.0.0.1}" realm_port tls="$1/tls"
  [ -n "${CI_REGISTRY_PASSWORD:-}" ] || { echo "start_registry: set CI_REGISTRY_PASSWORD first" >&2; exit 1; }
  python3 "$(dirname "${BASH_SOURCE[0]}")/gitlab_registry.py" certs "$tls" "$host" "${GITLAB_DOCKER_TEST_CA:-}"
  registry_ca="$tls/ca.crt"
  registry_cert_dir="$tls/certs.d"
  mkdir -p "$registry_cert_dir" && cp "$registry_ca" "$registry_cert_dir/ca.crt"
  realm_port="$(free_port)"
  REALM_PASSWORD="$CI_REGISTRY_PASSWORD" python3 "$(dirname "${BASH_SOURCE[0]}")/gitlab_registry.py" realm "$tls" "$realm_port" "$user" \
    > "$folder/realm.log" 2>&1 &
  realm_pid=$!
  registry="$host:$(free_port)"
  cat > "$folder/registry.yml" <<CONFIG
version: 0.1
storage:
  filesystem:
    rootdirectory: $folder/registry
http:
  addr: 127.0.0.1:${registry##*:}
  tls:
    certificate: $tls/server.crt
    key: $tls/server.key
auth:
  token:
    realm: https://127.0.0.1:$realm_port/jwt/auth
    service: container_registry
    issuer: gitlab-docker-bench
    rootcertbundle: $tls/token-ca.crt
log:
  level: error
CONFIG
  docker-registry serve "$folder/registry.yml" > "$folder/registry.log" 2>&1 &
  registry_pid=$!
  wait_for "https://127.0.0.1:$realm_port/jwt/auth?service=container_registry" 401 "$folder/realm.log"
  wait_for "https://$registry/v2/" 401 "$folder/registry.log"
}

stop_registry() {
  local pid
  for pid in "$registry_pid" "$realm_pid"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
}

push_base_image() {
  local folder=$1 user=$2
  local storage=(--storage-driver vfs --root "$folder/base-storage/root" --runroot "$folder/base-storage/run")
  mkdir -p "$folder/base" "$folder/base-auth" && chmod 700 "$folder/base-auth"
  cp "$(command -v busybox)" "$folder/base/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\n' > "$folder/base/Containerfile"
  (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$registry" \
    "$(printf '%s:%s' "$user" "$CI_REGISTRY_PASSWORD" | base64 -w0)" > "$folder/base-auth/auth.json")
  buildah "${storage[@]}" build --isolation chroot -q -t "$registry/base/busybox:1" "$folder/base" >/dev/null
  buildah "${storage[@]}" push -q --cert-dir "$registry_cert_dir" --authfile "$folder/base-auth/auth.json" "$registry/base/busybox:1" >/dev/null
  rm -rf "$folder/base-auth" "$folder/base-storage"
}

# Docker's own search (docker/cli 28, cli-plugins/manager getPluginDirs): the folders in the config's cliPluginsExtraDirs,
# then CONFIG_FOLDER/cli-plugins (CONFIG_FOLDER is DOCKER_CONFIG, else ~/.docker), then the system folders. So a private
# DOCKER_CONFIG hides a plugin installed in ~/.docker/cli-plugins.
find_cli_plugin() {
  local name=$1 config=$2 folder
  local -a folders=()
  if [ -f "$config/config.json" ]; then
    mapfile -t folders < <(python3 -c 'import json, sys
for folder in json.load(open(sys.argv[1])).get("cliPluginsExtraDirs") or []: print(folder)' "$config/config.json" 2>/dev/null || true)
  fi
  folders+=("$config/cli-plugins" /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins
    /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins)
  for folder in "${folders[@]}"; do
    if [ -e "$folder/docker-$name" ]; then echo "$folder/docker-$name"; return 0; fi
  done
  return 1
}

private_buildah_storage() { # the add-in names the driver on every storage command; "vfs" here only quiets "driver must be set"
  local folder=$1 buildx
  buildx="$(find_cli_plugin buildx "${DOCKER_CONFIG:-$HOME/.docker}" || true)"
  printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage/root"\nrunroot = "%s/storage/run"\n' "$folder" "$folder" > "$folder/storage.conf"
  export CONTAINERS_STORAGE_CONF="$folder/storage.conf" REGISTRY_AUTH_FILE="$folder/auth.json" DOCKER_CONFIG="$folder/docker"
  echo "{}" > "$REGISTRY_AUTH_FILE"
  mkdir -p "$DOCKER_CONFIG/cli-plugins"
  if [ -n "$buildx" ]; then ln -sf "$buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"; fi
}
