using Cake.Core.IO;

namespace Cake.GitLabDocker;

// Settings: what a job hands to later jobs.
public sealed partial class GitLabDockerBuildSettings
{
    /// <summary>
    /// Gets or sets whether a push leaves a dotenv report for later jobs (<c>artifacts:reports:dotenv</c>) with
    /// <c>GITLAB_DOCKER_IMAGE=IMAGE:TAG@sha256:…</c>, <c>GITLAB_DOCKER_DIGEST</c> and <c>GITLAB_DOCKER_TAGS</c>
    /// (comma-separated). A job that pushes nothing removes an earlier job's report from that path instead, so it never
    /// passes for this job's. Default: <see langword="true"/>.
    /// </summary>
    public bool WriteDotenv { get; set; } = true;

    /// <summary>
    /// Gets or sets the dotenv report's path. Default: <c>gitlab-docker.env</c> in the working directory on GitLab CI,
    /// none locally (set it to write one locally too).
    /// </summary>
    public Cake.Core.IO.FilePath? DotenvFile { get; set; }

    /// <summary>
    /// Gets or sets whether a tag pipeline reuses the image the default branch already pushed for this commit
    /// (<c>IMAGE:sha-$CI_COMMIT_SHORT_SHA</c>, pushed with <see cref="CommitTag"/> on): it is copied by digest to the
    /// release tags instead of rebuilt (buildx <c>imagetools create</c>, Buildah engine <c>skopeo copy</c>), so the
    /// release is byte for byte the image that was tested. When it does not exist, the tag pipeline builds as usual.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool ReuseCommitImage { get; set; }
}
