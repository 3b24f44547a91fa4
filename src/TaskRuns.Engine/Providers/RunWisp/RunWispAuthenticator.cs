using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TaskRuns.Http;

namespace TaskRuns.Providers.RunWisp
{
    /// <summary>
    /// RunWisp's challenge/response login. GET /api/auth/challenge gives a nonce; the answer is
    /// hex(SHA-256(password + ":" + nonce)) posted to /api/auth (0.4.x daemons) or hex(PBKDF2-HMAC-SHA256(password,
    /// nonce bytes, 600000, 32)) posted to /api/auth/login (newer daemons). The JWT is cached per base URI and user
    /// for its lifetime: the daemon allows only 5 logins per 5 minutes, so a login is never retried automatically.
    /// </summary>
    internal static class RunWispAuthenticator
    {
        private const int Pbkdf2Iterations = 600_000;
        private static readonly ConcurrentDictionary<string, CachedToken> Tokens = new(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

        /// <summary>The number of logins performed (tests check the cache).</summary>
        internal static int Logins;

        public static async Task<string> TokenAsync(ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            string key = CacheKey(connection);
            if (Tokens.TryGetValue(key, out CachedToken? cached) && cached.IsValid) return cached.Token;

            SemaphoreSlim gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Tokens.TryGetValue(key, out cached) && cached.IsValid) return cached.Token;
                string token = await LoginAsync(connection, client, cancellationToken).ConfigureAwait(false);
                Tokens[key] = new CachedToken(token, ExpiryOf(token));
                return token;
            }
            finally
            {
                gate.Release();
            }
        }

        public static bool Forget(ProviderConnection connection) => Tokens.TryRemove(CacheKey(connection), out _);

        private static async Task<string> LoginAsync(ProviderConnection connection, ApiClient client, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Logins);
            string password = connection.Credential!.Reveal();
            client.Log.Verbose("RunWisp: signing in (challenge/response).");

            string nonce = await ChallengeAsync(client, cancellationToken).ConfigureAwait(false);
            try
            {
                return await PostLoginAsync(client, "api/auth", nonce, Sha256Response(password, nonce), cancellationToken).ConfigureAwait(false);
            }
            catch (TaskRunApiException e) when (e.StatusCode == 404 || e.StatusCode == 405 || e.ErrorId == "UnexpectedContentType")
            {
                // A newer daemon: /api/auth is gone, /api/auth/login takes a PBKDF2 answer. Nonces are single-use.
                client.Log.Verbose("RunWisp: /api/auth is not there; using the newer /api/auth/login (PBKDF2).");
                nonce = await ChallengeAsync(client, cancellationToken).ConfigureAwait(false);
                return await PostLoginAsync(client, "api/auth/login", nonce, Pbkdf2Response(password, nonce), cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<string> ChallengeAsync(ApiClient client, CancellationToken cancellationToken)
        {
            var request = new ApiRequest(HttpMethod.Get, "api/auth/challenge") { Authenticate = false };
            RunWispChallenge challenge = await client.SendAsync(request, RunWispJsonContext.Default.RunWispChallenge, cancellationToken).ConfigureAwait(false);
            return challenge.Nonce!;
        }

        private static async Task<string> PostLoginAsync(ApiClient client, string path, string nonce, string response, CancellationToken cancellationToken)
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new RunWispLoginRequest { Nonce = nonce, Response = response }, RunWispJsonContext.Default.RunWispLoginRequest);
            var request = new ApiRequest(HttpMethod.Post, path)
            {
                Authenticate = false,
                Retry = false, // a wrong password must not burn the daemon's 5-per-5-minutes login budget
                Body = () => new ByteArrayContent(body) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") } },
            };
            try
            {
                RunWispLoginResponse login = await client.SendAsync(request, RunWispJsonContext.Default.RunWispLoginResponse, cancellationToken).ConfigureAwait(false);
                return login.Token!;
            }
            catch (TaskRunApiException e) when (e.ErrorId == "ConnectionFailed" || e.ErrorId == "RequestTimeout")
            {
                // The answer was lost on the way (connection dropped, no reply in time). This single POST is not repeated
                // (its nonce may be spent), but the request that needed the sign-in is: its retry signs in afresh with a
                // new challenge. A wrong password (401) is never retried.
                throw ApiErrorFactory.AsTransient(e);
            }
            catch (TaskRunApiException e) when (e.StatusCode == 429)
            {
                // The request that needed the sign-in is retried after the wait; say that the wait is for the sign-in.
                client.Log.Warning($"RunWisp: the daemon's sign-in limit (5 per 5 minutes per address) is reached; the sign-in (POST {path}) is tried again " +
                    $"{(e.RetryAfter is TimeSpan wait ? $"in {Math.Ceiling(wait.TotalSeconds)} s" : "shortly")}. Each new PowerShell process signs in once: run many commands in one process to stay under it.");
                throw;
            }
        }

        internal static string Sha256Response(string password, string nonce)
        {
            using var sha = SHA256.Create();
            return Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(password + ":" + nonce)));
        }

        internal static string Pbkdf2Response(string password, string nonceHex)
        {
            byte[] salt = FromHex(nonceHex) ?? Encoding.UTF8.GetBytes(nonceHex);
            return Hex(Pbkdf2Sha256(Encoding.UTF8.GetBytes(password), salt, Pbkdf2Iterations, 32));
        }

        /// <summary>PBKDF2 with HMAC-SHA256 (RFC 8018); netstandard2.0 has no SHA-256 Rfc2898DeriveBytes.</summary>
        internal static byte[] Pbkdf2Sha256(byte[] password, byte[] salt, int iterations, int length)
        {
            using var hmac = new HMACSHA256(password);
            var output = new byte[length];
            int blocks = (length + 31) / 32;
            var saltAndIndex = new byte[salt.Length + 4];
            Buffer.BlockCopy(salt, 0, saltAndIndex, 0, salt.Length);
            for (int block = 1; block <= blocks; block++)
            {
                saltAndIndex[salt.Length] = (byte)(block >> 24);
                saltAndIndex[salt.Length + 1] = (byte)(block >> 16);
                saltAndIndex[salt.Length + 2] = (byte)(block >> 8);
                saltAndIndex[salt.Length + 3] = (byte)block;
                byte[] u = hmac.ComputeHash(saltAndIndex);
                byte[] t = (byte[])u.Clone();
                for (int i = 1; i < iterations; i++)
                {
                    u = hmac.ComputeHash(u);
                    for (int j = 0; j < t.Length; j++) t[j] ^= u[j];
                }
                Buffer.BlockCopy(t, 0, output, (block - 1) * 32, Math.Min(32, length - (block - 1) * 32));
            }
            return output;
        }

        private static DateTimeOffset ExpiryOf(string jwt)
        {
            DateTimeOffset fallback = DateTimeOffset.UtcNow.AddHours(23);
            string[] parts = jwt.Split('.');
            if (parts.Length < 2) return fallback;
            try
            {
                string payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using JsonDocument doc = JsonDocument.Parse(Convert.FromBase64String(payload));
                if (doc.RootElement.TryGetProperty("exp", out JsonElement exp) && exp.TryGetInt64(out long seconds))
                    return DateTimeOffset.FromUnixTimeSeconds(seconds).AddMinutes(-1);
            }
            catch (Exception e) when (e is FormatException || e is JsonException || e is ArgumentException || e is InvalidOperationException)
            {
            }
            return fallback;
        }

        private static string CacheKey(ProviderConnection connection)
        {
            // Keyed by base URI and a hash of the password, so another password never reuses a token.
            using var sha = SHA256.Create();
            string secretHash = Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(connection.Credential?.Reveal() ?? string.Empty)));
            return connection.BaseUri.AbsoluteUri + "|" + secretHash;
        }

        private static string Hex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return text.ToString();
        }

        private static byte[]? FromHex(string hex)
        {
            if (hex.Length % 2 != 0) return null;
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i])) return null;
            }
            return bytes;
        }

        private sealed class CachedToken
        {
            public CachedToken(string token, DateTimeOffset expires)
            {
                Token = token;
                Expires = expires;
            }

            public string Token { get; }
            public DateTimeOffset Expires { get; }
            public bool IsValid => DateTimeOffset.UtcNow < Expires;
        }
    }
}
