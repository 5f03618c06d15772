using Cake.Core;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A NativePlatform build with Buildah reads the built image's platform before pushing: Buildah 1.28 reuses another
/// platform's layers from a shared storage, and the build job (not the merge job) must be the one that fails.
/// </summary>
public sealed class NativePlatformCheckTests
{
    private const string Tag = Variables.Image + ":platform-linux-arm64-a1b2c3d4";

    private static GitLabDockerBuildPlan Plan(Dictionary<string, string?>? variables = null) =>
        Inputs.Plan(
            Variables.With(variables ?? Variables.DefaultBranch(), ("CI_COMMIT_SHORT_SHA", "a1b2c3d4")),
            new GitLabDockerBuildSettings { OciLabels = false }.WithEngine(GitLabDockerEngine.Buildah).WithNativePlatform("linux/arm64"));

    [Fact]
    public void The_check_reads_os_architecture_and_variant_of_the_tagged_image_from_the_jobs_storage()
    {
        var command = BuildahCommands.InspectPlatform(Tag, Inputs.Default(), "linux/arm64");

        Assert.Equal(
            "--storage-driver \"vfs\" inspect --type image --format \"{{.OCIv1.OS}} {{.OCIv1.Architecture}} {{.OCIv1.Variant}}\" " +
            $"\"{Tag}\"", command.Arguments.Render());
    }

    [Fact]
    public void An_image_of_another_platform_fails_the_build_job_before_the_push_naming_the_shared_storage()
    {
        var buildah = new RecordingProcess { Outputs = { ["platform check"] = "linux amd64" } };

        var error = Assert.Throws<CakeException>(() => new BuildahEngine(buildah).Build(Plan(), Inputs.Default()));

        Assert.Equal(["build", "platform check"], buildah.Commands.Select(command => command.Step));
        Assert.StartsWith($"The linux/arm64 build made a linux/amd64 image ({Tag}), so nothing was pushed.", error.Message);
        Assert.Contains("storage shared with another platform's job", error.Message);
        Assert.Contains("CONTAINERS_STORAGE_CONF", error.Message);
        Assert.Contains("buildah rmi --all", error.Message);
    }

    [Theory]
    [InlineData("linux arm64")]
    [InlineData("linux arm64 v8")]
    public void An_image_of_the_platform_is_pushed(string answer)
    {
        var buildah = new RecordingProcess { Outputs = { ["platform check"] = answer } };

        new BuildahEngine(buildah).Build(Plan(), Inputs.Default());

        Assert.Equal(["build", "platform check", "push"], buildah.Commands.Select(command => command.Step));
    }

    [Fact]
    public void An_image_that_cannot_be_read_is_a_warning_and_the_merge_still_checks()
    {
        var buildah = new RecordingProcess { Errors = { ["platform check"] = "Error: image not known" } };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Plan(), Inputs.Default());

        Assert.Equal(["build", "platform check", "push"], buildah.Commands.Select(command => command.Step));
        Assert.Contains($"Could not read the platform of {Tag} (Error: image not known); the merge job checks it", log.Text);
    }

    [Fact]
    public void A_build_that_is_not_native_or_tags_nothing_is_not_checked()
    {
        var buildah = new RecordingProcess();

        new BuildahEngine(buildah).Build(Inputs.Plan(Variables.DefaultBranch()), Inputs.Default());
        new BuildahEngine(buildah).Build(Plan(Variables.Branch()), Inputs.Default());

        Assert.DoesNotContain(buildah.Commands, command => command.Step == "platform check");
    }

    [Fact]
    public void A_dry_run_shows_the_check_and_what_it_assumes()
    {
        var log = new RecordingLog();

        new BuildahEngine(new DryRunProcess(log, "buildah"), new JobLog(log, onGitLab: false)).Build(Plan(), Inputs.Default());

        Assert.Contains($"Would check: buildah --storage-driver \"vfs\" inspect --type image", log.Text);
        Assert.Contains($"(a dry run assumes {Tag} is of linux/arm64)", log.Text);
    }
}
