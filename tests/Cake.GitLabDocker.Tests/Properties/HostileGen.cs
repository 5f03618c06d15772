using CsCheck;

namespace Cake.GitLabDocker.Tests;

/// <summary>Generators of the values a GitLab variable or a setting can hold, hostile ones weighted up.</summary>
internal static class HostileGen
{
    private const string Mixed = "abcXYZ019-_./+ :@;&|$()`'\"\\\n\r\t\u00e9\u00df\u202e\u200f\u65e5\u0130";

    /// <summary>Values that broke or could break reference building: empty, spaces, shell, injection, reserved tags.</summary>
    public static readonly Gen<string> Known = Gen.OneOf(
        "", " ", "\t", "\n", "main", "Main", "feature/login", "v1.2.3", "1.2.3-rc.1+build.5", "v0.1.0", "latest",
        "latest-buildcache", "buildcache-main", "--push", "-t evil:latest", "$(id)", "`id`", "a;b && c", "../../etc",
        "UPPER/Case", "\u202eRTL", "\u65e5\u672c\u8a9e", "\ud83d\ude80", "7", "42", "x".PadRight(300, 'x'), "a\0b",
        "[::1]:5000/group/app", "[2001:db8::1]", "registry.gitlab.example:4430", new string('e', 64), "\u0130stanbul");

    /// <summary>Any value: a known hostile one, random Unicode, a mix of meaningful characters, or a long run.</summary>
    public static readonly Gen<string> Value = Gen.Frequency(
        (3, Known),
        (2, Gen.String[0, 40]),
        (4, Gen.Char[Mixed].Array[0, 40].Select(chars => new string(chars))),
        (1, Gen.Char["a1-._/"].Array[60, 10_000].Select(chars => new string(chars))));

    /// <summary>A value, or null for an unset variable.</summary>
    public static readonly Gen<string?> Variable = Gen.Frequency((1, Gen.Const<string?>((string?)null)), (3, Value.Select(v => (string?)v)));
}
