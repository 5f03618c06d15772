namespace Cake.GitLabDocker;

public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Turns on <see cref="GitLabDockerBuildSettings.BranchImages"/>: branches push <c>IMAGE:SLUG</c> and write <c>IMAGE:buildcache-SLUG</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the rule is on.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithBranchImages(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.BranchImages = enabled);

    /// <summary>Turns on <see cref="GitLabDockerBuildSettings.MergeRequestImages"/>: merge requests push <c>IMAGE:mr-IID</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the rule is on.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithMergeRequestImages(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.MergeRequestImages = enabled);

    /// <summary>Turns on <see cref="GitLabDockerBuildSettings.SemVerTags"/>: <c>v1.2.3</c> also pushes <c>1.2.3</c>, <c>1.2</c> and <c>1</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the rule is on.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithSemVerTags(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.SemVerTags = enabled);

    /// <summary>Turns on <see cref="GitLabDockerBuildSettings.LatestOnRelease"/>: a SemVer release tag also moves <c>latest</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the rule is on.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithLatestOnRelease(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.LatestOnRelease = enabled);

    /// <summary>Turns the pipeline's OCI labels on or off (<see cref="GitLabDockerBuildSettings.OciLabels"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the labels are added.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithOciLabels(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.OciLabels = enabled);

    /// <summary>Turns manifest annotations on (<see cref="GitLabDockerBuildSettings.Annotations"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether the OCI labels are also written as annotations.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithAnnotations(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.Annotations = enabled);

    /// <summary>Adds or replaces an image label (<c>--label KEY=VALUE</c>); it wins over an OCI label of the same key.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="key">The label key, for example <c>com.example.team</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithLabel(this GitLabDockerBuildSettings settings, string key, string value) =>
        Set(settings, s => s.Labels[key] = value);

    /// <summary>Turns the dry run on: the plan and the exact commands are logged and nothing runs.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether to run nothing.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithDryRun(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.DryRun = enabled);
}
