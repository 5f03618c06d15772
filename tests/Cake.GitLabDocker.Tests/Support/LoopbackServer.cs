using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cake.GitLabDocker.Tests;

/// <summary>Starts a Kestrel server on 127.0.0.1 that answers every request with one handler (the tests' registry fronts).</summary>
internal static class LoopbackServer
{
    /// <summary>Starts the server and returns it with its port.</summary>
    public static (WebApplication App, int Port) Start(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // Port 0: the system picks a free port at bind time, so no neighbour can take it first.
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        app.StartAsync().GetAwaiter().GetResult();
        return (app, new Uri(app.Urls.Single()).Port);
    }
}
