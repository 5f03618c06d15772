using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// Compares <see cref="RefSlug.From"/> with GitLab's own rule run by a real Ruby, for every Unicode scalar value.
/// </summary>
public class RefSlugRubyTests
{
    /// <summary>
    /// GitLab's <c>Gitlab::Utils.slugify</c>. Each code point sits between <c>a</c> and 61 more <c>a</c>, so trimming
    /// cannot hide it and a code point that lowercases to several pushes the last <c>a</c> past the cut at 63. Prints only
    /// the code points whose slug is not the one of a plain non-alphanumeric character, then the slug of each argument
    /// (code points in hex, comma separated).
    /// </summary>
    private const string Script = """
        def slug(s)
          s.downcase.gsub(/[^a-z0-9]/, '-')[0..62].gsub(/(\A-+|-+\z)/, '')
        end
        tail = 'a' * 61
        (0..0x10FFFF).each do |c|
          next if c.between?(0xD800, 0xDFFF)
          s = slug('a' + [c].pack('U') + tail)
          puts "#{c.to_s(16)} #{s}" unless s == 'a-' + tail
        end
        puts 'arguments'
        ARGV.each { |arg| puts "#{arg} #{slug(arg.split(',').map { |h| h.to_i(16) }.pack('U*'))}" }
        """;

    private static readonly string Tail = new('a', 61);

    /// <summary>Names near the cut where a code point that lowercases to two lands on the edge.</summary>
    private static readonly string[] EdgeCases =
    [
        new string('a', 62) + "İ",
        new string('a', 61) + "İ",
        new string('a', 61) + "İb",
        new string('a', 60) + "İİ",
        "İ",
        "-İ-",
        "İstanbul/ŞUBE",
        new string('\u212A', 70),
        "\u212Aelvin/\u212A8s",
        "ΣΑΣ/Ω" + new string('\u0130', 40),
    ];

    [Fact]
    public void Every_code_point_slugs_as_gitlab_does()
    {
        var (perCodePoint, edges) = RunRuby();
        var differences = new List<string>();
        var count = 0;

        for (var value = 0; value <= 0x10FFFF; value++)
        {
            if (!Rune.IsValid(value))
            {
                continue;
            }

            var expected = perCodePoint.TryGetValue(value, out var listed) ? listed : "a-" + Tail;
            var actual = RefSlug.From("a" + new Rune(value) + Tail);
            if (actual != expected && count++ < 20)
            {
                differences.Add($"U+{value:X4}: GitLab '{expected}', RefSlug '{actual}'");
            }
        }

        foreach (var name in EdgeCases)
        {
            var actual = RefSlug.From(name);
            if (actual != edges[Hex(name)] && count++ < 20)
            {
                differences.Add($"'{name}': GitLab '{edges[Hex(name)]}', RefSlug '{actual}'");
            }
        }

        Assert.True(count == 0, $"{count} code points or names slug differently from GitLab:\n" + string.Join('\n', differences));
    }

    private static (Dictionary<int, string> PerCodePoint, Dictionary<string, string> Edges) RunRuby()
    {
        var start = new ProcessStartInfo("ruby")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-e", Script }.Concat(EdgeCases.Select(Hex)))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Assert.Fail("This test runs GitLab's slug rule in Ruby: install Ruby (Debian: apt-get install ruby).");
            throw;
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ruby exited with {process.ExitCode}: {error.Result}");

            var perCodePoint = new Dictionary<int, string>();
            var edges = new Dictionary<string, string>();
            var inArguments = false;
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line == "arguments")
                {
                    inArguments = true;
                    continue;
                }

                var (key, slug) = (line[..line.IndexOf(' ')], line[(line.IndexOf(' ') + 1)..]);
                if (inArguments)
                {
                    edges[key] = slug;
                }
                else
                {
                    perCodePoint[int.Parse(key, NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = slug;
                }
            }

            Assert.Equal(EdgeCases.Length, edges.Count);
            return (perCodePoint, edges);
        }
    }

    private static string Hex(string name) =>
        string.Join(',', name.EnumerateRunes().Select(rune => rune.Value.ToString("x", CultureInfo.InvariantCulture)));
}
