using System.Management.Automation;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>A run as a script sees it: read by property name from the PSObject, whatever assembly the type came from.</summary>
public sealed record RunView(string Provider, string Id, string? TaskId, string Status, string ProviderStatus, bool IsTerminal, string TypeName, PSObject Raw)
{
    public static RunView From(PSObject o) => new(
        Text(o, "Provider")!, Text(o, "Id")!, Text(o, "TaskId"), Text(o, "Status")!, Text(o, "ProviderStatus") ?? "",
        o.Properties["IsTerminal"]?.Value is bool b && b, o.TypeNames[0], o);

    public object? this[string property] => Raw.Properties[property]?.Value;

    public static string? Text(PSObject o, string name) => o.Properties[name]?.Value?.ToString();
}

/// <summary>A TaskRunPage as a script sees it.</summary>
public sealed record PageView(List<RunView> Items, string? NextPageToken, bool HasMore, long? TotalCount)
{
    public static PageView From(PSObject o) => new(
        ((System.Collections.IEnumerable)o.Properties["Items"].Value).Cast<object>().Select(i => RunView.From(PSObject.AsPSObject(i))).ToList(),
        RunView.Text(o, "NextPageToken"),
        o.Properties["HasMore"].Value is bool b && b,
        o.Properties["TotalCount"].Value is long l ? l : null);
}
