using Cake.Core.Tooling;

namespace Cake.GitLabDocker;

/// <summary>
/// The tool settings of one engine call: the user's process settings without the argument customization, which the
/// command builders apply to the build command only.
/// </summary>
internal sealed class EngineCallSettings : ToolSettings
{
    /// <param name="settings">The user's settings.</param>
    /// <param name="ownToolPath">Whether <see cref="ToolSettings.ToolPath"/> is this tool's (it is the engine's, not a helper's such as skopeo).</param>
    public static EngineCallSettings From(ToolSettings settings, bool ownToolPath = true) => new()
    {
        ToolPath = ownToolPath ? settings.ToolPath : null,
        ToolTimeout = settings.ToolTimeout,
        WorkingDirectory = settings.WorkingDirectory,
        NoWorkingDirectory = settings.NoWorkingDirectory,
        EnvironmentVariables = settings.EnvironmentVariables,
        SetupProcessSettings = settings.SetupProcessSettings,
    };
}
