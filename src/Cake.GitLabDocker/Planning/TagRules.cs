using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// The tags a pipeline kind pushes under the tag rules (<see cref="GitLabDockerBuildSettings.SemVerTags"/>,
/// <see cref="GitLabDockerBuildSettings.LatestOnRelease"/>, <see cref="GitLabDockerBuildSettings.BranchImages"/>,
/// <see cref="GitLabDockerBuildSettings.MergeRequestImages"/>), most specific first. Pure.
/// </summary>
internal static class TagRules
{
    /// <summary>The pipeline's own tags (no repository), whether that pipeline pushes them, and the OCI version.</summary>
    internal sealed record PipelineTags(IReadOnlyList<string> Tags, bool Pushes, string? Version)
    {
        /// <summary>Gets what the rules decided, in words.</summary>
        public IReadOnlyList<string> Notes { get; init; } = [];
    }

    /// <summary>Returns the pipeline's own tags with the notes that explain them.</summary>
    public static PipelineTags For(GitLabPipeline pipeline, GitLabDockerBuildSettings settings)
    {
        var notes = new List<string>();
        var tags = pipeline.RefKind switch
        {
            GitLabPipelineKind.Tag => Release(pipeline.CommitTag!, settings, notes),
            GitLabPipelineKind.DefaultBranch => DefaultBranch(pipeline, notes),
            GitLabPipelineKind.Branch => Branch(pipeline, settings, notes),
            GitLabPipelineKind.MergeRequest => MergeRequest(pipeline, settings, notes),
            _ => new PipelineTags([], false, null),
        };
        return tags with { Notes = notes };
    }

    private static PipelineTags Release(string gitTag, GitLabDockerBuildSettings settings, List<string> notes)
    {
        var raw = DockerTag.FromGitTag(gitTag, GitLabVariables.CommitTag);
        if (BuildPlanner.IsKeptTag(raw))
        {
            throw new CakeException(
                $"{GitLabVariables.CommitTag} is '{raw}', a tag this add-in keeps for the default branch or a cache: pushing " +
                "it from a tag pipeline would overwrite that. Name the Git tag like 'v1.2.3' (use LatestOnRelease to move 'latest').");
        }

        var tags = new List<string> { raw };
        notes.Add(raw == gitTag
            ? $"Tag pipeline for '{raw}': pushes it."
            : $"Tag pipeline for '{ImageName.Printable(gitTag)}': pushes it as '{raw}' ('+' becomes '_'; over 128 characters gets a hash suffix).");

        var version = SemanticVersion.TryParse(gitTag);
        if (settings.SemVerTags)
        {
            if (version is null)
            {
                notes.Add($"SemVerTags: '{ImageName.Printable(gitTag)}' is not SemVer 2.0, so only the tag itself is pushed.");
            }
            else if (version.IsPreRelease)
            {
                tags.Add(version.Version);
                notes.Add($"SemVerTags: pre-release {version.Version} moves no MAJOR.MINOR or MAJOR tag.");
            }
            else
            {
                tags.Add(version.Version);
                tags.Add($"{version.Major}.{version.Minor}");
                if (version.Major != "0")
                {
                    tags.Add(version.Major);
                }

                notes.Add($"SemVerTags: release {version.Version} also moves {string.Join(", ", tags.Skip(2))}" +
                          (version.Build is null ? "." : " (build metadata is not part of these tags)."));
            }
        }

        if (settings.LatestOnRelease)
        {
            if (version is { IsPreRelease: false })
            {
                tags.Add(BuildPlanner.LatestTag);
                notes.Add("LatestOnRelease: this release also moves 'latest', pushed after the version tags.");
            }
            else
            {
                notes.Add("LatestOnRelease: not a SemVer release, so 'latest' stays where it is.");
            }
        }

        return new PipelineTags(tags.Distinct(StringComparer.Ordinal).ToList(), true, version?.Version ?? raw);
    }

    private static PipelineTags DefaultBranch(GitLabPipeline pipeline, List<string> notes)
    {
        notes.Add($"Default branch '{ImageName.Printable(pipeline.CommitBranch!)}': pushes 'latest'.");
        return new PipelineTags([BuildPlanner.LatestTag], true, BuildPlanner.LatestTag);
    }

    private static PipelineTags Branch(GitLabPipeline pipeline, GitLabDockerBuildSettings settings, List<string> notes)
    {
        var branch = pipeline.CommitBranch;
        if (settings.BranchImages && branch is not null)
        {
            var tag = BranchTag.For(branch, SlugFor(pipeline, branch));
            notes.Add($"BranchImages: branch '{ImageName.Printable(branch)}' pushes '{tag}'.");
            return new PipelineTags([tag], true, tag);
        }

        notes.Add(pipeline.DefaultBranch is null
            ? $"{GitLabVariables.DefaultBranch} is not set, so this branch is not the default branch: validation build only, nothing is pushed" +
              (pipeline.Kind == GitLabPipelineKind.Local
                  ? " (locally the default branch comes from origin/HEAD: run 'git remote set-head origin -a', or set CI_DEFAULT_BRANCH)."
                  : ".")
            : $"Branch '{ImageName.Printable(branch ?? "(none)")}' is not the default branch " +
              $"'{ImageName.Printable(pipeline.DefaultBranch)}': validation build only, nothing is pushed" +
              (settings.BranchImages ? "." : " (BranchImages is off)."));
        return new PipelineTags([], false, null);
    }

    private static PipelineTags MergeRequest(GitLabPipeline pipeline, GitLabDockerBuildSettings settings, List<string> notes)
    {
        if (!settings.MergeRequestImages)
        {
            notes.Add("Merge-request pipeline: validation build only, nothing is pushed (MergeRequestImages is off).");
            return new PipelineTags([], false, null);
        }

        var iid = pipeline.MergeRequestIid;
        if (iid is null || !iid.All(char.IsAsciiDigit) || iid.Length > 18)
        {
            throw new CakeException(
                $"MergeRequestImages is on but {GitLabVariables.MergeRequestIid} is '{ImageName.Printable(iid ?? "(not set)")}', " +
                "not a merge request number: run the job in a merge-request pipeline (rules: if: $CI_MERGE_REQUEST_IID) " +
                "or turn MergeRequestImages off.");
        }

        var tag = $"mr-{iid}";
        notes.Add($"MergeRequestImages: merge request !{iid} pushes '{tag}'; merge requests never write a cache.");
        return new PipelineTags([tag], true, tag);
    }

    /// <summary>Returns <c>CI_COMMIT_REF_SLUG</c> when it belongs to this branch (it is the slug of <c>CI_COMMIT_REF_NAME</c>).</summary>
    internal static string? SlugFor(GitLabPipeline pipeline, string branch) =>
        pipeline.CommitRefName == branch ? pipeline.CommitRefSlug : null;
}
