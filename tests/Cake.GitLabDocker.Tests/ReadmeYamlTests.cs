using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Every <c>.gitlab-ci.yml</c> a user may paste — each YAML block of the README and the example project's file — passes
/// gitlab-ci-local's schema check (GitLab's CI schema), so a snippet GitLab would refuse cannot come back.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ReadmeYamlTests
{
    public static TheoryData<string, string> Pipelines()
    {
        var data = new TheoryData<string, string>();
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var blocks = YamlBlock().Matches(readme).Select(match => match.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 4, $"expected the README's job snippets, found {blocks.Count} YAML blocks");
        for (var i = 0; i < blocks.Count; i++)
        {
            data.Add($"README block {i + 1}", blocks[i]);
        }

        data.Add("examples/hello/.gitlab-ci.yml", File.ReadAllText(Path.Combine(Repository.Root, "examples", "hello", ".gitlab-ci.yml")));
        return data;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Passes_gitlabs_ci_schema(string name, string yaml)
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-yaml-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, ".gitlab-ci.yml"), yaml);
            Command.Succeed("git", ["init", "-q", "-b", "main"], folder);
            Command.Succeed("git", ["remote", "add", "origin", "https://gitlab.example.com/group/app.git"], folder);

            var (exitCode, output) = Command.Run("gitlab-ci-local", ["--list"], folder);

            Assert.True(exitCode == 0 && output.Contains("json schema validated", StringComparison.Ordinal), $"{name}:\n{output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
