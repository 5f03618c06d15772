using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cake.GitLabDocker.Tests;

/// <summary>The private credential files are written without the reflection serializer, byte for byte as it writes them.</summary>
public sealed class JsonBytesTests
{
    [Theory]
    [InlineData("""{"auths":{"registry.gitlab.example":{"auth":"dXNlcjpwYXNz"}},"credHelpers":{"gcr.io":"gcloud","x":""}}""")]
    [InlineData("""{ "auths": {}, "credsStore": "desktop", "proxies": { "default": { "noProxy": "<local>,*.example+1" } } }""")]
    [InlineData("""{"cliPluginsExtraDirs":["/opt/docker/cli-plugins","C:\\plugins"],"n":1.5,"b":true,"z":null,"u":"caf\u00e9 \u2603"}""")]
    public void A_parsed_tree_is_written_as_the_serializer_writes_it(string json)
    {
        var node = JsonNode.Parse(json)!;

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(node), JsonBytes.Of(node));
    }

    [Fact]
    public void A_built_tree_with_credentials_is_written_as_the_serializer_writes_it()
    {
        var node = new JsonObject
        {
            ["auths"] = new JsonObject { ["127.0.0.1:5000"] = new JsonObject { ["auth"] = "dTpwQCsvPQ==" } },
            ["credHelpers"] = new JsonObject { ["127.0.0.1:5000"] = string.Empty },
        };

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(node), JsonBytes.Of(node));
    }
}
