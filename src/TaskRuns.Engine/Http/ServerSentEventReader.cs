using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Http
{
    /// <summary>One Server-Sent Event: its <c>event:</c> name (null when none was given) and its <c>data:</c> lines joined by \n.</summary>
    internal readonly struct ServerSentEvent
    {
        public ServerSentEvent(string? name, string data)
        {
            Name = name;
            Data = data;
        }

        public string? Name { get; }
        public string Data { get; }
    }

    /// <summary>
    /// Reads Server-Sent Events from a response stream, one per blank line, with a cancellable read (the token goes into
    /// every read, so cancelling tears the connection down at once). Fields other than event and data are ignored.
    /// </summary>
    internal sealed class ServerSentEventReader
    {
        private readonly Utf8LineReader _lines;
        private readonly StringBuilder _data = new();

        public ServerSentEventReader(Stream stream) => _lines = new Utf8LineReader(stream);

        /// <summary>The next event, or null when the server closed the stream.</summary>
        public async Task<ServerSentEvent?> ReadEventAsync(CancellationToken cancellationToken)
        {
            string? name = null;
            _data.Clear();
            while (await _lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
            {
                if (line.Length == 0) return new ServerSentEvent(name, _data.ToString());
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    if (_data.Length > 0) _data.Append('\n');
                    _data.Append(line.Substring(5).TrimStart());
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal)) name = line.Substring(6).Trim();
            }
            return null;
        }
    }
}
