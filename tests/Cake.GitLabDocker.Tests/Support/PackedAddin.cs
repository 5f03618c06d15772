namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Packs the add-in once per test run into a private folder that <c>dotnet cake</c> uses as its NuGet source
/// (<c>CAKE_NUGET_SOURCE</c>), and restores the repository's pinned Cake.Tool.
/// </summary>
public sealed class PackedAddin : IDisposable
{
    public const string Version = "1.0.0";

    public PackedAddin()
    {
        Folder = Directory.CreateTempSubdirectory("gitlab-docker-packages-").FullName;
        Command.Succeed(Command.Dotnet, ["tool", "restore"], Repository.Root);
        Command.Succeed(Command.Dotnet,
            ["pack", Path.Combine(Repository.Root, "src", "Cake.GitLabDocker"), "-c", "Release", "-o", Folder, $"-p:Version={Version}"],
            Repository.Root);
    }

    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class PackedAddinCollection : ICollectionFixture<PackedAddin>
{
    public const string Name = "packed add-in";
}
