namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Buildah's storage driver when none is asked for: <c>overlay</c> where <c>buildah info</c> opens it, else <c>vfs</c>
/// with the reason in the job log; a driver that is asked for is used without a check.
/// </summary>
public sealed class StorageDriverChoiceTests
{
    private static readonly BuildInputs Unset = Inputs.Default() with { StorageDriver = null };

    [Fact]
    public void Overlay_is_used_for_every_storage_command_when_buildah_opens_it()
    {
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = "overlay true extfs []" } };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Tag()), Unset);

        Assert.Equal(["storage check", "build", "push"], buildah.Commands.Select(command => command.Step));
        Assert.Equal(
            "--storage-driver \"overlay\" info --format \"{{.store.GraphDriverName}} {{index .store.GraphStatus \\\"Native Overlay Diff\\\"}} " +
            "{{index .store.GraphStatus \\\"Backing Filesystem\\\"}} {{.store.GraphOptions}}\"", buildah.Lines.First());
        Assert.All(buildah.Lines.Skip(1), line => Assert.StartsWith("--storage-driver \"overlay\" ", line));
        Assert.Contains("Buildah storage: overlay", log.Text);
    }

    [Fact]
    public void The_check_started_before_the_login_is_the_one_the_build_reads()
    {
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = "overlay true extfs []" } };
        var log = new RecordingLog();
        using var engine = new BuildahEngine(buildah, new JobLog(log, onGitLab: false));

        engine.StartChecks(Unset);
        engine.Login(new RegistryCredentials("registry.gitlab.example", "gitlab-ci-token", Variables.Password), Unset);
        engine.Build(Inputs.Plan(Variables.Tag()), Unset);

        Assert.Equal(["storage check", "login", "build", "push"], buildah.Commands.Select(command => command.Step));
        Assert.All(buildah.Lines.Skip(2), line => Assert.StartsWith("--storage-driver \"overlay\" ", line));
        Assert.Single(log.Lines, line => line.Contains("Buildah storage: overlay", StringComparison.Ordinal));
    }

    [Fact]
    public void A_named_driver_or_a_dry_run_starts_no_check_before_the_login()
    {
        var named = new RecordingProcess();
        new BuildahEngine(named).StartChecks(Unset with { StorageDriver = "vfs" });
        Assert.Empty(named.Commands);

        var log = new RecordingLog();
        var dryRun = new BuildahEngine(new DryRunProcess(log, "buildah"));
        dryRun.StartChecks(Unset);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void Vfs_is_used_with_the_reason_when_overlay_cannot_be_opened()
    {
        const string refusal = "Error: 'overlay' is not supported over overlayfs, a mount_program is required: backing file system is unsupported for this graph driver";
        var buildah = new RecordingProcess { Errors = { ["storage check"] = refusal + "\ntime=\"…\" level=warning msg=\"failed to shutdown storage\"" } };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Tag()), Unset);

        Assert.All(buildah.Lines.Skip(1), line => Assert.StartsWith("--storage-driver \"vfs\" ", line));
        Assert.Contains($"Buildah storage: vfs, because overlay cannot be used in this job ({refusal})", log.Text);
        Assert.Contains("STORAGE_DRIVER=vfs", log.Text);
        Assert.DoesNotContain("failed to shutdown", log.Text);
    }

    [Fact]
    public void A_check_that_answers_another_driver_means_vfs()
    {
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = "vfs " } };

        new BuildahEngine(buildah).Build(Inputs.Plan(Variables.Branch()), Unset);

        Assert.StartsWith("--storage-driver \"vfs\" build", buildah.Lines.Last());
    }

    [Theory]
    [InlineData("overlay false overlayfs []")]
    [InlineData("overlay false extfs [overlay.mount_program=/usr/bin/fuse-overlayfs]")]
    public void Overlay_through_fuse_overlayfs_is_used_only_when_asked_for(string answer)
    {
        // "buildah info" opens it even where /dev/fuse is missing and the first mount would fail.
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = answer } };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Branch()), Unset);

        Assert.StartsWith("--storage-driver \"vfs\" build", buildah.Lines.Last());
        Assert.Contains("overlay would mount through fuse-overlayfs here, which also needs /dev/fuse: set STORAGE_DRIVER=overlay", log.Text);
    }

    [Theory]
    [InlineData("overlay false extfs []")]
    [InlineData("overlay false extfs [overlay.mountopt=nodev,metacopy=on]")]
    [InlineData("overlay false xfs [overlay.mountopt=redirect_dir=on]")]
    public void A_kernel_overlay_without_its_native_diff_is_used_and_named_as_such(string answer)
    {
        // Measured with Buildah 1.28: with metacopy=on or redirect_dir=on Buildah answers "Native Overlay Diff: false" and
        // builds correct layers on overlay (diffing them itself), in less time and a third of the disk vfs takes.
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = answer } };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Branch()), Unset);

        Assert.StartsWith("--storage-driver \"overlay\" build", buildah.Lines.Last());
        Assert.Contains("Buildah storage: overlay, without the kernel's native diff here (metacopy or redirect_dir)", log.Text);
        Assert.DoesNotContain("fuse-overlayfs", log.Text);
    }

    [Fact]
    public void The_reason_is_buildahs_error_line_not_a_warning_before_it_and_the_check_is_never_at_debug_level()
    {
        var buildah = new RecordingProcess
        {
            Errors = { ["storage check"] = "time=\"…\" level=warning msg=\"Failed to decode the keys [\\\"storage.foo\\\"]\"\nError: kernel does not support overlay fs" },
        };
        var log = new RecordingLog();

        new BuildahEngine(buildah, new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Branch()), Unset with { EngineDebug = true });

        Assert.Contains("because overlay cannot be used in this job (Error: kernel does not support overlay fs)", log.Text);
        Assert.DoesNotContain("--log-level", buildah.Lines.First());
        Assert.StartsWith("--log-level debug --storage-driver \"vfs\" build", buildah.Lines.Last());
    }

    [Theory]
    [InlineData("vfs")]
    [InlineData("overlay")]
    public void A_driver_that_is_asked_for_is_used_without_a_check(string driver)
    {
        var buildah = new RecordingProcess();

        new BuildahEngine(buildah).Build(Inputs.Plan(Variables.Tag()), Unset with { StorageDriver = driver });

        Assert.Equal(["build", "push"], buildah.Commands.Select(command => command.Step));
        Assert.All(buildah.Lines, line => Assert.StartsWith($"--storage-driver \"{driver}\" ", line));
    }

    [Fact]
    public void The_check_runs_once_for_a_build_that_is_run_again()
    {
        var buildah = new RecordingProcess { Outputs = { ["storage check"] = "overlay true extfs []" }, FailStep = "build", FailTimes = 1, FailMessage = "failed pushing cache" };
        var engine = new BuildahEngine(buildah, sleep: _ => { });

        engine.Build(Inputs.Plan(Variables.DefaultBranch()), Unset);
        engine.Build(Inputs.Plan(Variables.DefaultBranch()), Unset);

        Assert.Single(buildah.Commands, command => command.Step == "storage check");
        Assert.Equal(3, buildah.Commands.Count(command => command.Step == "build"));
    }

    [Fact]
    public void A_dry_run_says_what_it_would_choose_and_shows_vfs()
    {
        var log = new RecordingLog();

        new BuildahEngine(new DryRunProcess(log, "buildah"), new JobLog(log, onGitLab: false)).Build(Inputs.Plan(Variables.Tag()), Unset);

        Assert.Contains("Would check: buildah --storage-driver \"overlay\" info", log.Text);
        Assert.Contains("(a dry run assumes overlay storage cannot be used in this job)", log.Text);
        Assert.DoesNotContain("assumes it is missing", log.Text);
        Assert.Contains("Dry run: Buildah would use overlay storage if this job can, else vfs", log.Text);
        Assert.Contains("Would run: buildah --storage-driver \"vfs\" build", log.Text);
    }
}
