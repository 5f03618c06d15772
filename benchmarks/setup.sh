# shellcheck shell=bash
# Sourced by the benchmark scripts: what each run keeps to itself.
#   start_registry FOLDER [HTPASSWD_FILE]   a distribution registry on a free loopback port; sets registry (HOST:PORT)
#                                           and registry_pid; with an htpasswd file it asks for credentials. Returns
#                                           once it answers, or exits 1.
#   private_buildah_storage FOLDER          Buildah's storage, auth file and Docker config under FOLDER, exported; the
#                                           docker CLI's buildx plugin, where docker found it before, linked into that
#                                           Docker config (docker looks for plugins through its config folder).
#   find_cli_plugin NAME CONFIG_FOLDER      the path of the docker CLI plugin NAME as docker finds it with that config
#                                           folder, or nothing (exit 1).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_registry() {
  local folder=$1 htpasswd=${2:-} expected=200 tries=0
  registry="127.0.0.1:$(free_port)"
  {
    printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' "$folder/registry" "$registry"
    if [ -n "$htpasswd" ]; then
      printf 'auth:\n  htpasswd:\n    realm: gitlab-docker-bench\n    path: %s\n' "$htpasswd"
      expected=401
    fi
    printf 'log:\n  level: error\n'
  } > "$folder/registry.yml"
  docker-registry serve "$folder/registry.yml" > "$folder/registry.log" 2>&1 &
  # shellcheck disable=SC2034 # read by the sourcing script's clean-up
  registry_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$registry/v2/")" = "$expected" ]; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then echo "the registry did not start:" >&2; cat "$folder/registry.log" >&2; exit 1; fi
    sleep 0.1
  done
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
