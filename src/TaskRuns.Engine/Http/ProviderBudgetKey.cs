using System;
using System.Security.Cryptography;
using System.Text;

namespace TaskRuns.Http
{
    /// <summary>
    /// What a provider counts its limits by: the origin and the API key. The key is known only by its SHA-256 hash, so
    /// the process-wide tables of limiters and gates hold no secret.
    /// </summary>
    internal static class ProviderBudgetKey
    {
        public static string For(Uri baseUri, ApiCredential? credential) =>
            baseUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + "|" + Fingerprint(credential);

        private static string Fingerprint(ApiCredential? credential)
        {
            if (credential is null) return "-";
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(credential.Reveal()));
            return Convert.ToBase64String(hash);
        }
    }
}
