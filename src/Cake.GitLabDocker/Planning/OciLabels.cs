namespace Cake.GitLabDocker;

/// <summary>
/// The <c>org.opencontainers.image.*</c> labels of a pipeline, merged with the user's labels (the user's win). Pure.
/// A label whose variable is not set is left out.
/// </summary>
internal static class OciLabels
{
    public const string Prefix = "org.opencontainers.image.";

    public static IReadOnlyDictionary<string, string> For(
        GitLabPipeline pipeline, GitLabDockerBuildSettings settings, string? version)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (settings.OciLabels)
        {
            Add(labels, "created", pipeline.CommitTimestamp);
            Add(labels, "ref.name", pipeline.CommitRefName);
            Add(labels, "revision", pipeline.CommitSha);
            Add(labels, "source", pipeline.ProjectUrl);
            Add(labels, "title", pipeline.ProjectTitle);
            Add(labels, "url", pipeline.ProjectUrl);
            Add(labels, "version", version);
        }

        foreach (var (key, value) in settings.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    private static void Add(SortedDictionary<string, string> labels, string key, string? value)
    {
        if (value is not null)
        {
            labels[Prefix + key] = value;
        }
    }
}
