using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Cake.GitLabDocker.Tests.SlowestFirst", "Cake.GitLabDocker.Tests")]

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
        var folder = RunFolder.Create("gitlab-docker-packages-");
        Command.Succeed(Command.Dotnet, ["tool", "restore"], Repository.Root);
        Command.Succeed(Command.Dotnet,
            ["pack", Path.Combine(Repository.Root, "src", "Cake.GitLabDocker"), "-c", "Release", "-o", folder, $"-p:Version={Version}"],
            Repository.Root);
        return folder;
    }
}

/// <summary>
/// Starts the slow classes (category Integration or EndToEnd, the ones that use <see cref="PackedAddin"/>) first, those
/// with the most tests first, then the rest in xunit's own order. xunit runs as many classes at once as the machine has
/// cores, each class's tests one after another, so a long class started last would run alone at the end.
/// </summary>
public sealed class SlowestFirst : ITestCollectionOrderer
{
    private static readonly string[] SlowCategories = ["Integration", "EndToEnd"];

    private static readonly ILookup<string, Type> ClassesByCollection = typeof(SlowestFirst).Assembly.GetTypes().ToLookup(CollectionOf);

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections)
            .OrderByDescending(collection => ClassesByCollection[collection.DisplayName] is var classes && classes.Any(IsSlow)
                ? classes.Sum(Tests)
                : -1)
            .ToList();

    /// <summary>The collection a class is in: named by its [Collection], else xunit's own one for the class alone.</summary>
    private static string CollectionOf(Type type) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute))?.ConstructorArguments[0].Value as string
        ?? "Test collection for " + type.FullName;

    private static bool IsSlow(Type type) =>
        type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(TraitAttribute)
            && a.ConstructorArguments is [{ Value: "Category" }, { Value: string category }]
            && SlowCategories.Contains(category));

    private static int Tests(Type type) =>
        type.GetMethods().Count(method => method.GetCustomAttribute<FactAttribute>() is not null);
}
