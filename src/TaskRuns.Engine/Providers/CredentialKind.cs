namespace TaskRuns.Providers
{
    /// <summary>What secret a provider takes: an API key (-ApiKey) or a password (-Credential).</summary>
    internal enum CredentialKind
    {
        ApiKey,
        Password,
    }
}
