using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cake.GitLabDocker.Tests;

/// <summary>
/// A registry front that asks for bearer tokens the way GitLab's registry does: a request without a token gets
/// <c>401</c> with <c>WWW-Authenticate: Bearer realm=…,service=…,scope=…</c>; the realm hands out a token for the
/// registry's user and password (basic authentication); requests with the token are forwarded to the real registry.
/// </summary>
internal sealed class TokenRegistry : IDisposable
{
    private const string Token = "token-for-tests";
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly string _basic;

    public TokenRegistry(RegistryServer registry)
    {
        _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.UserName}:{registry.Secret}"));
        _upstream = new HttpClient { BaseAddress = new Uri($"http://{registry.Address}/") };
        _upstream.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", _basic);
        (_app, var port) = LoopbackServer.Start(HandleAsync);
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>Gets the front's host:port, to use as the registry.</summary>
    public string Address { get; }

    /// <summary>Gets the scopes asked for at the realm, in order.</summary>
    public List<string> Scopes { get; } = [];

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/token")
        {
            lock (Scopes)
            {
                Scopes.Add($"{context.Request.Query["service"]} {context.Request.Query["scope"]}");
            }

            var authorized = context.Request.Headers.Authorization.ToString() == $"Basic {_basic}";
            context.Response.StatusCode = authorized ? 200 : 401;
            await context.Response.WriteAsync(authorized ? $"{{\"token\":\"{Token}\"}}" : "{}");
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"http://{Address}/token\",service=\"container_registry\",scope=\"repository:x:pull\"";
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"{context.Request.Path}{context.Request.QueryString}");
        if (context.Request.ContentLength is > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType!);
        }

        foreach (var accept in context.Request.Headers.Accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _upstream.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }
}
