namespace TaskRuns.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder with TaskRuns.sln) and the built module.</summary>
public static class ModulePaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Manifest => Path.Combine(RepositoryRoot, "out", "TaskRuns", "TaskRuns.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "TaskRuns.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TaskRuns.sln not found above " + AppContext.BaseDirectory);
    }
}
