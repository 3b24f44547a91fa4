using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Listing
{
    /// <summary>
    /// Which providers a command talks to, and why: the ones named by -Provider (in their order, each once), or without
    /// -Provider every registered provider that has a credential from a parameter, Connect-TaskRunProvider or the
    /// environment. Knows no cmdlet: Get-TaskRun, Get-TaskRunTask and Get-TaskRunPage (and any later listing cmdlet) ask
    /// it the same way, so "which providers" is decided in one place.
    /// </summary>
    internal sealed class ProviderSelection
    {
        private ProviderSelection(IReadOnlyList<ITaskRunProvider> chosen, IReadOnlyList<string> notChosen, bool named)
        {
            Chosen = chosen;
            NotChosen = notChosen;
            Named = named;
        }

        /// <summary>The providers to talk to, in a stable order.</summary>
        public IReadOnlyList<ITaskRunProvider> Chosen { get; }

        /// <summary>For each provider left out without -Provider, why ("Deck: no API key (…)").</summary>
        public IReadOnlyList<string> NotChosen { get; }

        /// <summary>True when -Provider named them.</summary>
        public bool Named { get; }

        public bool IsSingle => Chosen.Count == 1;

        public IReadOnlyList<TaskRunProvider> Providers => Chosen.Select(a => a.Provider).ToArray();

        /// <summary>The -Verbose line: which were chosen and why the others were not.</summary>
        public string Describe()
        {
            string chosen = string.Join(", ", Providers);
            if (Named) return $"Providers: {chosen} (named by -Provider).";
            string text = $"Providers: {chosen} (every provider with a credential: a parameter, Connect-TaskRunProvider or the environment).";
            return NotChosen.Count == 0 ? text : text + " Not chosen: " + string.Join("; ", NotChosen) + ".";
        }

        /// <summary>
        /// Resolves the selection before any request. With several providers, -BaseUri, -ApiKey and -Credential are refused:
        /// each names one provider's connection, and one service's key must never be sent to another.
        /// </summary>
        public static ProviderSelection Resolve(
            IReadOnlyList<TaskRunProvider>? requested, Guid runspace, Uri? baseUri, SecureString? apiKey, PSCredential? credential, bool allowInsecureHttp)
        {
            bool connectionParameters = baseUri != null || apiKey != null || credential != null;
            ProviderSelection selection;
            if (requested is { Count: > 0 })
            {
                selection = new ProviderSelection(requested.Distinct().Select(ProviderRegistry.Get).ToArray(), Array.Empty<string>(), named: true);
            }
            else
            {
                var chosen = new List<ITaskRunProvider>();
                var notChosen = new List<string>();
                foreach (ITaskRunProvider adapter in ProviderRegistry.All.OrderBy(a => a.Provider))
                {
                    if (MissingCredential(adapter.Descriptor, runspace, baseUri, apiKey, credential, allowInsecureHttp) is string why) notChosen.Add($"{adapter.Provider} ({why})");
                    else chosen.Add(adapter);
                }
                if (chosen.Count == 0)
                {
                    throw new TaskRunInputException(ProviderRegistry.All.Select(a => a.Provider).OrderBy(p => p).ToArray(), "NoProviderConnected",
                        "no provider has a credential. Give -Provider with -ApiKey or -Credential, run Connect-TaskRunProvider, or set the providers' environment variables.",
                        null, ErrorCategory.AuthenticationError);
                }
                selection = new ProviderSelection(chosen, notChosen, named: false);
            }
            if (connectionParameters && !selection.IsSingle)
            {
                throw new TaskRunInputException(selection.Providers, "ConnectionParameterNeedsOneProvider",
                    "-BaseUri, -ApiKey and -Credential name one provider's connection. Give one -Provider, or connect each provider with Connect-TaskRunProvider (or its environment variables) to list several.",
                    null);
            }
            return selection;
        }

        /// <summary>Refuses several providers where the command works on one (Get-TaskRun -Id, Get-TaskRunPage).</summary>
        public ITaskRunProvider Single(string errorId, string why)
        {
            if (IsSingle) return Chosen[0];
            throw new TaskRunInputException(Providers, errorId, why, null);
        }

        /// <summary>
        /// Prepares the query for every chosen provider before any request. A filter that some providers lack is refused
        /// once, naming every provider that lacks it; any other bad input is refused as that provider's.
        /// </summary>
        public IReadOnlyList<PreparedQuery> Prepare(Func<TaskRunProvider, TaskRunQuery> queryFor)
        {
            var prepared = new List<PreparedQuery>(Chosen.Count);
            var lacking = new List<TaskRunInputException>();
            foreach (ITaskRunProvider adapter in Chosen)
            {
                try
                {
                    prepared.Add(adapter.Prepare(queryFor(adapter.Provider)));
                }
                catch (TaskRunInputException e) when (e.ErrorId == "UnsupportedFilter" && !IsSingle)
                {
                    lacking.Add(e);
                }
            }
            if (lacking.Count > 0)
            {
                string has = string.Join(", ", Providers.Except(lacking.Select(e => e.Provider)));
                string problem = lacking[0].Message.Substring(lacking[0].Provider.ToString().Length + 2);
                throw new TaskRunInputException(lacking.Select(e => e.Provider).ToArray(), "UnsupportedFilter",
                    $"{FirstWord(problem)} is not available for {string.Join(", ", lacking.Select(e => e.Provider))}" +
                    (has.Length == 0 ? "" : $" (of the providers chosen, only {has} has it)") +
                    ". A provider's own filter applies to one provider: list it alone with -Provider.", lacking[0].Target);
            }
            return prepared;
        }

        private static string FirstWord(string problem)
        {
            int at = problem.IndexOf(" is not available", StringComparison.Ordinal);
            return at > 0 ? problem.Substring(0, at) : problem;
        }

        private static string? MissingCredential(ProviderDescriptor descriptor, Guid runspace, Uri? baseUri, SecureString? apiKey, PSCredential? credential, bool allowInsecureHttp)
        {
            try
            {
                ProviderConnection connection = ConnectionResolver.Resolve(descriptor, runspace, baseUri, apiKey, credential, allowInsecureHttp);
                // A provider whose secret is optional (RunWisp with auth off) counts as connected once something names its
                // daemon; with neither a secret nor an address it is only the public default, which nobody set up.
                if (connection.Credential is null && connection.BaseUriSource == "the default")
                    return $"no {descriptor.SecretName} and no address: {descriptor.SecretParameter}, Connect-TaskRunProvider, {descriptor.CredentialVariable} or {descriptor.BaseUriVariable}";
                return null;
            }
            catch (TaskRunInputException e) when (e.ErrorId == "MissingCredential")
            {
                return $"no {descriptor.SecretName}: {descriptor.SecretParameter}, Connect-TaskRunProvider or {descriptor.CredentialVariable}";
            }
            catch (TaskRunInputException)
            {
                // Another connection problem (an insecure URI, a bad variable) is reported when the provider is used.
                return null;
            }
        }
    }
}
