namespace Cake.GitLabDocker;

/// <summary>
/// What the add-in needs of a registry API (<see cref="RegistryClient"/>): read what a tag holds, read manifests and
/// configs, and write a manifest or point a tag at one that exists.
/// </summary>
internal interface IImageRegistry : IDisposable
{
    /// <summary>Returns the digest of <paramref name="reference"/> (<c>HOST/PATH:TAG</c>), or <see langword="null"/> when it does not exist.</summary>
    string? Digest(string reference);

    /// <summary>Returns the labels of the image at <paramref name="reference"/> (for an index, its first image's); empty when it has none.</summary>
    IReadOnlyDictionary<string, string> Labels(string reference);

    /// <summary>Returns the tags of <paramref name="repository"/> (<c>HOST/PATH</c>); empty when it does not exist.</summary>
    IReadOnlyList<string> TagList(string repository);

    /// <summary>Reads the manifest at <paramref name="reference"/> as the registry keeps it, or returns <see langword="null"/> when it does not exist.</summary>
    RegistryManifest? Manifest(string reference);

    /// <summary>Reads a blob (an image config) of <paramref name="repository"/> (<c>HOST/PATH</c>) by its digest.</summary>
    byte[] Blob(string repository, string digest);

    /// <summary>Writes a manifest under <paramref name="target"/> (<c>HOST/PATH:TAG</c> or <c>HOST/PATH@DIGEST</c>). Returns the digest the registry kept.</summary>
    string Put(string target, byte[] manifest, string mediaType);

    /// <summary>Tags the manifest at <paramref name="digest"/> in <paramref name="target"/>'s repository as <paramref name="target"/>. Returns the digest the registry kept.</summary>
    string Tag(string digest, string target);

    /// <summary>
    /// Points <paramref name="target"/> at the manifest <paramref name="source"/> (a tag of the same repository) holds, as it
    /// is. Returns the digest the registry kept, or <see langword="null"/> when <paramref name="source"/> does not exist.
    /// </summary>
    string? Copy(string source, string target);
}
