namespace TaskRuns.Emulator.Http;

/// <summary>Every response carries <c>x-request-id</c>; Deck bodies and BrowserAct errors repeat the same value.</summary>
internal static class RequestId
{
    public const string HeaderName = "x-request-id";
    private const string ItemKey = "TaskRuns.Emulator.RequestId";

    public static string Assign(HttpContext context)
    {
        var id = Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        context.Response.Headers[HeaderName] = id;
        return id;
    }

    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string text ? text : Assign(context);
}
