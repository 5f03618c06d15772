# The job image of the image:buildkit job: the .NET SDK (for dotnet cake) with BuildKit's rootless binaries
# (buildctl, buildkitd, buildctl-daemonless.sh, rootlesskit) taken from the moby/buildkit:rootless image, set up the
# way that image sets up its user. Build it once and push it to the project's registry, for example:
#   docker buildx build -f ci/buildkit.Dockerfile -t "$CI_REGISTRY_IMAGE/ci:dotnet-buildkit" --push ci
ARG BUILDKIT_VERSION=v0.11.6
FROM moby/buildkit:${BUILDKIT_VERSION}-rootless AS buildkit

FROM mcr.microsoft.com/dotnet/sdk:10.0
# uidmap gives newuidmap/newgidmap, which rootlesskit needs to map the build's user namespace.
RUN apt-get update && apt-get install -y --no-install-recommends uidmap && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 user \
 && mkdir -p /run/user/1000 /home/user/.local/tmp /home/user/.local/share/buildkit \
 && chown -R user /run/user/1000 /home/user \
 && echo user:100000:65536 | tee /etc/subuid | tee /etc/subgid
COPY --from=buildkit /usr/bin/buildctl /usr/bin/buildkitd /usr/bin/buildctl-daemonless.sh /usr/bin/rootlesskit /usr/bin/
USER 1000:1000
ENV HOME=/home/user USER=user XDG_RUNTIME_DIR=/run/user/1000 TMPDIR=/home/user/.local/tmp \
    BUILDKITD_FLAGS=--oci-worker-no-process-sandbox
WORKDIR /home/user
