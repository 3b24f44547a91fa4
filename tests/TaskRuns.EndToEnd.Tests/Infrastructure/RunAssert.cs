using System.Management.Automation;

namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>Assertions shared by the provider end-to-end tests.</summary>
public static class RunAssert
{
    /// <summary>An error about a filter names what the user typed: the parameter, or the -Filter key.</summary>
    public static void NamesTheFilterAsTyped(string filter, System.Management.Automation.ErrorRecord error)
    {
        var key = System.Text.RegularExpressions.Regex.Match(filter, @"^-Filter @\{ (\w+) =");
        Assert.Contains(key.Success ? $"-Filter key '{key.Groups[1].Value}'" : filter.Split(' ')[0], error.Exception.Message);
    }

    /// <summary>Same count, same ids, same order, no duplicates, no gaps.</summary>
    public static void SameIdsInOrder(IReadOnlyList<string> expected, IReadOnlyList<RunView> runs)
    {
        Assert.Equal(expected.Count, runs.Count);
        Assert.Equal(expected, runs.Select(r => r.Id));
        Assert.Equal(runs.Count, runs.Select(r => r.Id).Distinct().Count());
    }

    /// <summary>Runs a script that must fail with one error of <paramref name="errorId"/>; returns it.</summary>
    public static ErrorRecord SingleError(PowerShellResult result, string errorId)
    {
        Assert.Empty(result.Output);
        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        return error;
    }
}
