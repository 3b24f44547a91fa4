using System;
using System.Runtime.InteropServices;
using System.Security;

namespace TaskRuns.Http
{
    /// <summary>
    /// A secret (API key or password) kept as a SecureString; revealed only for the moment a header or login body is built.
    /// ToString never shows it.
    /// </summary>
    internal sealed class ApiCredential
    {
        private readonly SecureString _secret;

        public ApiCredential(SecureString secret, string? userName = null)
        {
            _secret = secret.Copy();
            _secret.MakeReadOnly();
            UserName = userName;
        }

        public string? UserName { get; }

        public bool IsEmpty => _secret.Length == 0;

        public static ApiCredential FromPlainText(string value)
        {
            var secure = new SecureString();
            foreach (char c in value) secure.AppendChar(c);
            return new ApiCredential(secure);
        }

        /// <summary>The plain secret. Call only where it goes straight into a request.</summary>
        public string Reveal()
        {
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(_secret);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public override string ToString() => "***";
    }
}
