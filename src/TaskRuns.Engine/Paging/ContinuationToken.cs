using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaskRuns.Model;

namespace TaskRuns.Paging
{
    /// <summary>
    /// The opaque NextPageToken: base64url of a small versioned JSON naming the provider, paging style, position,
    /// page size and a hash of the filters, so a token cannot be replayed with other filters or another provider.
    /// It also carries the query itself (task and filters as the user gave them), so a piped page continues its own
    /// listing without the user repeating -TaskId and the filters.
    /// </summary>
    internal sealed class ContinuationToken
    {
        private const int CurrentVersion = 1;

        public ContinuationToken(TaskRunProvider provider, PagePosition position, int pageSize, string filterHash, string? query = null)
        {
            Query = query;
            Provider = provider;
            Position = position;
            PageSize = pageSize;
            FilterHash = filterHash;
        }

        public TaskRunProvider Provider { get; }
        public PagePosition Position { get; }
        public int PageSize { get; }
        public string FilterHash { get; }

        /// <summary>The query the token's listing was made with, as the listing wrote it (opaque here); null in a token without one.</summary>
        public string? Query { get; }

        public string Encode()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteNumber("v", CurrentVersion);
                writer.WriteString("p", Provider.ToString());
                writer.WriteString("s", Position.Style.ToString());
                writer.WriteString("at", Position.Serialise());
                writer.WriteNumber("n", PageSize);
                writer.WriteString("f", FilterHash);
                if (Query != null) writer.WriteString("q", Query);
                writer.WriteEndObject();
            }
            return Convert.ToBase64String(buffer.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>Reads a token; returns null with a reason when it is not one of ours.</summary>
        public static ContinuationToken? TryDecode(string text, out string? problem)
        {
            problem = null;
            try
            {
                string base64 = text.Trim().Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                using JsonDocument doc = JsonDocument.Parse(Convert.FromBase64String(base64));
                JsonElement root = doc.RootElement;
                if (root.GetProperty("v").GetInt32() != CurrentVersion)
                {
                    problem = "it was made by another version of TaskRuns";
                    return null;
                }
                var provider = (TaskRunProvider)Enum.Parse(typeof(TaskRunProvider), root.GetProperty("p").GetString()!, ignoreCase: false);
                var style = (PagingStyle)Enum.Parse(typeof(PagingStyle), root.GetProperty("s").GetString()!, ignoreCase: false);
                PagePosition? position = PagePosition.Parse(style, root.GetProperty("at").GetString());
                int pageSize = root.GetProperty("n").GetInt32();
                string filter = root.GetProperty("f").GetString() ?? string.Empty;
                if (position is not PagePosition at || pageSize < 1)
                {
                    problem = "its position is not valid";
                    return null;
                }
                string? query = root.TryGetProperty("q", out JsonElement q) ? q.GetString() : null;
                return new ContinuationToken(provider, at, pageSize, filter, query);
            }
            catch (Exception e) when (e is FormatException || e is JsonException || e is System.Collections.Generic.KeyNotFoundException || e is InvalidOperationException || e is ArgumentException || e is OverflowException)
            {
                problem = "it is not a TaskRuns page token";
                return null;
            }
        }

        /// <summary>A short stable hash of the filter description.</summary>
        public static string HashFilters(string canonicalFilters)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonicalFilters));
            var text = new StringBuilder(16);
            for (int i = 0; i < 8; i++) text.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
