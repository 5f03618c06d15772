using Cake.Core;

namespace Cake.GitLabDocker.Tests;

public class GitLabPathTests
{
    [Theory]
    [InlineData("registry.gitlab.example/group/app", GitLabDockerEngine.Buildah)]
    [InlineData("registry.gitlab.example/group/app/api", GitLabDockerEngine.Buildah)]
    [InlineData("registry.gitlab.example/group/app/api/v2", GitLabDockerEngine.Buildx)]
    [InlineData("registry.gitlab.example/other/project/a/b/c", GitLabDockerEngine.Buildx)]
    public void Images_within_two_levels_below_the_project_are_accepted(string image, GitLabDockerEngine engine)
    {
        var plan = Inputs.Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { Image = image, Engine = engine });

        Assert.Equal(image, plan.Image);
    }

    [Theory]
    [InlineData("registry.gitlab.example/group/app/a/b/c", GitLabDockerEngine.Buildx, "3 levels")]
    [InlineData("Registry.GitLab.example/Group/App/A/B", GitLabDockerEngine.Buildah, "Buildah keeps its cache one level further down")]
    public void Deeper_images_are_refused_before_anything_runs(string image, GitLabDockerEngine engine, string why)
    {
        var error = Assert.Throws<CakeException>(() =>
            Inputs.Plan(Variables.DefaultBranch(), new GitLabDockerBuildSettings { Image = image, Engine = engine }));

        Assert.Contains("GitLabDockerBuildSettings.Image", error.Message);
        Assert.Contains(why, error.Message);
    }
}
