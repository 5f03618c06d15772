using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Cake.GitLabDocker;

/// <summary>
/// A temporary folder only the job's user can open (0700), for files that hold the job's credentials (each 0600) and
/// for the files an engine writes for the call (<see cref="TemporaryFile"/>). Disposing deletes it; so does the end of
/// the process (a cancelled job's <c>SIGTERM</c>, <c>SIGINT</c> or <c>SIGHUP</c>, or an exit without dispose). A deletion
/// that fails only warns: it never replaces the error of the build it ends.
/// </summary>
internal sealed class PrivateFolder : IDisposable
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);
    private static readonly object Registration = new();
    private static List<PosixSignalRegistration>? _signals;

    private readonly Action<string> _warn;
    private readonly Action<string> _delete;
    private bool _disposed;

    /// <param name="prefix">The start of the folder's name, for example <c>gitlab-docker-auth-</c>.</param>
    /// <param name="warn">Writes a warning (a failed clean-up).</param>
    /// <param name="delete">Deletes a folder and everything in it (a test may make it fail).</param>
    public PrivateFolder(string prefix, Action<string>? warn = null, Action<string>? delete = null)
    {
        _warn = warn ?? (_ => { });
        _delete = delete ?? DeleteTree;
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Live[Path] = 0;
        RemoveAtExit();
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Writes a new file that only the user can read (0600); returns its path.</summary>
    public string WriteSecretFile(string name, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var path = System.IO.Path.Combine(Path, name);
        using var stream = new FileStream(path, options);
        stream.Write(content);
        return path;
    }

    /// <summary>Deletes the folder; a failure is a warning naming the folder, never an exception.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _delete(Path);
            Live.TryRemove(Path, out _);
        }
        catch (DirectoryNotFoundException)
        {
            Live.TryRemove(Path, out _);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            // Still live: the end of the process tries once more.
            _warn($"Could not delete the job's private credentials folder {Path} ({failure.Message}); delete it by hand, " +
                  "it holds the job's registry credentials.");
        }
    }

    /// <summary>Deletes a folder without following symbolic links out of it (a link is removed, not its target).</summary>
    private static void DeleteTree(string path) => Directory.Delete(path, recursive: true);

    /// <summary>Deletes what is still live when the process ends or is asked to stop; the default handling then goes on.</summary>
    private static void RemoveAtExit()
    {
        lock (Registration)
        {
            if (_signals is not null)
            {
                return;
            }

            _signals = [];
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
            {
                _signals.Add(PosixSignalRegistration.Create(signal, _ => RemoveAll()));
            }
        }
    }

    private static void RemoveAll()
    {
        foreach (var path in Live.Keys)
        {
            try
            {
                DeleteTree(path);
                Live.TryRemove(path, out _);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                // The process is ending: nothing else can be done.
            }
        }
    }
}
