# The job image of the image:buildkit job: the .NET SDK (for dotnet cake) with BuildKit's rootless binaries
# (buildctl, buildkitd, buildctl-daemonless.sh, rootlesskit) taken from the moby/buildkit:rootless image.
# Build it once and push it to the project's registry, for example with this add-in itself or by hand:
#   docker buildx build -f ci/buildkit.Dockerfile -t "$CI_REGISTRY_IMAGE/ci:dotnet-buildkit" --push ci
ARG BUILDKIT_VERSION=v0.11.6
FROM moby/buildkit:${BUILDKIT_VERSION}-rootless AS buildkit

FROM mcr.microsoft.com/dotnet/sdk:10.0
# uidmap gives newuidmap/newgidmap, which rootlesskit needs to map the build's user namespace.
RUN apt-get update && apt-get install -y --no-install-recommends uidmap && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 user \
 && mkdir -p /home/user/.local/share/buildkit && chown -R user /home/user
COPY --from=buildkit /usr/bin/buildctl /usr/bin/buildkitd /usr/bin/buildctl-daemonless.sh /usr/bin/rootlesskit /usr/bin/
USER 1000:1000
ENV XDG_RUNTIME_DIR=/home/user/.local/tmp BUILDKITD_FLAGS=--oci-worker-no-process-sandbox
RUN mkdir -p /home/user/.local/tmp
WORKDIR /home/user
