using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>Runs a logout so that a failure only warns: the build's outcome stands, the user learns what is left.</summary>
internal static class Logouts
{
    public static void Run(IEngineProcess process, EngineCommand logout, JobLog jobLog)
    {
        try
        {
            process.Run(logout);
        }
        catch (CakeException failure)
        {
            jobLog.Warning($"Could not log out ({failure.Message.Split('\n')[0]}): the login stays in the engine's credentials file.");
        }
    }
}
