// Builds, tests and packs Cake.GitLabDocker. Run through ./build.sh or ./build.ps1.
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var solution = "./Cake.GitLabDocker.sln";
var artifacts = Directory("./artifacts");

Task("Build")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .Description("Unit, integration (dotnet cake + stand-in docker) and end-to-end (Buildah, registry, gitlab-ci-local) tests.")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Loggers = { "console;verbosity=normal" },
    }));

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

Task("Default")
    .IsDependentOn("Pack");

RunTarget(target);
