using System.Text.Json;
using TaskRuns.Http;

namespace TaskRuns.Providers.BrowserAct
{
    /// <summary>
    /// BrowserAct's envelope <c>{"code": int (non-zero), "msg", "data", "ts", "time", "traceId"}</c>: the code (10112 "Task
    /// is not exist.", 10118 …) is what the adapter tells errors apart by.
    /// </summary>
    internal static class BrowserActErrorBody
    {
        public static ProviderErrorBody Read(JsonElement root) =>
            new(ErrorBodyReader.Text(root, "msg"), ErrorBodyReader.Text(root, "traceId"), ErrorBodyReader.Code(root, "code"));
    }
}
