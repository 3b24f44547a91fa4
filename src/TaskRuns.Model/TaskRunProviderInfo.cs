using System;
using System.Collections.Generic;

namespace TaskRuns.Model
{
    /// <summary>What TaskRuns knows about a provider and how this session would connect to it. Never contains the key.</summary>
    public sealed class TaskRunProviderInfo
    {
        /// <summary>The provider.</summary>
        public TaskRunProvider Name { get; set; }
        /// <summary>PageNumber, Offset or Cursor.</summary>
        public string PagingStyle { get; set; } = string.Empty;
        /// <summary>The base URI commands would use now.</summary>
        public Uri? BaseUri { get; set; }
        /// <summary>Where that URI comes from: Session, Environment or Default.</summary>
        public string BaseUriSource { get; set; } = string.Empty;
        /// <summary>True when a key (RunWisp: password) is available from the session or the environment.</summary>
        public bool HasCredential { get; set; }
        /// <summary>Where the key comes from: Session, Environment or None.</summary>
        public string CredentialSource { get; set; } = string.Empty;
        /// <summary>The environment variable for the key.</summary>
        public string CredentialVariable { get; set; } = string.Empty;
        /// <summary>The environment variable for the base URI.</summary>
        public string BaseUriVariable { get; set; } = string.Empty;
        /// <summary>Runs per page by default.</summary>
        public int DefaultPageSize { get; set; }
        /// <summary>The largest page (used by -All).</summary>
        public int MaxPageSize { get; set; }
        /// <summary>Pages fetched at once at most.</summary>
        public int MaxConcurrentPages { get; set; }
        /// <summary>The Get-TaskRun filters this provider honours.</summary>
        public IReadOnlyList<string> Filters { get; set; } = Array.Empty<string>();
        /// <summary>The provider's own status values.</summary>
        public IReadOnlyList<string> StatusValues { get; set; } = Array.Empty<string>();

        /// <summary>The provider's name.</summary>
        public override string ToString() => Name.ToString();
    }
}
