using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker.Tests;

/// <summary>The tests' own oracles, written independently of the add-in: Docker's reference grammar and what a good error names.</summary>
internal static partial class Grammar
{
    // distribution/reference v0.6 (regexp.go), transcribed: domain-component, domain-name, an IPv6 address in brackets,
    // an optional port, then path components; a name of exactly 64 hex digits is an image ID (normalize.go), not a name.
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Domain = "(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string Name = @"(?![a-f0-9]{64}(?::[^/]*)?\z)(?:" + Domain + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"; // Go's \w is ASCII

    /// <summary>Docker's reference grammar (distribution/reference v0.6): repository with optional host[:port], one tag.</summary>
    [GeneratedRegex(@"\A" + Name + ":" + Tag + @"\z")]
    public static partial Regex Reference();

    /// <summary>Docker's repository grammar, without a tag.</summary>
    [GeneratedRegex(@"\A" + Name + @"\z")]
    public static partial Regex Repository();

    /// <summary>An error that names what to fix: a GitLab variable, one of the add-in's variables, or a setting.</summary>
    [GeneratedRegex(@"CI_[A-Z_]+|GITLAB_DOCKER_[A-Z_]+|GitLabDockerBuildSettings\.|CommitTag|MergeRequestImages")]
    public static partial Regex NamesTheFix();

    /// <summary>Returns a loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
