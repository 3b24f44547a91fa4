using System.Text.RegularExpressions;

namespace TaskRuns.Emulator.Data;

/// <summary>ULIDs: 48-bit millisecond time + 80 random bits, 26 characters of Crockford base32.</summary>
internal static partial class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Create(DateTimeOffset time, Random random)
    {
        var ms = (ulong)time.ToUnixTimeMilliseconds();
        Span<byte> randomBytes = stackalloc byte[10];
        random.NextBytes(randomBytes);
        UInt128 randomPart = 0;
        foreach (var b in randomBytes)
        {
            randomPart = (randomPart << 8) | b;
        }

        Span<char> chars = stackalloc char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }

        for (var i = 25; i >= 10; i--)
        {
            chars[i] = Alphabet[(int)(randomPart & 31)];
            randomPart >>= 5;
        }

        return new string(chars);
    }

    public static bool IsValid(string value) => UlidPattern().IsMatch(value);

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{26}$")]
    private static partial Regex UlidPattern();
}
