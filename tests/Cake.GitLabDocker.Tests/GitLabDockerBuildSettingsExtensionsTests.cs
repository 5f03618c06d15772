using System.Reflection;

namespace Cake.GitLabDocker.Tests;

/// <summary>Every setting has its fluent setter, each setter sets what its name says, and boolean setters default to on.</summary>
public sealed class GitLabDockerBuildSettingsExtensionsTests
{
    /// <summary>Settings whose setter is named otherwise (collections take one entry at a time; the login takes three values).</summary>
    private static readonly Dictionary<string, string> SetterOf = new(StringComparer.Ordinal)
    {
        ["BuildArgs"] = "WithBuildArg",
        ["AdditionalTags"] = "WithAdditionalTag",
        ["Labels"] = "WithLabel",
        ["Platforms"] = "WithPlatform",
        ["Secrets"] = "WithSecret",
        ["ForwardedVariables"] = "WithForwardedVariable",
        ["BuildContexts"] = "WithBuildContext",
        ["BuilderDriverOptions"] = "WithBuilderDriverOption",
        ["Registry"] = "WithCredentials",
        ["Username"] = "WithCredentials",
        ["Password"] = "WithCredentials",
    };

    private static readonly MethodInfo[] Setters = typeof(GitLabDockerBuildSettingsExtensions)
        .GetMethods(BindingFlags.Public | BindingFlags.Static);

    public static TheoryData<string> Properties()
    {
        var data = new TheoryData<string>();
        foreach (var property in typeof(GitLabDockerBuildSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                     .Where(property => property.GetCustomAttribute<ObsoleteAttribute>() is null))
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void Every_setting_has_a_fluent_setter(string property)
    {
        var name = SetterOf.GetValueOrDefault(property, "With" + property);

        Assert.Contains(Setters, method => method.Name == name && method.GetCustomAttribute<ObsoleteAttribute>() is null);
    }

    [Fact]
    public void Boolean_setters_default_to_on()
    {
        foreach (var method in Setters.Where(method => method.GetParameters().Skip(1).Any(parameter => parameter.ParameterType == typeof(bool))))
        {
            var flag = method.GetParameters().Single(parameter => parameter.ParameterType == typeof(bool));
            Assert.True(flag.HasDefaultValue && flag.DefaultValue is true || method.GetCustomAttribute<ObsoleteAttribute>() is not null,
                $"{method.Name}({flag.Name}) should default to true");
        }
    }

    public static TheoryData<string, Func<GitLabDockerBuildSettings, GitLabDockerBuildSettings>, Func<GitLabDockerBuildSettings, bool>> Cases => new()
    {
        { "WithContext", s => s.WithContext("app"), s => s.Context.FullPath == "app" },
        { "WithDockerfile", s => s.WithDockerfile("app/Dockerfile"), s => s.Dockerfile!.FullPath == "app/Dockerfile" },
        { "WithImage", s => s.WithImage("registry.example.com/g/a"), s => s.Image == "registry.example.com/g/a" },
        { "WithBuildArg", s => s.WithBuildArg("K", "V"), s => s.BuildArgs["K"] == "V" },
        { "WithPush", s => s.WithPush(), s => s.Push == true },
        { "WithPush(null)", s => s.WithPush(true).WithPush(null), s => s.Push is null },
        { "WithDryRun", s => s.WithDryRun(), s => s.DryRun },
        { "WithCredentials", s => s.WithCredentials("r.example.com", "u", "p"), s => s is { Registry: "r.example.com", Username: "u", Password: "p" } },
        { "WithCommitTag", s => s.WithCommitTag(), s => s.CommitTag },
        { "WithBranchImages", s => s.WithBranchImages(), s => s.BranchImages },
        { "WithMergeRequestImages", s => s.WithMergeRequestImages(), s => s.MergeRequestImages },
        { "WithSemVerTags", s => s.WithSemVerTags(), s => s.SemVerTags },
        { "WithLatestOnRelease", s => s.WithLatestOnRelease(), s => s.LatestOnRelease },
        { "WithOverwriteTags", s => s.WithOverwriteTags(), s => s.OverwriteTags },
        { "WithAdditionalTag", s => s.WithAdditionalTag("stable"), s => s.AdditionalTags.Single() == "stable" },
        { "WithOciLabels(false)", s => s.WithOciLabels(false), s => !s.OciLabels },
        { "WithAnnotations", s => s.WithAnnotations(), s => s.Annotations },
        { "WithLabel", s => s.WithLabel("team", "platform"), s => s.Labels["team"] == "platform" },
        { "WithTarget", s => s.WithTarget("runtime"), s => s.Target == "runtime" },
        { "WithNoCache", s => s.WithNoCache(), s => s.NoCache },
        { "WithPull", s => s.WithPull(), s => s.Pull },
        { "WithPlatform", s => s.WithPlatform("linux/arm64"), s => s.Platforms.Single() == "linux/arm64" },
        { "WithNativePlatform", s => s.WithNativePlatform("linux/arm64"), s => s.NativePlatform == "linux/arm64" },
        { "WithSecret", s => s.WithSecret("npm", "NPM_TOKEN"), s => s.Secrets["npm"] == "NPM_TOKEN" },
        { "WithForwardedVariable", s => s.WithForwardedVariable("NUGET_TOKEN"), s => s.ForwardedVariables.Single() == "NUGET_TOKEN" },
        { "WithForwardProxy(false)", s => s.WithForwardProxy(false), s => !s.ForwardProxy },
        { "WithBuildContext", s => s.WithBuildContext("shared", "../shared"), s => s.BuildContexts["shared"] == "../shared" },
        { "WithProvenance", s => s.WithProvenance(), s => s.Provenance == true },
        { "WithSbom(false)", s => s.WithSbom(false), s => s.Sbom == false },
        { "WithReproducible(false)", s => s.WithReproducible(false), s => !s.Reproducible },
        { "WithEngine", s => s.WithEngine(GitLabDockerEngine.Buildah), s => s.Engine == GitLabDockerEngine.Buildah },
        { "WithTlsVerify(false)", s => s.WithTlsVerify(false), s => s.TlsVerify == false },
        { "WithCertDirectory", s => s.WithCertDirectory("certs"), s => s.CertDirectory!.FullPath == "certs" },
        { "WithStorageDriver", s => s.WithStorageDriver("overlay"), s => s.StorageDriver == "overlay" },
        { "WithIsolation", s => s.WithIsolation("oci"), s => s.Isolation == "oci" },
        { "WithBuildahRetry", s => s.WithBuildahRetry(5), s => s.BuildahRetry == 5 },
        { "WithPushRetries", s => s.WithPushRetries(0), s => s.PushRetries == 0 },
        { "WithEngineDebug", s => s.WithEngineDebug(), s => s.EngineDebug },
#pragma warning disable CS0618 // The obsolete setting still compiles and is still set.
        { "WithKeepLogin", s => s.WithKeepLogin(), s => s.KeepLogin },
#pragma warning restore CS0618
        { "WithCacheImageManifest", s => s.WithCacheImageManifest(), s => s.CacheImageManifest },
        { "WithCacheIgnoreError", s => s.WithCacheIgnoreError(), s => s.CacheIgnoreError },
        { "WithDependencyProxyLogin(false)", s => s.WithDependencyProxyLogin(false), s => !s.DependencyProxyLogin },
        { "WithBuilder", s => s.WithBuilder("mine"), s => s.Builder == "mine" },
        { "WithBuilderEndpoint", s => s.WithBuilderEndpoint("tcp://buildkitd:1234"), s => s.BuilderEndpoint == "tcp://buildkitd:1234" },
        { "WithBuilderTls", s => s.WithBuilderTls("ca.pem", "cert.pem", "key.pem"),
            s => s.BuilderCaCertificate!.FullPath == "ca.pem" && s.BuilderClientCertificate!.FullPath == "cert.pem" && s.BuilderClientKey!.FullPath == "key.pem" },
        { "WithBuilderCaCertificate", s => s.WithBuilderCaCertificate("ca.pem"), s => s.BuilderCaCertificate!.FullPath == "ca.pem" },
        { "WithBuilderClientCertificate", s => s.WithBuilderClientCertificate("cert.pem"), s => s.BuilderClientCertificate!.FullPath == "cert.pem" },
        { "WithBuilderClientKey", s => s.WithBuilderClientKey("key.pem"), s => s.BuilderClientKey!.FullPath == "key.pem" },
        { "WithBuilderDriver", s => s.WithBuilderDriver("kubernetes"), s => s.BuilderDriver == "kubernetes" },
        { "WithBuilderDriverOption", s => s.WithBuilderDriverOption("namespace", "ci"), s => s.BuilderDriverOptions["namespace"] == "ci" },
        { "WithWriteDotenv(false)", s => s.WithWriteDotenv(false), s => !s.WriteDotenv },
        { "WithDotenvFile", s => s.WithDotenvFile("out/image.env"), s => s.DotenvFile!.FullPath == "out/image.env" },
        { "WithReuseCommitImage", s => s.WithReuseCommitImage(), s => s.ReuseCommitImage },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_setter_sets_its_setting_and_returns_the_same_object(
        string name, Func<GitLabDockerBuildSettings, GitLabDockerBuildSettings> apply, Func<GitLabDockerBuildSettings, bool> holds)
    {
        var settings = new GitLabDockerBuildSettings();

        Assert.Same(settings, apply(settings));
        Assert.True(holds(settings), name);
    }

    [Fact]
    public void Every_setter_has_a_case()
    {
        var covered = Cases.Select(row => ((string)row[0]).Split('(')[0]).ToHashSet();

        var missing = Setters.Where(method => method.GetCustomAttribute<ObsoleteAttribute>() is null).Select(method => method.Name)
            .Distinct().Where(name => !covered.Contains(name)).ToList();

        Assert.True(missing.Count == 0, "setters without a case: " + string.Join(", ", missing));
    }

#pragma warning disable CS0618 // The renamed setters stay for existing scripts and must keep working.
    [Fact]
    public void Renamed_setters_still_set_the_same_settings()
    {
        var settings = new GitLabDockerBuildSettings().WithDotenv(false).WithRetry(4);

        Assert.False(settings.WriteDotenv);
        Assert.Equal(4, settings.BuildahRetry);
        Assert.Equal(4, settings.Retry);
    }
#pragma warning restore CS0618

    [Fact]
    public void Setters_refuse_a_missing_settings_object()
    {
        Assert.Throws<ArgumentNullException>(() => GitLabDockerBuildSettingsExtensions.WithImage(null!, "x"));
    }
}
