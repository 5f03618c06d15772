using Cake.Core.Diagnostics;

namespace Cake.GitLabDocker;

/// <summary>
/// Collapsible sections in the GitLab job log (<c>section_start</c>/<c>section_end</c> markers). Outside a GitLab
/// runner's job sections write nothing: a terminal would show the markers as text.
/// </summary>
internal sealed class JobLog(ICakeLog log, bool onGitLab, Func<DateTimeOffset>? clock = null)
{
    /// <summary>
    /// Whether the log goes to GitLab, which folds sections: <c>GITLAB_CI=true</c> and a runner's <c>CI_RUNNER_ID</c>.
    /// <c>GITLAB_CI=true</c> alone is also what gitlab-ci-local and the demo set to plan as a pipeline, in a terminal.
    /// </summary>
    public static bool ShowsSections(Func<string, string?> environment) =>
        string.Equals(environment(GitLabVariables.GitLabCi)?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(environment(GitLabVariables.RunnerId));

    /// <summary>A job log that writes no section markers.</summary>
    public static JobLog None { get; } = new(new NullLog(), false);

    /// <summary>Writes one line to the job log.</summary>
    public void Line(string text) => log.Information("{0}", text);

    /// <summary>Writes a warning to the job log.</summary>
    public void Warning(string text) => log.Warning("{0}", text);

    /// <summary>Opens a section; disposing it closes the section.</summary>
    /// <param name="name">The section name: lowercase letters, digits and <c>_</c>.</param>
    /// <param name="header">The line shown when the section is collapsed.</param>
    /// <param name="collapsed">Whether GitLab shows the section collapsed.</param>
    public IDisposable Section(string name, string header, bool collapsed = true)
    {
        if (!onGitLab)
        {
            return new Closer(() => { });
        }

        log.Information("{0}", $"\u001b[0Ksection_start:{Now()}:{name}{(collapsed ? "[collapsed=true]" : string.Empty)}\r\u001b[0K{header}");
        return new Closer(() => log.Information("{0}", $"\u001b[0Ksection_end:{Now()}:{name}\r\u001b[0K"));
    }

    private long Now() => (clock?.Invoke() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();

    private sealed class Closer(Action close) : IDisposable
    {
        private Action? _close = close;

        public void Dispose()
        {
            _close?.Invoke();
            _close = null;
        }
    }

    private sealed class NullLog : ICakeLog
    {
        public Verbosity Verbosity { get; set; }

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
        {
        }
    }
}
