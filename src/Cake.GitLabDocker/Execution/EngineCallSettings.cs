using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// The tool settings of one engine call: the user's process settings without the argument customization, which the
/// command builders apply to the build command only.
/// </summary>
internal sealed class EngineCallSettings : ToolSettings
{
    public static EngineCallSettings From(ToolSettings settings) => new()
    {
        ToolPath = settings.ToolPath,
        ToolTimeout = settings.ToolTimeout,
        WorkingDirectory = settings.WorkingDirectory,
        NoWorkingDirectory = settings.NoWorkingDirectory,
        EnvironmentVariables = settings.EnvironmentVariables,
        SetupProcessSettings = settings.SetupProcessSettings,
    };
}
