using System;
using System.Collections.Generic;
using TaskRuns.Model;
using TaskRuns.Paging;

namespace TaskRuns.Providers
{
    /// <summary>The facts about a provider that users and cmdlets see: paging style, limits, defaults, variables, filters and statuses.</summary>
    public sealed class ProviderDescriptor
    {
        internal ProviderDescriptor(
            TaskRunProvider name, PagingStyle pagingStyle, Uri defaultBaseUri, CredentialKind credentialKind, string credentialVariable, string baseUriVariable,
            int defaultPageSize, int maxPageSize, int maxConcurrentPages, StatusTable statuses, FilterTable filters, bool listsPerTask = false)
        {
            Name = name;
            PagingStyle = pagingStyle;
            DefaultBaseUri = defaultBaseUri;
            CredentialKind = credentialKind;
            CredentialVariable = credentialVariable;
            BaseUriVariable = baseUriVariable;
            DefaultPageSize = defaultPageSize;
            MaxPageSize = maxPageSize;
            MaxConcurrentPages = maxConcurrentPages;
            StatusTable = statuses;
            FilterTable = filters;
            Filters = filters.DisplayNames;
            ListsPerTask = listsPerTask;
        }

        /// <summary>The provider.</summary>
        public TaskRunProvider Name { get; }
        /// <summary>How its list endpoint pages.</summary>
        public PagingStyle PagingStyle { get; }
        /// <summary>The public API root used when neither -BaseUri nor the environment variable is set.</summary>
        public Uri DefaultBaseUri { get; }
        /// <summary>The environment variable holding the API key (RunWisp: the password).</summary>
        public string CredentialVariable { get; }
        /// <summary>The environment variable holding the base URI.</summary>
        public string BaseUriVariable { get; }
        /// <summary>Page size for one page when -PageSize is not given.</summary>
        public int DefaultPageSize { get; }
        /// <summary>The largest page the API serves; also the page size for -All.</summary>
        public int MaxPageSize { get; }
        /// <summary>The most pages fetched at once (-ThrottleLimit cannot go beyond it).</summary>
        public int MaxConcurrentPages { get; }
        /// <summary>The provider's own status values.</summary>
        public IReadOnlyList<string> StatusValues => StatusTable.Values;
        /// <summary>The Get-TaskRun filter parameters this provider honours.</summary>
        public IReadOnlyList<string> Filters { get; }

        /// <summary>
        /// True when the API lists runs only per task (Anchor): a listing without -TaskId lists every task's runs, one stream
        /// per task from the provider's task list, merged newest first.
        /// </summary>
        internal bool ListsPerTask { get; }

        /// <summary>The secret it takes: an API key (-ApiKey) or a password (-Credential).</summary>
        internal CredentialKind CredentialKind { get; }

        /// <summary>
        /// The service may run without auth (a self-hosted RunWisp daemon with RUNWISP_AUTH=off): with no secret from any
        /// source, requests go out unauthenticated, and a 401 then says that no secret was given.
        /// </summary>
        internal bool CredentialOptional { get; set; }
        internal StatusTable StatusTable { get; }
        internal FilterTable FilterTable { get; }

        /// <summary>"API key" or "password", for messages.</summary>
        internal string SecretName => CredentialKind == CredentialKind.Password ? "password" : "API key";

        /// <summary>The parameter that takes the secret: -ApiKey or -Credential.</summary>
        internal string SecretParameter => CredentialKind == CredentialKind.Password ? "-Credential" : "-ApiKey";
    }
}
