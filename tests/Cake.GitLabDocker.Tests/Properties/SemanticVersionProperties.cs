using CsCheck;
using Semver;

namespace Cake.GitLabDocker.Tests;

/// <summary>The add-in's SemVer reading agrees with the Semver library (strict SemVer 2.0) on any input.</summary>
public class SemanticVersionProperties
{
    private static readonly Gen<string> Versions = Gen.Frequency(
        (1, HostileGen.Value),
        (3, Gen.Select(Gen.Int[0, 12], Gen.Int[0, 12], Gen.Int[0, 12], Gen.Char["0aZ.-+v"].Array[0, 8],
            (major, minor, patch, rest) => $"{major}.{minor}.{patch}{new string(rest)}")),
        (1, Gen.Char["0123456789.-+v"].Array[0, 14].Select(chars => new string(chars))));

    [Fact]
    public void Agrees_with_the_semver_library()
    {
        Versions.Sample(text =>
        {
            var unprefixed = text.StartsWith('v') ? text[1..] : text;
            var expected = SemVersion.TryParse(unprefixed, SemVersionStyles.Strict, out var version);

            var actual = SemanticVersion.TryParse(text);

            Assert.Equal(expected, actual is not null);
            if (actual is not null)
            {
                Assert.Equal(version!.WithoutMetadata().ToString(), actual.Version);
                Assert.Equal(version.IsPrerelease, actual.IsPreRelease);
            }
        }, iter: 5000);
    }
}
