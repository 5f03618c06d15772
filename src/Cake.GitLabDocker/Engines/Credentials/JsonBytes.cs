using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cake.GitLabDocker;

/// <summary>
/// A JSON tree as compact UTF-8, written by <see cref="Utf8JsonWriter"/>: the same bytes <c>JsonSerializer</c> writes,
/// without the reflection-based serializer whose first use in a process costs about 20 ms before the engine starts.
/// </summary>
internal static class JsonBytes
{
    /// <summary>Writes <paramref name="node"/> as compact UTF-8 JSON.</summary>
    public static byte[] Of(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
