namespace Cake.GitLabDocker.Tests;

/// <summary>Paths inside this repository, found from the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string StandIns => Path.Combine(AppContext.BaseDirectory, "StandIns");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Cake.GitLabDocker.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Cake.GitLabDocker.sln not found above " + AppContext.BaseDirectory);
    }
}
