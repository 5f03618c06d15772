namespace Cake.GitLabDocker;

/// <summary>Reads the parameters of a <c>WWW-Authenticate</c> challenge: <c>realm="…",service="…",scope="…"</c>.</summary>
internal static class Challenge
{
    /// <summary>Returns the parameters by name; quoted values may hold commas.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < parameters.Length)
        {
            var equals = parameters.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            var name = parameters[position..equals].Trim(' ', ',');
            string value;
            if (equals + 1 < parameters.Length && parameters[equals + 1] == '"')
            {
                var close = parameters.IndexOf('"', equals + 2);
                close = close < 0 ? parameters.Length : close;
                value = parameters[(equals + 2)..close];
                position = close + 1;
            }
            else
            {
                var comma = parameters.IndexOf(',', equals + 1);
                comma = comma < 0 ? parameters.Length : comma;
                value = parameters[(equals + 1)..comma].Trim();
                position = comma;
            }

            values[name] = value;
            position++;
        }

        return values;
    }
}
