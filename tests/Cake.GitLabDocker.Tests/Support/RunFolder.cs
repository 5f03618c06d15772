namespace Cake.GitLabDocker.Tests;

/// <summary>A temporary folder for the whole test run: made on first use, deleted when the test process exits.</summary>
internal static class RunFolder
{
    /// <summary>Makes a folder under the system's temporary folder, named <paramref name="prefix"/> and a random suffix.</summary>
    public static string Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is not worth a failed run.
            }
        };
        return folder;
    }
}
