namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A registry in memory for runner unit tests with recorded engine processes (which push nothing): tags point at
/// digests, images have labels, and every tag write is recorded. Reads and writes take a lock: the cache move runs beside
/// the tag writes. Tests of the registry itself use <see cref="RegistryServer"/>.
/// </summary>
internal sealed class MemoryRegistry : IImageRegistry
{
    /// <summary>Gets the digest each tag (<c>HOST/PATH:TAG</c>) holds.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the labels of each image by digest.</summary>
    public Dictionary<string, IReadOnlyDictionary<string, string>> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the tag writes, in order, as <c>TARGET=DIGEST</c>.</summary>
    public List<string> Writes { get; } = [];

    /// <summary>Gets how many times the registry was read.</summary>
    public int Reads { get; private set; }

    /// <summary>Gets or sets a failure every read throws (an unreachable registry).</summary>
    public Exception? Failure { get; set; }

    public string? Digest(string reference)
    {
        lock (Tags)
        {
            Reads++;
            return Failure is { } failure ? throw failure : Tags.GetValueOrDefault(reference);
        }
    }

    IReadOnlyDictionary<string, string> IImageRegistry.Labels(string reference) =>
        Labels.GetValueOrDefault(reference[(reference.IndexOf('@') + 1)..]) ?? new Dictionary<string, string>();

    public IReadOnlyList<string> TagList(string repository) =>
        Tags.Keys.Where(tag => tag.StartsWith(repository + ":", StringComparison.Ordinal)).Select(tag => tag[(repository.Length + 1)..]).ToList();

    public RegistryManifest? Manifest(string reference) => throw new NotSupportedException("The memory registry keeps no manifests.");

    public byte[] Blob(string repository, string digest) => throw new NotSupportedException("The memory registry keeps no blobs.");

    public string Put(string target, byte[] manifest, string mediaType) => throw new NotSupportedException("The memory registry keeps no manifests.");

    /// <summary>Gets or sets whether the registry keeps another manifest than the one written (as a registry that rewrites manifests would).</summary>
    public bool Rewrites { get; set; }

    public string Tag(string digest, string target)
    {
        lock (Tags)
        {
            var kept = Rewrites ? "sha256:" + new string('f', 64) : digest;
            Writes.Add($"{target}={kept}");
            Tags[target] = kept;
            return kept;
        }
    }

    public string? Copy(string source, string target)
    {
        lock (Tags)
        {
            Reads++;
            return Failure is { } failure ? throw failure : Tags.TryGetValue(source, out var digest) ? Tag(digest, target) : null;
        }
    }

    /// <summary>Puts an image of that commit (and version) under the tag, as an earlier pipeline would have.</summary>
    public void Hold(string tag, string digest, string commit, string created, string? version = null)
    {
        Tags[tag] = digest;
        Labels[digest] = new Dictionary<string, string>
        {
            ["org.opencontainers.image.revision"] = commit,
            ["org.opencontainers.image.created"] = created,
            ["org.opencontainers.image.version"] = version ?? "latest",
        };
    }

    public void Dispose()
    {
    }
}
