namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Builds a base image <c>FROM scratch</c> with the static busybox and pushes it to the test registry, since nothing
/// can be pulled from the internet.
/// </summary>
internal static class BaseImage
{
    public static string Push(RegistryServer registry, BuildahStorage storage)
    {
        var reference = $"{registry.Address}/base/busybox:1";

        // The job may only pull base/…, as a GitLab job may only read another project: the image is pushed by its maintainer.
        var admin = registry.Maintainer();
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-base-").FullName;
        File.Copy(FindBusybox(), Path.Combine(folder, "busybox"));
        File.WriteAllText(Path.Combine(folder, "Containerfile"), """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            ENV PATH=/bin
            """);
        var environment = storage.Environment;
        RegistryServer.RunWithInput("env",
            [$"REGISTRY_AUTH_FILE={storage.AuthFile}", "buildah", "login", .. registry.TlsFlags, "--username", admin.User, "--password-stdin", registry.Address],
            admin.Password);
        Command.Succeed("buildah", ["--storage-driver", "vfs", "build", "--isolation", "chroot", "--tag", reference, folder], folder, environment);
        Command.Succeed("buildah", ["--storage-driver", "vfs", "push", .. registry.TlsFlags, reference, $"docker://{reference}"], folder, environment);
        Command.Succeed("buildah", ["logout", registry.Address], folder, environment);
        Directory.Delete(folder, recursive: true);
        return reference;
    }

    private static string FindBusybox() =>
        new[] { "/bin/busybox", "/usr/bin/busybox" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("busybox-static is not installed (.ci/run installs it).");
}
