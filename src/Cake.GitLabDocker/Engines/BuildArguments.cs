using Cake.Core;
using Cake.Core.IO;

namespace Cake.GitLabDocker;

/// <summary>
/// The build flags <c>docker buildx build</c> and <c>buildah build</c> spell alike. Each value is one quoted argument;
/// proxy variables go by name only, so their values (which may hold credentials) never reach the command line.
/// </summary>
internal static class BuildArguments
{
    /// <summary>Appends <c>--build-arg KEY=VALUE</c> for the user's arguments, then <c>--build-arg NAME</c> per proxy variable.</summary>
    public static void AppendBuildArgs(ProcessArgumentBuilder args, BuildInputs inputs)
    {
        foreach (var (key, value) in inputs.BuildArgs)
        {
            args.Append("--build-arg").AppendQuoted($"{key}={value}");
        }

        foreach (var name in inputs.ProxyArgs)
        {
            args.Append("--build-arg").Append(name);
        }
    }

    /// <summary>Appends <c>--label</c> per label, and the same as <c>--annotation</c> when the plan asks for annotations.</summary>
    public static void AppendLabels(ProcessArgumentBuilder args, GitLabDockerBuildPlan plan)
    {
        foreach (var (key, value) in plan.Labels)
        {
            args.Append("--label").AppendQuoted($"{key}={value}");
            if (plan.Annotations)
            {
                args.Append("--annotation").AppendQuoted($"{key}={value}");
            }
        }
    }

    /// <summary>Appends build contexts, secrets, platforms, target and <c>--no-cache</c>.</summary>
    public static void AppendInputs(ProcessArgumentBuilder args, GitLabDockerBuildPlan plan, BuildInputs inputs)
    {
        foreach (var (name, value) in inputs.BuildContexts)
        {
            args.Append("--build-context").AppendQuoted($"{name}={value}");
        }

        foreach (var (id, variable) in plan.Secrets)
        {
            args.Append("--secret").AppendQuoted($"id={id},env={variable}");
        }

        if (plan.Platforms.Count > 0)
        {
            args.Append("--platform").AppendQuoted(string.Join(',', plan.Platforms));
        }

        if (inputs.Target is not null)
        {
            args.Append("--target").AppendQuoted(inputs.Target);
        }

        if (inputs.NoCache)
        {
            args.Append("--no-cache");
        }
    }
}
