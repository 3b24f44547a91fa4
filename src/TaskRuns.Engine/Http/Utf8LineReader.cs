using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TaskRuns.Http
{
    /// <summary>
    /// UTF-8 lines (ending in \n, \r\n or \r, as SSE allows) from a stream, with a cancellable read. Bytes that are not
    /// UTF-8 become U+FFFD; a line longer than the limit is returned in pieces of that length, so memory stays bounded.
    /// </summary>
    internal sealed class Utf8LineReader
    {
        private readonly Stream _stream;
        private readonly int _maxLineLength;
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly byte[] _bytes = new byte[4096];
        private readonly char[] _chars = new char[4097];
        private readonly StringBuilder _pending = new();
        private int _scanned;
        private bool _skipLineFeed;

        public Utf8LineReader(Stream stream, int maxLineLength = int.MaxValue)
        {
            _stream = stream;
            _maxLineLength = maxLineLength;
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                for (; _scanned < _pending.Length; _scanned++)
                {
                    char c = _pending[_scanned];
                    if (c != '\n' && c != '\r') continue;
                    string line = _pending.ToString(0, _scanned);
                    int consumed = _scanned + 1;
                    if (c == '\r' && consumed < _pending.Length && _pending[consumed] == '\n') consumed++;
                    else if (c == '\r' && consumed == _pending.Length) _skipLineFeed = true; // a \n may start the next chunk
                    _pending.Remove(0, consumed);
                    _scanned = 0;
                    return line;
                }
                if (_pending.Length >= _maxLineLength) return TakeLongLine(); // a line longer than the limit comes in pieces
                int read = await _stream.ReadAsync(_bytes, 0, _bytes.Length, cancellationToken).ConfigureAwait(false);
                if (read == 0) return _pending.Length > 0 ? Take() : null;
                int count = _decoder.GetChars(_bytes, 0, read, _chars, 0);
                int start = 0;
                if (_skipLineFeed && count > 0)
                {
                    _skipLineFeed = false;
                    if (_chars[0] == '\n') start = 1;
                }
                _pending.Append(_chars, start, count - start);
            }
        }

        private string TakeLongLine()
        {
            string piece = _pending.ToString(0, _maxLineLength);
            _pending.Remove(0, _maxLineLength);
            _scanned = 0;
            return piece;
        }

        private string Take()
        {
            string rest = _pending.ToString();
            _pending.Clear();
            _scanned = 0;
            return rest;
        }
    }
}
