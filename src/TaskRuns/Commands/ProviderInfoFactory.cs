using System;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>Describes a provider as this session would reach it, following the documented precedence (session, environment, default).</summary>
    internal static class ProviderInfoFactory
    {
        public static TaskRunProviderInfo Describe(ProviderDescriptor descriptor, Guid runspace)
        {
            SessionConnection? session = SessionConnections.Get(runspace, descriptor.Name);
            Uri? environmentUri = null;
            try { environmentUri = ConnectionResolver.FromEnvironment(descriptor); }
            catch (TaskRunInputException) { /* an unusable variable is reported by the commands themselves */ }
            bool environmentKey = ConnectionResolver.CredentialFromEnvironment(descriptor) != null;
            return new TaskRunProviderInfo
            {
                Name = descriptor.Name,
                PagingStyle = descriptor.PagingStyle.ToString(),
                BaseUri = session?.BaseUri ?? environmentUri ?? descriptor.DefaultBaseUri,
                BaseUriSource = session?.BaseUri != null ? "Session" : environmentUri != null ? "Environment" : "Default",
                HasCredential = session?.Credential != null || environmentKey,
                CredentialSource = session?.Credential != null ? "Session" : environmentKey ? "Environment" : "None",
                CredentialVariable = descriptor.CredentialVariable,
                BaseUriVariable = descriptor.BaseUriVariable,
                DefaultPageSize = descriptor.DefaultPageSize,
                MaxPageSize = descriptor.MaxPageSize,
                MaxConcurrentPages = descriptor.MaxConcurrentPages,
                Filters = descriptor.Filters,
                StatusValues = descriptor.StatusValues,
            };
        }
    }
}
