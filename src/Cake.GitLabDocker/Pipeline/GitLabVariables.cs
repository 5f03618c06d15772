namespace Cake.GitLabDocker;

/// <summary>
/// Names of the GitLab CI predefined variables (and this add-in's own variables) that the add-in reads.
/// </summary>
public static class GitLabVariables
{
    /// <summary><c>GITLAB_CI</c>: <c>true</c> in every GitLab CI job.</summary>
    public const string GitLabCi = "GITLAB_CI";

    /// <summary>
    /// <c>CI_RUNNER_ID</c>: the runner's ID, set by a GitLab runner in every job (not by gitlab-ci-local or a laptop
    /// that sets <c>GITLAB_CI=true</c>): the job log then goes to GitLab, which folds its sections.
    /// </summary>
    public const string RunnerId = "CI_RUNNER_ID";

    /// <summary><c>CI_REGISTRY</c>: the address of the project's container registry, for example <c>registry.gitlab.com</c>.</summary>
    public const string Registry = "CI_REGISTRY";

    /// <summary><c>CI_REGISTRY_IMAGE</c>: the project's image path in the registry, for example <c>registry.gitlab.com/group/app</c>.</summary>
    public const string RegistryImage = "CI_REGISTRY_IMAGE";

    /// <summary><c>CI_REGISTRY_USER</c>: the user name of the job's registry credentials.</summary>
    public const string RegistryUser = "CI_REGISTRY_USER";

    /// <summary><c>CI_REGISTRY_PASSWORD</c>: the job token used as the registry password.</summary>
    public const string RegistryPassword = "CI_REGISTRY_PASSWORD";

    /// <summary><c>CI_COMMIT_TAG</c>: the tag name, present only in tag pipelines.</summary>
    public const string CommitTag = "CI_COMMIT_TAG";

    /// <summary><c>CI_COMMIT_BRANCH</c>: the branch name, absent in tag and merge-request pipelines.</summary>
    public const string CommitBranch = "CI_COMMIT_BRANCH";

    /// <summary><c>CI_DEFAULT_BRANCH</c>: the project's default branch, for example <c>main</c>.</summary>
    public const string DefaultBranch = "CI_DEFAULT_BRANCH";

    /// <summary><c>CI_COMMIT_REF_NAME</c>: the branch or tag the pipeline runs for.</summary>
    public const string CommitRefName = "CI_COMMIT_REF_NAME";

    /// <summary><c>CI_COMMIT_SHA</c>: the full commit SHA.</summary>
    public const string CommitSha = "CI_COMMIT_SHA";

    /// <summary><c>CI_COMMIT_SHORT_SHA</c>: the first 8 characters of the commit SHA.</summary>
    public const string CommitShortSha = "CI_COMMIT_SHORT_SHA";

    /// <summary><c>CI_PIPELINE_SOURCE</c>: how the pipeline was triggered, for example <c>push</c> or <c>merge_request_event</c>.</summary>
    public const string PipelineSource = "CI_PIPELINE_SOURCE";

    /// <summary><c>CI_MERGE_REQUEST_IID</c>: the merge request's project-level id, in merge-request pipelines only.</summary>
    public const string MergeRequestIid = "CI_MERGE_REQUEST_IID";

    /// <summary><c>CI_COMMIT_REF_SLUG</c>: the ref name lowercased, every other character <c>-</c>, at most 63 characters.</summary>
    public const string CommitRefSlug = "CI_COMMIT_REF_SLUG";

    /// <summary><c>CI_COMMIT_TIMESTAMP</c>: the commit's time in ISO 8601, for example <c>2026-11-27T10:00:00+00:00</c>.</summary>
    public const string CommitTimestamp = "CI_COMMIT_TIMESTAMP";

    /// <summary><c>CI_MERGE_REQUEST_SOURCE_BRANCH_NAME</c>: the merge request's source branch, in merge-request pipelines only.</summary>
    public const string MergeRequestSourceBranch = "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME";

    /// <summary><c>CI_PROJECT_URL</c>: the project's web address, used for the OCI source and url labels.</summary>
    public const string ProjectUrl = "CI_PROJECT_URL";

    /// <summary><c>CI_PROJECT_TITLE</c>: the project's human-readable name, used for the OCI title label.</summary>
    public const string ProjectTitle = "CI_PROJECT_TITLE";

    /// <summary><c>CI_DEPENDENCY_PROXY_SERVER</c>: the Dependency Proxy's address (for example <c>gitlab.example.com:443</c>).</summary>
    public const string DependencyProxyServer = "CI_DEPENDENCY_PROXY_SERVER";

    /// <summary><c>CI_DEPENDENCY_PROXY_USER</c>: the user name for the Dependency Proxy.</summary>
    public const string DependencyProxyUser = "CI_DEPENDENCY_PROXY_USER";

    /// <summary><c>CI_DEPENDENCY_PROXY_PASSWORD</c>: the password for the Dependency Proxy (the job token).</summary>
    public const string DependencyProxyPassword = "CI_DEPENDENCY_PROXY_PASSWORD";

    /// <summary><c>BUILDX_BUILDER</c>: the standard buildx variable naming the builder to use.</summary>
    public const string BuildxBuilder = "BUILDX_BUILDER";

    /// <summary><c>BUILDKIT_HOST</c>: buildctl's own variable naming the BuildKit daemon, for example <c>tcp://buildkitd:1234</c>.</summary>
    public const string BuildKitHost = "BUILDKIT_HOST";

    /// <summary><c>GITLAB_DOCKER_ENGINE</c>: <c>buildx</c>, <c>buildkit</c> or <c>buildah</c>; selects the engine without changing <c>build.cake</c>.</summary>
    public const string Engine = "GITLAB_DOCKER_ENGINE";

    /// <summary><c>GITLAB_DOCKER_TLS_VERIFY</c>: <c>false</c> for a registry on plain HTTP; see <see cref="GitLabDockerBuildSettings.TlsVerify"/>.</summary>
    public const string TlsVerify = "GITLAB_DOCKER_TLS_VERIFY";

    /// <summary><c>STORAGE_DRIVER</c>: Buildah's storage driver convention, for example <c>vfs</c> or <c>overlay</c>.</summary>
    public const string StorageDriver = "STORAGE_DRIVER";

    /// <summary><c>BUILDAH_ISOLATION</c>: Buildah's isolation convention, for example <c>chroot</c>.</summary>
    public const string BuildahIsolation = "BUILDAH_ISOLATION";
}
