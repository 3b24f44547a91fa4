using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using TaskRuns.EndToEnd.Tests.Infrastructure;

namespace TaskRuns.EndToEnd.Tests;

/// <summary>Views, completion, session connections, progress and conventions, as a PowerShell user meets them.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ModuleExperienceTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly CapturingHost _host = new();
    private readonly PowerShellSession _ps;
    private readonly string _anchorTask;

    public ModuleExperienceTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = new PowerShellSession(emulator.BaseUri, host: _host);
        _anchorTask = emulator.Host.Store.TaskIds("anchor")[0];
        _ps.SetVariable("id", _anchorTask);
    }

    public void Dispose() => _ps.Dispose();

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();

    [Fact]
    public void The_default_table_view_is_compact_and_fits_120_columns()
    {
        _ps.Run("Get-TaskRun @anchor -TaskId $id -First 3 | Out-Host").ThrowIfErrors();
        string[] lines = Lines(_host.Text);
        Assert.Matches(@"^Status\s+Age\s+Duration\s+Provider\s+Id\s+Started\s+TaskId$", lines[0]);
        Assert.Equal(5, lines.Length); // header, rule, three rows
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.All(lines.Skip(2), l => Assert.Matches(@"\sAnchor\s", l));
    }

    [Fact]
    public void Deserialized_runs_from_remoting_or_jobs_keep_the_table_view_and_their_properties()
    {
        _ps.Run("""
            $runs = Get-TaskRun @deck -First 2
            $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($runs))
            $copy | Out-Host
            $copy | ForEach-Object { $_.PSObject.TypeNames[0] + '|' + $_.Id + '|' + $_.Status + '|' + $_.ProviderStatus }
            """).ThrowIfErrors();
        string[] lines = Lines(_host.Text);
        Assert.Matches(@"^Status\s+Age\s+Duration\s+Provider\s+Id\s+Started\s+TaskId$", lines[0]);
        Assert.All(lines.Skip(2), l => Assert.Matches(@"\sDeck\s", l));
        var copied = _ps.Run("""
            $runs = Get-TaskRun @deck -First 2
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($runs)) |
                ForEach-Object { $_.PSObject.TypeNames[0] + '|' + $_.Id + '|' + $_.Status }
            """).ThrowIfErrors().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(2, copied.Count);
        Assert.All(copied, c => Assert.StartsWith("Deserialized.TaskRuns.Model.DeckTaskRun|trun_", c));
    }

    [Fact]
    public void Pages_tasks_and_providers_have_table_views()
    {
        _ps.Run("Get-TaskRunPage @anchor -TaskId $id -PageSize 5 | Out-Host").ThrowIfErrors();
        Assert.Matches(@"^Provider\s+Count\s+TotalCount\s+HasMore\s+NextPageToken$", Lines(_host.Text)[0]);
        _host.Clear();
        _ps.Run("Get-TaskRunTask @runwisp | Out-Host").ThrowIfErrors();
        Assert.Matches(@"^Provider\s+TaskId\s+Name$", Lines(_host.Text)[0]);
        _host.Clear();
        _ps.Run("Get-TaskRunProvider | Out-Host").ThrowIfErrors();
        string[] lines = Lines(_host.Text);
        Assert.Matches(@"^Name\s+HasCredential\s+BaseUriSource\s+BaseUri\s+PagingStyle\s+MaxPageSize$", lines[0]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void Each_provider_type_has_a_list_view_with_every_field()
    {
        var format = XDocument.Load(Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, "TaskRuns.Format.ps1xml"));
        var samples = new Dictionary<string, string>
        {
            ["TaskRuns.Model.AnchorTaskRun"] = "Get-TaskRun @anchor -TaskId $id -First 1",
            ["TaskRuns.Model.RunWispTaskRun"] = "Get-TaskRun @runwisp -First 1",
            ["TaskRuns.Model.DeckTaskRun"] = "Get-TaskRun @deck -First 1",
            ["TaskRuns.Model.BrowserActTaskRun"] = "Get-TaskRun @browseract -First 1",
        };
        foreach (var (type, command) in samples)
        {
            var view = format.Descendants("View").Single(v => v.Element("ListControl") != null
                && v.Element("ViewSelectedBy")!.Elements("TypeName").Any(t => t.Value == type));
            var listed = view.Descendants("PropertyName").Select(p => p.Value).ToHashSet();
            Assert.Contains(view.Element("ViewSelectedBy")!.Elements("TypeName"), t => t.Value == "Deserialized." + type);
            var properties = _ps.Run(command + " | ForEach-Object { $_.PSObject.Properties.Name }").ThrowIfErrors().Output.Select(o => o.ToString()).ToList();
            Assert.NotEmpty(properties);
            Assert.All(properties, p => Assert.True(listed.Contains(p), $"{type} list view lacks {p}"));
        }
    }

    private List<CompletionResult> Complete(string input)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        return CommandCompletion.CompleteInput(input, input.Length, null, ps).CompletionMatches.ToList();
    }

    [Fact]
    public void Status_completes_the_chosen_providers_values_and_the_normalised_names()
    {
        var deck = Complete("Get-TaskRun -Provider Deck -Status ").Select(c => c.CompletionText).ToList();
        Assert.Contains("interaction_required", deck);
        Assert.Contains("Failure", deck);
        Assert.DoesNotContain("cancelled", deck);
        var anchor = Complete("Get-TaskRun -Provider Anchor -Status ca").Select(c => c.CompletionText).ToList();
        Assert.Contains("cancelled", anchor);
        Assert.Contains("Cancelling", anchor);
        Assert.DoesNotContain("interaction_required", anchor);
    }

    [Fact]
    public void TaskId_completes_from_the_providers_task_list_by_id_or_name()
    {
        _ps.Run("Connect-TaskRunProvider -Provider Anchor -BaseUri $EmulatorUri -ApiKey $key").ThrowIfErrors();
        var tasks = _emulator.Host.Store.Tasks("anchor");
        var all = Complete("Get-TaskRun -Provider Anchor -TaskId ");
        Assert.Equal(tasks.Select(t => t.Id).Order(), all.Select(c => c.CompletionText).Order());
        var byName = Complete("Get-TaskRun -Provider Anchor -TaskId " + tasks[0].Name[..4]);
        Assert.Equal(tasks[0].Id, Assert.Single(byName).CompletionText);
        Assert.Contains(tasks[0].Name, byName[0].ListItemText);
    }

    [Fact]
    public void TaskId_completion_without_a_key_completes_nothing_and_writes_no_error()
    {
        _ps.Run("$Error.Clear()");
        Assert.Empty(Complete("Get-TaskRun -Provider BrowserAct -BaseUri http://127.0.0.1:9 -TaskId "));
        Assert.Equal("0", _ps.Run("$Error.Count").Output.Single().ToString());
    }

    [Fact]
    public void Connect_stores_the_key_for_the_runspace_and_Disconnect_forgets_it()
    {
        var result = _ps.Run("""
            Connect-TaskRunProvider -Provider RunWisp -BaseUri $EmulatorUri -Credential $runwisp.Credential
            Get-TaskRun -Provider RunWisp -TaskId nightly-backup -First 2
            """).ThrowIfErrors();
        Assert.Equal(2, result.Runs().Count);
        var info = _ps.Run("Get-TaskRunProvider -Provider RunWisp").ThrowIfErrors().Output.Single();
        Assert.Equal(true, info.Properties["HasCredential"].Value);
        Assert.Equal("Session", info.Properties["CredentialSource"].Value);
        Assert.Equal("Session", info.Properties["BaseUriSource"].Value);
        Assert.DoesNotContain(info.Properties, p => (p.Value?.ToString() ?? "").Contains(EmulatorFixture.RunWispPassword));

        // Another runspace (ForEach-Object -Parallel, a runspace pool) does not see this session's key.
        using (var other = new PowerShellSession())
        {
            var elsewhere = other.Run("Get-TaskRunProvider -Provider RunWisp").ThrowIfErrors().Output.Single();
            Assert.NotEqual("Session", elsewhere.Properties["CredentialSource"].Value);
        }

        var after = _ps.Run("Disconnect-TaskRunProvider -Provider RunWisp; try { Get-TaskRun -Provider RunWisp -BaseUri $EmulatorUri -TaskId etl -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }");
        Assert.StartsWith("MissingCredential", after.Output.Single().ToString());
    }

    [Fact]
    public void Closing_a_runspace_forgets_the_connections_it_stored()
    {
        // The module's own store, read by reflection: the engine is loaded (when first used) in the module's load
        // context, and other tests may have loaded more copies in load contexts of their own, so every copy is asked.
        var session = new PowerShellSession(_emulator.BaseUri);
        Guid runspace = session.Runspace.InstanceId;
        // The provider enum is the one the engine copy was bound to (the model is its own assembly): read it off Get's signature.
        object? Stored() => AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "TaskRuns.Engine")
            .Select(engine => engine.GetType("TaskRuns.Http.SessionConnections", throwOnError: true)!.GetMethod("Get")!)
            .Select(get => get.Invoke(null, [runspace, Enum.Parse(get.GetParameters()[1].ParameterType, "Anchor")]))
            .FirstOrDefault(c => c != null);

        session.Run("Connect-TaskRunProvider -Provider Anchor -BaseUri $EmulatorUri -ApiKey $key").ThrowIfErrors();
        Assert.NotNull(Stored());
        session.Dispose();
        Poll.Until(() => Stored() == null, TimeSpan.FromSeconds(5), "the key outlived its session in a long-lived host");
        Assert.Null(Stored()); // the key does not outlive its session in a long-lived host
    }

    [Fact]
    public void A_parameter_beats_the_session_connection()
    {
        var result = _ps.Run("""
            Connect-TaskRunProvider -Provider Deck -BaseUri "$EmulatorUri/v2" -ApiKey $args[0]
            Get-TaskRun -Provider Deck -ApiKey $key -First 1
            """, PowerShellSession.Secure("a-wrong-key"));
        result.ThrowIfErrors();
        Assert.Single(result.Runs());
    }

    [Fact]
    public void Connect_refuses_a_key_over_plain_http_to_a_remote_host()
    {
        var result = _ps.Run("try { Connect-TaskRunProvider -Provider Deck -BaseUri http://deck.example.invalid/v2 -ApiKey $key } catch { $_.FullyQualifiedErrorId }");
        Assert.StartsWith("InsecureConnectionRefused", result.Output.Single().ToString());
        Assert.Equal("Default", _ps.Run("(Get-TaskRunProvider Deck).BaseUriSource").Output.Single().ToString());
    }

    [Fact]
    public void All_shows_progress_and_completes_it_unless_progress_is_silenced()
    {
        var shown = _ps.Run("Get-TaskRun @anchor -TaskId $id -All -PageSize 25").ThrowIfErrors();
        Assert.True(shown.Progress.Count >= 2, $"{shown.Progress.Count} progress records");
        Assert.Contains(shown.Progress, p => p.StatusDescription.Contains(" of " + _emulator.Host.Store.RunCount("anchor", _anchorTask) + " runs"));
        Assert.Equal(ProgressRecordType.Completed, shown.Progress.Last().RecordType);

        var silent = _ps.Run("$ProgressPreference = 'SilentlyContinue'; Get-TaskRun @anchor -TaskId $id -All -PageSize 25").ThrowIfErrors();
        Assert.Empty(silent.Progress);
        Assert.Equal(shown.Runs().Count, silent.Runs().Count);
    }

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb_declares_its_output_and_takes_Provider_by_property_name()
    {
        var approved = new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var commands = _ps.Run("Get-Command -Module TaskRuns").ThrowIfErrors().Output.Select(o => (CmdletInfo)o.BaseObject).ToList();
        Assert.Equal(10, commands.Count);
        foreach (CmdletInfo command in commands)
        {
            Assert.Contains(command.Verb, approved);
            if (command.Name != "Disconnect-TaskRunProvider") Assert.NotEmpty(command.OutputType);
            Assert.True(command.Parameters["Provider"].ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName), command.Name + " -Provider by property name");
        }
        var getTaskRun = commands.Single(c => c.Name == "Get-TaskRun");
        Assert.Contains("TaskName", getTaskRun.Parameters["TaskId"].Aliases);
        Assert.Contains("WorkflowId", getTaskRun.Parameters["TaskId"].Aliases);
        Assert.Equal(0, getTaskRun.Parameters["Provider"].ParameterSets.Values.First().Position);
    }

    [Fact]
    public void The_manifest_is_complete_for_the_PowerShell_Gallery()
    {
        var psData = (System.Collections.Hashtable)_ps.Run("(Test-ModuleManifest $args[0]).PrivateData.PSData", ModulePaths.Manifest).ThrowIfErrors().Output.Single().BaseObject;
        var tags = ((object[])psData["Tags"]!).Select(t => t.ToString()).ToList();
        Assert.Contains("PSEdition_Core", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"]?.ToString()), "ReleaseNotes");
        // The project has no public home yet: the manifest names no page that does not exist, and the license it
        // announces ships beside it instead of behind a LicenseUri.
        Assert.False(psData.ContainsKey("ProjectUri"), "ProjectUri names a page that does not exist");
        Assert.False(psData.ContainsKey("LicenseUri"), "LicenseUri names a page that does not exist");
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(Path.GetDirectoryName(ModulePaths.Manifest)!, "LICENSE")));
        var exports = _ps.Run("$m = Test-ModuleManifest $args[0]; $m.ExportedFunctions.Count; $m.ExportedAliases.Count; $m.ExportedCmdlets.Count", ModulePaths.Manifest).ThrowIfErrors();
        Assert.Equal(new[] { "0", "0", "10" }, exports.Output.Select(o => o.ToString()));
    }
}
