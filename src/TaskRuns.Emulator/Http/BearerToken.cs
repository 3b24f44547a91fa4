namespace TaskRuns.Emulator.Http;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal static class BearerToken
{
    public static string? Read(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }

    public static bool Matches(HttpContext context, string expected)
    {
        var token = Read(context);
        return token is not null && string.Equals(token, expected, StringComparison.Ordinal);
    }
}
