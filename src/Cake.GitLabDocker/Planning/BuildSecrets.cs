using System.Text.RegularExpressions;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// Resolves <see cref="GitLabDockerBuildSettings.Secrets"/> and <see cref="GitLabDockerBuildSettings.ForwardedVariables"/>
/// into (secret id, variable name) pairs. Only names are handled here; values stay in the environment. Pure.
/// </summary>
internal static partial class BuildSecrets
{
    /// <summary>Returns the (secret id, variable name) pairs sorted by id, with notes on what is passed and what is skipped.</summary>
    public static Noted<IReadOnlyList<KeyValuePair<string, string>>> Resolve(GitLabDockerBuildSettings settings, Func<string, string?> variable)
    {
        var notes = new List<string>();
        var secrets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, name) in settings.Secrets)
        {
            RequireId(id, "GitLabDockerBuildSettings.Secrets");
            RequireVariableName(name, $"GitLabDockerBuildSettings.Secrets['{id}']");
            if (string.IsNullOrEmpty(variable(name)))
            {
                throw new CakeException(
                    $"GitLabDockerBuildSettings.Secrets['{id}'] reads the variable {name}, which is not set in this job. " +
                    "Define it under Settings > CI/CD > Variables (a protected variable reaches protected branches and tags only).");
            }

            secrets[id] = name;
        }

        var skipped = new List<string>();
        foreach (var name in settings.ForwardedVariables)
        {
            RequireVariableName(name, "GitLabDockerBuildSettings.ForwardedVariables entry");
            if (string.IsNullOrEmpty(variable(name)))
            {
                skipped.Add(name);
            }
            else
            {
                secrets.TryAdd(name, name);
            }
        }

        if (secrets.Count > 0)
        {
            notes.Add($"Build secrets (values stay in the environment): {string.Join(", ", secrets.Select(s => $"{s.Key} from ${s.Value}"))}.");
        }

        if (skipped.Count > 0)
        {
            notes.Add($"ForwardedVariables not set in this job, so not forwarded: {string.Join(", ", skipped)}.");
        }

        return new Noted<IReadOnlyList<KeyValuePair<string, string>>>(secrets.ToList(), notes);
    }

    private static void RequireId(string id, string source)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new CakeException($"{source} has the secret id '{ImageName.Printable(id)}': use letters, digits, '_', '.' and '-' only.");
        }
    }

    private static void RequireVariableName(string name, string source)
    {
        if (!VariablePattern().IsMatch(name))
        {
            throw new CakeException($"{source} names the variable '{ImageName.Printable(name)}', which is not a variable name ([A-Za-z_][A-Za-z0-9_]*).");
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_.-]{1,128}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,254}\z")]
    private static partial Regex VariablePattern();
}
