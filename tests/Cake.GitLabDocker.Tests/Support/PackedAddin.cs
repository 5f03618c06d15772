namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The add-in packed into a private folder that <c>dotnet cake</c> uses as its NuGet source (<c>CAKE_NUGET_SOURCE</c>),
/// with the repository's pinned Cake.Tool restored. A class fixture: every class that asks for one gets a view of the
/// same package, packed once per test run by whichever class comes first and deleted when the test process exits
/// (xunit 2 has no assembly fixture).
/// </summary>
/// <remarks>
/// So the classes that use it need no shared collection, and run in parallel: each starts its own registry (on a port
/// the system gave it) and Buildah storage and auth file, runs in its own folders (a fresh copy of <c>examples/hello</c>
/// or a job folder, each with its own <c>tools/</c> for Cake's add-ins), gives its processes their environment
/// explicitly (<see cref="Command"/>), and none sets the test process's environment or current directory. What they
/// share is read-only (this package, the repository) or locked (<see cref="ReliabilityFigures"/>).
/// </remarks>
public sealed class PackedAddin
{
    public const string Version = "1.0.0";

    // A failed pack is cached too: every class then fails with the same error instead of packing again.
    private static readonly Lazy<string> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Packs the add-in unless this test run already did.</summary>
    public PackedAddin() => Folder = Packed.Value;

    public string Folder { get; }

    private static string Pack()
    {
        var folder = Directory.CreateTempSubdirectory("gitlab-docker-packages-").FullName;
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
        Command.Succeed(Command.Dotnet, ["tool", "restore"], Repository.Root);
        Command.Succeed(Command.Dotnet,
            ["pack", Path.Combine(Repository.Root, "src", "Cake.GitLabDocker"), "-c", "Release", "-o", folder, $"-p:Version={Version}"],
            Repository.Root);
        return folder;
    }
}
