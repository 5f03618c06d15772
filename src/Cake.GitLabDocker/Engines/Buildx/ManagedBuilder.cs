using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The buildx builder the add-in creates (once, then reuses) when the user names none: a <c>docker-container</c>
/// builder by default, a <c>remote</c> one for <see cref="GitLabDockerBuildSettings.BuilderEndpoint"/>, or another driver
/// (<see cref="GitLabDockerBuildSettings.BuilderDriver"/>). Each kind has its own name, so changing the settings never
/// reuses a builder of another kind.
/// </summary>
/// <param name="Name">The builder name.</param>
/// <param name="Driver">The buildx driver.</param>
/// <param name="Endpoint">The remote endpoint, or <see langword="null"/>.</param>
/// <param name="Options">The <c>--driver-opt</c> values, sorted.</param>
internal sealed record ManagedBuilder(string Name, string Driver, string? Endpoint, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    public static ManagedBuilder Default { get; } = new(BuildxCommands.ManagedBuilderName, "docker-container", null, []);

    /// <summary>Gets whether the builder runs on the job's Docker service (and so needs the Docker context).</summary>
    public bool UsesDockerContext => Driver == "docker-container";

    /// <summary>Resolves the managed builder from the settings; paths are made absolute by <paramref name="absolute"/>.</summary>
    public static ManagedBuilder From(GitLabDockerBuildSettings settings, Func<Cake.Core.IO.Path, string> absolute)
    {
        var options = new SortedDictionary<string, string>(settings.BuilderDriverOptions, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(settings.BuilderEndpoint))
        {
            var endpoint = settings.BuilderEndpoint.Trim();
            if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal) && !endpoint.StartsWith("unix://", StringComparison.Ordinal))
            {
                throw new CakeException(
                    $"GitLabDockerBuildSettings.BuilderEndpoint '{ImageName.Printable(endpoint)}' must start with tcp:// or unix://, " +
                    "for example tcp://buildkitd:1234.");
            }

            AddPath(options, "cacert", settings.BuilderCaCertificate, absolute);
            AddPath(options, "cert", settings.BuilderClientCertificate, absolute);
            AddPath(options, "key", settings.BuilderClientKey, absolute);
            return new ManagedBuilder(BuildxCommands.ManagedBuilderName + "-remote", "remote", endpoint, options.ToList());
        }

        var driver = string.IsNullOrWhiteSpace(settings.BuilderDriver) ? "docker-container" : settings.BuilderDriver.Trim();
        if (driver is not ("docker-container" or "kubernetes"))
        {
            throw new CakeException(
                $"GitLabDockerBuildSettings.BuilderDriver '{ImageName.Printable(driver)}' is not a driver the add-in manages: use " +
                "'docker-container' or 'kubernetes', BuilderEndpoint for a remote BuildKit, or name an existing builder in Builder.");
        }

        return driver == "docker-container" && options.Count == 0
            ? Default
            : new ManagedBuilder(driver == "docker-container" ? BuildxCommands.ManagedBuilderName : $"{BuildxCommands.ManagedBuilderName}-{driver}",
                driver, null, options.ToList());
    }

    private static void AddPath(SortedDictionary<string, string> options, string key, Cake.Core.IO.FilePath? path, Func<Cake.Core.IO.Path, string> absolute)
    {
        if (path is not null)
        {
            options[key] = absolute(path);
        }
    }
}
