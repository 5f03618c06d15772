using System.Globalization;
using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker.Tests;

/// <summary>A Cake log that keeps every line, at every verbosity.</summary>
internal sealed class RecordingLog : ICakeLog
{
    public List<string> Lines { get; } = [];

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public string Text => string.Join('\n', Lines);

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args) =>
        Lines.Add(args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args));
}
