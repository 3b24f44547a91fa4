using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace TaskRuns.Emulator.RunWisp;

/// <summary>
/// RunWisp's challenge/response login: single-use nonces, SHA-256 (0.4.x) or PBKDF2 (newer) responses,
/// a per-IP attempt limit, and HMAC-signed JWT-like bearer tokens.
/// </summary>
internal sealed class RunWispAuth
{
    public const int Pbkdf2Iterations = 600_000;

    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    private readonly EmulatorOptions _options;
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);

    public RunWispAuth(EmulatorOptions options)
    {
        _options = options;
    }

    public string CreateNonce()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.UtcNow;
        _nonces[nonce] = now + NonceLifetime;
        foreach (var (stale, expires) in _nonces)
        {
            if (expires < now)
            {
                _nonces.TryRemove(stale, out _);
            }
        }

        return nonce;
    }

    /// <summary>Checks one login attempt; the nonce is consumed whatever the result.</summary>
    public (RunWispLoginResult Result, string? Token, TimeSpan RetryAfter) Login(string clientIp, string nonce, string response, bool usePbkdf2)
    {
        var now = DateTimeOffset.UtcNow;
        if (_options.RunWispLoginLimit > 0)
        {
            lock (_attempts)
            {
                if (!_attempts.TryGetValue(clientIp, out var attempts))
                {
                    attempts = new Queue<DateTimeOffset>();
                    _attempts[clientIp] = attempts;
                }

                while (attempts.Count > 0 && attempts.Peek() <= now - _options.RunWispLoginWindow)
                {
                    attempts.Dequeue();
                }

                if (attempts.Count >= _options.RunWispLoginLimit)
                {
                    return (RunWispLoginResult.RateLimited, null, attempts.Peek() + _options.RunWispLoginWindow - now);
                }

                attempts.Enqueue(now);
            }
        }

        var known = _nonces.TryRemove(nonce, out var expires) && expires >= now;
        if (_options.RunWispAuthDisabled)
        {
            // Auth off: the daemon has no password to check against; a client that logs in anyway gets a token.
            return (RunWispLoginResult.Succeeded, CreateToken(now), TimeSpan.Zero);
        }

        if (!known)
        {
            return (RunWispLoginResult.InvalidNonce, null, TimeSpan.Zero);
        }

        var expected = ExpectedResponse(nonce, usePbkdf2);
        var given = Encoding.ASCII.GetBytes(response.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given))
        {
            return (RunWispLoginResult.InvalidResponse, null, TimeSpan.Zero);
        }

        return (RunWispLoginResult.Succeeded, CreateToken(now), TimeSpan.Zero);
    }

    /// <summary>hex(SHA-256(password + ":" + nonce)) or hex(PBKDF2-HMAC-SHA256(password, nonce bytes, 600000, 32)).</summary>
    public string ExpectedResponse(string nonce, bool usePbkdf2)
    {
        if (!usePbkdf2)
        {
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_options.RunWispPassword + ":" + nonce)));
        }

        var salt = Convert.FromHexString(nonce);
        return Convert.ToHexStringLower(Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(_options.RunWispPassword), salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32));
    }

    private string CreateToken(DateTimeOffset now)
    {
        var header = WebEncoders.Base64UrlEncode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8.ToArray());
        var payloadJson = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "admin",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _options.RunWispTokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        });
        var payload = WebEncoders.Base64UrlEncode(payloadJson);
        var signature = WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    /// <summary>True when the token was issued by this emulator and has not expired.</summary>
    public bool IsValidToken(string? token)
    {
        if (_options.RunWispAuthDisabled)
        {
            return true;
        }

        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            var expected = HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, WebEncoders.Base64UrlDecode(parts[2])))
            {
                return false;
            }

            using var payload = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[1]));
            return payload.RootElement.TryGetProperty("exp", out var exp)
                && exp.TryGetInt64(out var expSeconds)
                && DateTimeOffset.FromUnixTimeSeconds(expSeconds) > DateTimeOffset.UtcNow;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}
