using System;
using System.Collections.Generic;
using System.Text;

namespace TaskRuns.Http
{
    /// <summary>
    /// A request's path and query, relative to the provider's base URI, with every path segment and query value escaped, so no
    /// id can change the request path. Every adapter builds the paths of its requests (<see cref="ApiRequest"/>) with it.
    /// </summary>
    internal sealed class RequestPath
    {
        private readonly StringBuilder _text = new();
        private bool _hasQuery;

        public RequestPath(string path) => _text.Append(path);

        /// <summary>Appends "/" + the escaped segment. Dots-only segments are escaped too, so "." and ".." stay literal.</summary>
        public RequestPath Segment(string value)
        {
            _text.Append('/').Append(EscapeSegment(value));
            return this;
        }

        public RequestPath Query(string name, string? value)
        {
            if (value is null) return this;
            _text.Append(_hasQuery ? '&' : '?').Append(Uri.EscapeDataString(name)).Append('=').Append(EscapeValue(value));
            _hasQuery = true;
            return this;
        }

        public RequestPath Query(string name, IEnumerable<string>? values)
        {
            if (values is null) return this;
            foreach (string v in values) Query(name, v);
            return this;
        }

        public static string EscapeSegment(string value)
        {
            string escaped = EscapeValue(value);
            return escaped.Trim('.').Length == 0 ? escaped.Replace(".", "%2E") : escaped;
        }

        // Uri.EscapeDataString throws on very long input on .NET Framework; escape in chunks.
        private static string EscapeValue(string value)
        {
            const int Chunk = 30000;
            if (value.Length <= Chunk) return Uri.EscapeDataString(value);
            var text = new StringBuilder();
            int i = 0;
            while (i < value.Length)
            {
                int length = Math.Min(Chunk, value.Length - i);
                if (i + length < value.Length && char.IsHighSurrogate(value[i + length - 1])) length--; // never split a surrogate pair
                text.Append(Uri.EscapeDataString(value.Substring(i, length)));
                i += length;
            }
            return text.ToString();
        }

        public override string ToString() => _text.ToString();
    }
}
