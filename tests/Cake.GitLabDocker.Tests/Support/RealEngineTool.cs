using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.GitLabDocker.Tests;

/// <summary>An <see cref="EngineTool"/> on Cake's real file system and environment that starts real processes.</summary>
internal static class RealEngineTool
{
    public static EngineTool For(string executablePath, RecordingLog? log = null, TimeSpan? timeout = null, string name = "docker") =>
        For(new EngineCallSettings { ToolPath = executablePath, ToolTimeout = timeout }, log, name);

    /// <summary>The tool is given no locator: every test names the executable's path in <see cref="ToolSettings.ToolPath"/>.</summary>
    public static EngineTool For(ToolSettings settings, RecordingLog? log = null, string name = "docker") =>
        new(new FileSystem(), new CakeEnvironment(new CakePlatform(), new CakeRuntime()), new UnusedProcessRunner(), null!,
            log ?? new RecordingLog(), name, settings);

    /// <summary>The engine tool starts its processes itself; Cake's runner must never be asked.</summary>
    private sealed class UnusedProcessRunner : IProcessRunner
    {
        public IProcess Start(FilePath filePath, ProcessSettings settings) =>
            throw new InvalidOperationException("EngineTool started a process through Cake's runner.");
    }
}
