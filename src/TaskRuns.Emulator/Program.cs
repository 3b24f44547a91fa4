using TaskRuns.Emulator;

var parsed = EmulatorCommandLine.Parse(args);
if (parsed.ShowHelp)
{
    Console.Out.Write(EmulatorCommandLine.HelpText());
    return 0;
}

if (parsed.Error is not null)
{
    Console.Error.WriteLine($"TaskRuns.Emulator: {parsed.Error}");
    Console.Error.WriteLine("Run with --help to list the options.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });

EmulatorHost host;
try
{
    host = await EmulatorHost.StartAsync(parsed.Options!, stop.Token);
}
catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"TaskRuns.Emulator: cannot start: {ex.Message}");
    return 1;
}

await using var runningHost = host;
Console.Out.WriteLine($"TaskRuns.Emulator listening on {host.BaseUrl} (api key: {parsed.Options!.ApiKey})");
Console.Out.Flush();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM
}

await host.StopAsync();
return 0;
