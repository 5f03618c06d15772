// Builds, tests and packs Cake.GitLabDocker. Run through ./build.sh or ./build.ps1.
#load "build/demo.cake"

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./Cake.GitLabDocker.sln";
var artifacts = Directory("./artifacts");
var reliabilityFigures = File("./TestResults/reliability.md");

// The slow test classes carry a category of their kind (tests/Cake.GitLabDocker.Tests): Integration runs the packed
// add-in under the real dotnet cake, EndToEnd runs whole pipelines (gitlab-ci-local, Buildah, a registry).
var fastTests = "Category!=Integration&Category!=EndToEnd&Category!=RealEngines";

void RunTests(string filter, bool printFigures = true)
{
    if (FileExists(reliabilityFigures))
    {
        DeleteFile(reliabilityFigures);
    }

    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = filter,
        Loggers = { "console;verbosity=normal" },
    });

    // Written by the reliability tests (tests/Cake.GitLabDocker.Tests/Reliability).
    if (printFigures && FileExists(reliabilityFigures))
    {
        Information("{0}", "Reliability figures:\n" + System.IO.File.ReadAllText(reliabilityFigures));
    }
}

Task("Build")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .Description("Unit, integration (dotnet cake + stand-in docker and buildctl) and end-to-end (Buildah, registry, gitlab-ci-local) tests.")
    .IsDependentOn("Build")
    .Does(() => RunTests("Category!=RealEngines"));

Task("RealEngines")
    .Description("The BuildKit engine and buildx against the real BuildKit daemon at BUILDKIT_HOST (fails without one).")
    .IsDependentOn("Build")
    .Does(() => RunTests("Category=RealEngines"));

Task("UnitTest")
    .Description("The fast tests only (all but the Integration and EndToEnd categories), in well under a minute.")
    .IsDependentOn("Build")
    .Does(() => RunTests(fastTests, printFigures: false));

Task("Reliability")
    .Description("The reliability suite only (hostile input, registry faults, secret scan, concurrency); prints its figures.")
    .IsDependentOn("Build")
    .Does(() => RunTests("Category=Reliability"));

Task("Pack")
    .Description("Packs the add-in into ./artifacts.")
    .IsDependentOn("Build")
    .Does(() =>
    {
        CleanDirectory(artifacts);
        DotNetPack("./src/Cake.GitLabDocker/Cake.GitLabDocker.csproj", new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = artifacts,
        });
    });

Task("Demo")
    .Description("The add-in's main job in minutes, without GitLab: examples/hello built and pushed with Buildah to a local registry as three pipelines (build/demo.cake).")
    .Does(() => Demo.Run(MakeAbsolute(Directory("./")).FullPath));

Task("Default")
    .IsDependentOn("Pack");

RunTarget(target);
