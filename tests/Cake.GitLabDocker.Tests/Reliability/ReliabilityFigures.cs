using System.Text;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// The reliability suite's figures, collected by its tests and written as a Markdown table to
/// <c>TestResults/reliability.md</c> after each record (so the file is complete once the last test ends);
/// <c>./build.sh --target=Reliability</c> prints it.
/// </summary>
internal static class ReliabilityFigures
{
    private static readonly SortedDictionary<string, (int Tried, int Passed, string Detail)> Rows = new(StringComparer.Ordinal);

    public static string File => Path.Combine(Repository.Root, "TestResults", "reliability.md");

    /// <summary>Records one row: what was tried, how many ended as expected, and a short detail.</summary>
    public static void Record(string category, int tried, int passed, string detail)
    {
        lock (Rows)
        {
            Rows[category] = (tried, passed, detail);
            var table = new StringBuilder()
                .AppendLine("| category | tried | as expected | detail |")
                .AppendLine("|---|---|---|---|");
            foreach (var (name, row) in Rows)
            {
                table.AppendLine($"| {name} | {row.Tried} | {row.Passed} | {row.Detail} |");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            System.IO.File.WriteAllText(File, table.ToString());
        }
    }
}
