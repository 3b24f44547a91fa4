using System.Globalization;

namespace TaskRuns.Emulator.Data;

/// <summary>Deterministic identifiers drawn from a seeded <see cref="Random"/>.</summary>
internal static class RandomIds
{
    private const string LowerBase32 = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A version-4 style UUID ("D" format).</summary>
    public static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
    }

    /// <summary>Lowercase Crockford-style characters, e.g. for Deck ids (<c>trun_...</c>).</summary>
    public static string Base32(Random random, int length)
    {
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = LowerBase32[r.Next(LowerBase32.Length)];
            }
        });
    }

    public static string Hex(Random random, int byteCount)
    {
        var bytes = new byte[byteCount];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
