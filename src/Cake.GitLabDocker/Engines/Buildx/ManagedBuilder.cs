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
internal sealed partial record ManagedBuilder(string Name, string Driver, string? Endpoint, IReadOnlyList<KeyValuePair<string, string>> Options)
{
    public static ManagedBuilder Default { get; } = new(BuildxCommands.ManagedBuilderName, "docker-container", null, []);

    /// <summary>Gets whether the builder runs on the job's Docker service (and so needs the Docker context).</summary>
    public bool UsesDockerContext => Driver == "docker-container";

    /// <summary>
    /// What differs between this builder and the one <c>docker buildx inspect NAME</c> describes (its first node's
    /// <c>Endpoint:</c> for a <c>remote</c> builder, and its <c>Driver Options:</c>), in words; <see langword="null"/> when
    /// nothing does, or when the output lists no node to compare (a builder buildx could not load is left as it was).
    /// </summary>
    /// <param name="inspect">What <c>docker buildx inspect NAME</c> printed.</param>
    public string? Difference(string inspect)
    {
        var lines = inspect.Split('\n').Select(line => line.Trim()).SkipWhile(line => line != "Nodes:").Skip(1).ToList();
        var endpoint = Value(lines, "Endpoint:");
        if (endpoint is null)
        {
            return null;
        }

        if (Endpoint is not null && endpoint != Endpoint)
        {
            return $"the endpoint {endpoint}, not {Endpoint}";
        }

        // The first node's options: its lines run to the blank line before the next node.
        var options = Value(lines.TakeWhile(line => line.Length > 0).ToList(), "Driver Options:") is { } text
            ? DriverOptions().Matches(text).ToDictionary(match => match.Groups["key"].Value, match => Unquote(match.Groups["value"].Value), StringComparer.Ordinal)
            : [];
        var wanted = Options.ToDictionary(option => option.Key, option => option.Value, StringComparer.Ordinal);
        return options.Count == wanted.Count && wanted.All(option => options.TryGetValue(option.Key, out var value) && value == option.Value)
            ? null
            : $"the driver options {Words(options)}, not {Words(wanted)}";
    }

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

    private static string? Value(IEnumerable<string> lines, string label) =>
        lines.FirstOrDefault(line => line.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim();

    /// <summary>Undoes Go's <c>%q</c> for the escapes a path or option value has: <c>\"</c>, <c>\\</c>, <c>\t</c>, <c>\n</c>.</summary>
    private static string Unquote(string quoted) =>
        System.Text.RegularExpressions.Regex.Replace(quoted, @"\\(.)", match => match.Groups[1].Value switch
        {
            "t" => "\t",
            "n" => "\n",
            var other => other,
        });

    private static string Words(IReadOnlyDictionary<string, string> options) =>
        options.Count == 0 ? "(none)" : string.Join(" ", options.OrderBy(option => option.Key, StringComparer.Ordinal).Select(option => $"{option.Key}={option.Value}"));

    /// <summary>One <c>key="value"</c> pair as buildx prints driver options (Go's <c>%q</c>).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<key>[^\s=]+)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial System.Text.RegularExpressions.Regex DriverOptions();
}
