using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A reverse proxy in front of the real registry that injects faults: chosen requests get an HTTP error or a reset
/// connection instead of reaching the registry. Everything else is forwarded unchanged (the Host header too, so the
/// registry's upload locations point back at the proxy, with X-Forwarded-Proto for its plain HTTP). Counts what it saw and what it broke.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private static readonly string[] HopHeaders = ["Transfer-Encoding", "Connection", "Keep-Alive"];

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly List<Fault> _faults = [];
    private readonly List<string> _requests = [];
    private readonly HashSet<string> _dropped = new(StringComparer.OrdinalIgnoreCase);

    public FaultProxy(RegistryServer registry)
    {
        _upstream = new HttpClient(registry.TrustingHandler())
        {
            BaseAddress = new Uri($"{registry.Scheme}://{registry.Address}/"),
            Timeout = TimeSpan.FromMinutes(5),
        };
        (_app, Port) = LoopbackServer.Start(HandleAsync);
    }

    public int Port { get; }

    /// <summary>Gets the proxy's address, to use as CI_REGISTRY.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Gets how many requests were answered with a fault.</summary>
    public int Injected { get; private set; }

    /// <summary>Gets every request seen, as "METHOD path".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> requests whose "METHOD path" matches the regular expression
    /// <paramref name="match"/> with <paramref name="status"/>, or resets the connection when <paramref name="status"/> is 0.
    /// </summary>
    public FaultProxy Fail(string match, int status, int times = int.MaxValue)
    {
        lock (_faults)
        {
            _faults.Add(new Fault(match, status, times));
        }

        return this;
    }

    /// <summary>Leaves <paramref name="header"/> out of every answer (a registry that omits an optional header).</summary>
    public FaultProxy Without(string header)
    {
        _dropped.Add(header);
        return this;
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var line = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
        lock (_requests)
        {
            _requests.Add(line);
        }

        var fault = TakeFault(line);
        if (fault is not null)
        {
            await DrainAsync(context.Request.Body);
            if (fault.Status == 0)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = fault.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"errors\":[{{\"code\":\"UNKNOWN\",\"message\":\"injected {fault.Status}\"}}]}}");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"{context.Request.Path}{context.Request.QueryString}");
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        // The registry writes upload locations for the scheme the client used: the proxy's plain HTTP.
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "http");
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) && !_dropped.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    private Fault? TakeFault(string line)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Times > 0 && System.Text.RegularExpressions.Regex.IsMatch(line, f.Match));
            if (fault is null)
            {
                return null;
            }

            fault.Times--;
            Injected++;
            return fault;
        }
    }

    private static async Task DrainAsync(Stream body)
    {
        var buffer = new byte[81920];
        while (await body.ReadAsync(buffer) > 0)
        {
        }
    }

    private sealed class Fault(string match, int status, int times)
    {
        public string Match { get; } = match;

        public int Status { get; } = status;

        public int Times { get; set; } = times;
    }
}
