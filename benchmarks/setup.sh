# shellcheck shell=bash
# Sourced by the benchmark scripts: what each run keeps to itself.
#   start_registry FOLDER [HTPASSWD_FILE]   a distribution registry on a free loopback port; sets registry (HOST:PORT)
#                                           and registry_pid; with an htpasswd file it asks for credentials. Returns
#                                           once it answers, or exits 1.
#   private_buildah_storage FOLDER          Buildah's storage, auth file and Docker config under FOLDER, exported.

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

private_buildah_storage() { # the add-in names the driver on every storage command; "vfs" here only quiets "driver must be set"
  local folder=$1
  printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage/root"\nrunroot = "%s/storage/run"\n' "$folder" "$folder" > "$folder/storage.conf"
  export CONTAINERS_STORAGE_CONF="$folder/storage.conf" REGISTRY_AUTH_FILE="$folder/auth.json" DOCKER_CONFIG="$folder/docker"
  echo "{}" > "$REGISTRY_AUTH_FILE"
}
