using System.Net;
using System.Text.Json;
using Cake.Core;

namespace Cake.GitLabDocker;

/// <summary>
/// A registry request that failed, as a <see cref="CakeException"/> (the HTTP status as its exit code) that says whether a
/// retry can succeed: a lost connection, a timeout, <c>408</c>, <c>429</c> and <c>5xx</c> can; a refusal (<c>400</c>,
/// <c>401</c>, <c>403</c>, <c>404</c>, …) and an untrusted certificate cannot. Cake's exception is sealed, so the mark
/// travels in its <see cref="Exception.Data"/>.
/// </summary>
internal static class RegistryFailure
{
    private const string Mark = "Cake.GitLabDocker.RegistryFailure.Transient";

    /// <summary>Makes the exception.</summary>
    public static CakeException Create(int exitCode, string message, bool transient)
    {
        var failure = new CakeException(exitCode, message);
        failure.Data[Mark] = transient;
        return failure;
    }

    /// <summary>Whether the failure came from the registry client.</summary>
    public static bool IsRegistry(CakeException failure) => failure.Data.Contains(Mark);

    /// <summary>Whether the registry client's failure may not happen again on a retry.</summary>
    public static bool IsTransient(CakeException failure) => failure.Data[Mark] is true;

    /// <summary>Whether an answer with this status may be different on a retry.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// The registry's own words from an error body (<c>{"errors":[{"code":"…","message":"…"}]}</c>), as
    /// <c>CODE: message</c> joined by <c>; </c>, or <see langword="null"/> when the body holds none.
    /// </summary>
    public static string? Words(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var words = errors.EnumerateArray()
                .Where(error => error.ValueKind == JsonValueKind.Object)
                .Select(error => string.Join(": ", new[] { Text(error, "code"), Text(error, "message") }.Where(part => part.Length > 0)))
                .Where(word => word.Length > 0)
                .ToList();
            return words.Count == 0 ? null : ImageName.Printable(string.Join("; ", words));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : string.Empty;
}
