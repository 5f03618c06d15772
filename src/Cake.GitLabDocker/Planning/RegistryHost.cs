using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cake.GitLabDocker;

/// <summary>
/// A registry address as Docker's reference grammar reads it (distribution/reference, <c>domainAndPort</c>): a DNS name
/// or IPv4 address, or an IPv6 address in brackets, then an optional port. Two addresses are the same registry when
/// their hosts match case-insensitively (IPv6 as addresses), with <c>docker.io</c>, <c>index.docker.io</c> and
/// <c>registry-1.docker.io</c> as one host, and port 443 the same as no port. Pure.
/// </summary>
internal sealed partial record RegistryHost
{
    private const string DockerHub = "docker.io";
    private const int HttpsPort = 443;
    private const int MaxPort = 65535;

    private RegistryHost(string host, int? port)
    {
        Host = host;
        Port = port;
    }

    /// <summary>Gets the host: lowercase, Docker Hub's names as <c>docker.io</c>, an IPv6 address in brackets and in its shortest form.</summary>
    public string Host { get; }

    /// <summary>Gets the port, or <see langword="null"/> for none or 443.</summary>
    public int? Port { get; }

    /// <summary>Reads a registry address such as <c>registry.example.com:5050</c> or <c>[::1]:5000</c>.</summary>
    /// <param name="value">The address: a host and an optional port, no scheme and no path.</param>
    /// <returns>The address, or <see langword="null"/> when the value is not one.</returns>
    public static RegistryHost? TryParse(string value)
    {
        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return null;
        }

        int? port = null;
        if (match.Groups["port"].Success)
        {
            if (!int.TryParse(match.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > MaxPort)
            {
                return null;
            }

            port = number == HttpsPort ? null : number;
        }

        var host = match.Groups["host"].Value.ToLowerInvariant();
        return new RegistryHost(host switch
        {
            "index.docker.io" or "registry-1.docker.io" => DockerHub,
            ['[', .. var inner, ']'] when IPAddress.TryParse(inner, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
                => $"[{address}]",
            _ => host,
        }, port);
    }

    /// <summary>
    /// Returns whether two addresses name the same registry; values that are not addresses compare as text, ignoring case.
    /// </summary>
    /// <param name="first">A registry address, for example <c>CI_REGISTRY</c>.</param>
    /// <param name="second">Another, for example an image's host.</param>
    public static bool Same(string first, string second) =>
        TryParse(first) is { } a && TryParse(second) is { } b
            ? a == b
            : string.Equals(first.Trim(), second.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Port is { } port ? $"{Host}:{port}" : Host;

    // A domain component is [a-z0-9] runs joined by '-' runs: the grammar's "alphanumeric, [alphanumeric-]*, alphanumeric",
    // written so that no input can make the match backtrack.
    [GeneratedRegex(@"\A(?<host>[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*(?:\.[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*)*|\[[A-Fa-f0-9:]+\])(?::(?<port>[0-9]+))?\z")]
    private static partial Regex Pattern();
}
