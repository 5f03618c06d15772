using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Fluent setters: the tag and cache rules and the image metadata.
public static partial class GitLabDockerBuildSettingsExtensions
{
    /// <summary>Also pushes <c>IMAGE:sha-$CI_COMMIT_SHORT_SHA</c> on every pushing pipeline.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="commitTag">Whether to push the commit tag.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithCommitTag(this GitLabDockerBuildSettings settings, bool commitTag = true) =>
        Set(settings, s => s.CommitTag = commitTag);

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

    /// <summary>
    /// Turns on <see cref="GitLabDockerBuildSettings.OverwriteTags"/>: this run may overwrite a release or commit tag and
    /// move floating tags back. For one deliberate run.
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <param name="enabled">Whether tags may be overwritten.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithOverwriteTags(this GitLabDockerBuildSettings settings, bool enabled = true) =>
        Set(settings, s => s.OverwriteTags = enabled);

    /// <summary>Adds a tag pushed (or loaded) after the pipeline's own tags.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="tag">The tag only, for example <c>stable</c>.</param>
    /// <returns>The same settings.</returns>
    public static GitLabDockerBuildSettings WithAdditionalTag(this GitLabDockerBuildSettings settings, string tag) =>
        Set(settings, s => s.AdditionalTags.Add(tag));

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
}
