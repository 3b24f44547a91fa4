using System;
using TaskRuns.Http;
using TaskRuns.Model;
using TaskRuns.Providers;

namespace TaskRuns.Commands
{
    /// <summary>Describes a provider as this session would reach it, following the documented precedence (session, environment, default).</summary>
    internal static class ProviderInfoFactory
    {
        /// <summary>BaseUriSource when the provider's base URI variable holds something that is not an absolute URI.</summary>
        public const string InvalidEnvironment = "Environment (invalid)";

        public static TaskRunProviderInfo Describe(ProviderDescriptor descriptor, Guid runspace)
        {
            SessionConnection? session = SessionConnections.Get(runspace, descriptor.Name);
            Uri? environmentUri = null;
            bool environmentInvalid = false;
            try { environmentUri = ConnectionResolver.FromEnvironment(descriptor); }
            catch (TaskRunInputException) { environmentInvalid = true; } // every other command refuses it: say so, never "Default"
            bool environmentKey = ConnectionResolver.CredentialFromEnvironment(descriptor) != null;
            return new TaskRunProviderInfo
            {
                Name = descriptor.Name,
                PagingStyle = descriptor.PagingStyle.ToString(),
                BaseUri = session?.BaseUri ?? environmentUri ?? (environmentInvalid ? null : descriptor.DefaultBaseUri),
                BaseUriSource = session?.BaseUri != null ? "Session" : environmentUri != null ? "Environment" : environmentInvalid ? InvalidEnvironment : "Default",
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
