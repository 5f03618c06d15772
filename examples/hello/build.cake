#addin nuget:?package=Cake.GitLabDocker&version=1.0.0

var target = Argument("target", "Image");

Task("Image")
    .Does(() =>
{
    var result = GitLabDockerBuild(settings =>
    {
        // Opt-in tag rules (see the README), for example:
        // settings.WithSemVerTags().WithLatestOnRelease().WithBranchImages().WithCommitTag();

        // Pin the base image from a CI/CD variable, so a mirror or the dependency proxy can be swapped in.
        if (HasEnvironmentVariable("BASE_IMAGE"))
        {
            settings.WithBuildArg("BASE_IMAGE", EnvironmentVariable("BASE_IMAGE"));
        }
    });

    Information("Image digest: {0}", result.Digest ?? "(not pushed)");
});

RunTarget(target);
