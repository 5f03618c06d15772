using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The tag checks and writes against a real registry (HTTPS, token scopes): the labels are read from the image config,
/// a release is never overwritten, a floating tag only moves forward, faults are retried and a refusal says what was written.
/// </summary>
public sealed class TagWriterRegistryTests : IDisposable
{
    private const string Repository = "group/app";
    private const string OldCommit = "2222222222222222222222222222222222222222";
    private const string NewCommit = "1111111111111111111111111111111111111111";
    private readonly RegistryServer _registry = new();
    private readonly List<TimeSpan> _sleeps = [];
    private readonly RecordingLog _log = new();

    private RegistryClient Client(string address, bool tlsVerify = true) =>
        new(new RegistryCredentials(address, _registry.UserName, _registry.Secret), tlsVerify, _registry.CertDirectory, sleep: _sleeps.Add);

    private string Image(string commit, string version, string created, string note) =>
        RegistryImages.Push(_registry, Repository, tag: null, note: note, labels: new Dictionary<string, string>
        {
            ["org.opencontainers.image.revision"] = commit,
            ["org.opencontainers.image.created"] = created,
            ["org.opencontainers.image.version"] = version,
        });

    private GitLabDockerBuildPlan Release(string address, string version) => Inputs.Plan(
        Variables.With(Variables.Tag("v" + version), ("CI_REGISTRY_IMAGE", $"{address}/{Repository}"), ("CI_REGISTRY", address),
            ("CI_COMMIT_SHA", NewCommit), ("CI_COMMIT_SHORT_SHA", NewCommit[..8])),
        new GitLabDockerBuildSettings().WithSemVerTags().WithLatestOnRelease());

    private TagOutcome Write(GitLabDockerBuildPlan plan, string digest, string address, bool tlsVerify = true)
    {
        using var client = Client(address, tlsVerify);
        return new TagWriter(new JobLog(_log, onGitLab: false), _ => Ancestry.Unknown).Write(plan, digest, client, plan.Tags);
    }

    [Fact]
    public void A_hotfix_of_an_older_line_writes_its_own_tags_and_leaves_latest_and_the_major_tag()
    {
        var current = Image(OldCommit, "2.5.3", "2026-11-30T09:00:00Z", "2.5.3");
        foreach (var tag in new[] { "2.5.3", "2.5", "2", "latest" })
        {
            _registry.Tag(Repository, current, tag);
        }

        var hotfix = Image(NewCommit, "2.4.9", "2026-12-01T09:00:00Z", "2.4.9");
        var outcome = Write(Release(_registry.Address, "2.4.9"), hotfix, _registry.Address);

        Assert.Equal(["v2.4.9", "2.4.9", "2.4"], outcome.Written.Select(Tag));
        Assert.Equal(["2", "latest"], outcome.Kept.Select(kept => Tag(kept.Tag)));
        Assert.Equal(current, _registry.Digest(Repository, "latest"));
        Assert.Equal(current, _registry.Digest(Repository, "2"));
        Assert.Equal(hotfix, _registry.Digest(Repository, "2.4"));
        Assert.Contains("stays at " + current + " (commit 222222222222, version 2.5.3): 2.5.3 is higher than this release, 2.4.9.", _log.Text);
    }

    [Fact]
    public void A_release_rebuilt_from_another_commit_fails_before_any_tag_is_written()
    {
        var first = Image(OldCommit, "1.1.1", "2026-11-30T09:00:00Z", "first");
        _registry.Tag(Repository, first, "v1.1.1");
        _registry.Tag(Repository, first, "1.1.1");
        var before = _registry.Tags(Repository);

        var again = Image(NewCommit, "1.1.1", "2026-12-01T09:00:00Z", "again");
        var error = Assert.Throws<CakeException>(() => Write(Release(_registry.Address, "1.1.1"), again, _registry.Address));

        Assert.Contains($"{_registry.Address}/{Repository}:v1.1.1 is a release and already holds another image: {first} (commit 222222222222", error.Message);
        Assert.Contains($"this pipeline built {again} (commit 111111111111)", error.Message);
        Assert.Equal(before, _registry.Tags(Repository));
        Assert.Equal(first, _registry.Digest(Repository, "1.1.1"));
    }

    [Fact]
    public void A_retried_release_is_a_no_op_that_succeeds()
    {
        var image = Image(NewCommit, "1.2.3", "2026-11-30T09:00:00Z", "1.2.3");
        var plan = Release(_registry.Address, "1.2.3");
        Write(plan, image, _registry.Address);
        var tags = _registry.Tags(Repository);

        var again = Write(plan, image, _registry.Address);

        Assert.Equal(plan.Tags.Order(), again.Written.Order());
        Assert.Empty(again.Kept);
        Assert.Equal(tags, _registry.Tags(Repository));
    }

    [Fact]
    public void A_transient_server_error_is_retried_until_the_tag_lands()
    {
        var image = Image(NewCommit, "1.2.3", "2026-11-30T09:00:00Z", "1.2.3");
        using var proxy = new FaultProxy(_registry).Fail("^PUT /v2/group/app/manifests/v1", 503, times: 2);

        Write(Release(proxy.Address, "1.2.3"), image, proxy.Address, tlsVerify: false);

        Assert.Equal(image, _registry.Digest(Repository, "v1.2.3"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _sleeps);
    }

    [Fact]
    public void A_refused_write_says_what_was_written_and_what_was_not()
    {
        var image = Image(NewCommit, "1.2.3", "2026-11-30T09:00:00Z", "1.2.3");
        using var proxy = new FaultProxy(_registry).Fail("^PUT /v2/group/app/manifests/latest", 403);

        var error = Assert.Throws<CakeException>(() => Write(Release(proxy.Address, "1.2.3"), image, proxy.Address, tlsVerify: false));

        Assert.Contains("HTTP 403", error.Message);
        Assert.Contains("protected", error.Message);
        Assert.Contains($"not written: {proxy.Address}/{Repository}:latest.", error.Message);
        Assert.DoesNotContain(_registry.Secret, error.Message);
        Assert.Equal(["1", "1.2", "1.2.3", "v1.2.3"], _registry.Tags(Repository));
    }

    public void Dispose() => _registry.Dispose();

    private static string Tag(string reference) => reference[(reference.LastIndexOf(':') + 1)..];
}
