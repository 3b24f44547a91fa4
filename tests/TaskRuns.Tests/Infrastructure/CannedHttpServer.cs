using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TaskRuns.Tests.Infrastructure;

/// <summary>
/// A tiny real HTTP/1.1 server on 127.0.0.1 for responses no well-behaved server (or the emulator) produces: bodies that
/// lie about their length, stall, never end, are gigantic, or are not what the content type says. One request per
/// connection (Connection: close), so every attempt of the client is a fresh connection the test can count.
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<CannedRequest, CannedResponse> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly ConcurrentQueue<CannedRequest> _requests = new();

    public CannedHttpServer(Func<CannedRequest, CannedResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<CannedRequest> Requests => _requests.ToArray();

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                CannedRequest? request = await ReadRequestAsync(stream);
                if (request is null) return;
                _requests.Enqueue(request);
                CannedResponse response = _handler(request);
                if (response.DropConnection)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // RST: the connection dies, no answer at all
                    return;
                }
                await response.WriteAsync(stream, _stopping.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (it gave up on a stalled or oversized body): that is the point of such tests.
            }
        }
    }

    private static async Task<CannedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            head.Add(one[0]);
            int n = head.Count;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') break;
            if (n > 1024 * 1024) return null;
        }
        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        string body = "";
        if (headers.TryGetValue("Content-Length", out string? length) && int.TryParse(length, out int bytes) && bytes > 0)
        {
            var buffer = new byte[bytes];
            await stream.ReadExactlyAsync(buffer);
            body = Encoding.UTF8.GetString(buffer);
        }
        return new CannedRequest(requestLine[0], requestLine[1], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}

/// <summary>One request as received: method, target (path and query, still escaped), headers, body.</summary>
public sealed record CannedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => Target.Split('?')[0];

    public string? Query(string name)
    {
        int q = Target.IndexOf('?');
        if (q < 0) return null;
        foreach (string pair in Target[(q + 1)..].Split('&'))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0 && Uri.UnescapeDataString(pair[..eq]) == name) return Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }
}

/// <summary>What to answer; the body may lie about its length, stall, or be produced piece by piece.</summary>
public sealed class CannedResponse
{
    public int Status { get; init; } = 200;
    public string Reason { get; init; } = "OK";
    public string? ContentType { get; init; } = "application/json";
    public byte[] Body { get; init; } = [];
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Content-Length to announce (default: the body's length; -1: none, the body ends when the connection closes).</summary>
    public long? AnnouncedLength { get; init; }

    /// <summary>Writes the body instead of <see cref="Body"/> (for gigantic or endless bodies).</summary>
    public Func<Stream, CancellationToken, Task>? WriteBody { get; init; }

    /// <summary>Reset the connection instead of answering.</summary>
    public bool DropConnection { get; init; }

    public static CannedResponse Dropped() => new() { DropConnection = true };

    /// <summary>After writing the body, keep the connection open without sending more, for this long.</summary>
    public TimeSpan StallAfterBody { get; init; }

    public static CannedResponse Json(string json, int status = 200, string reason = "OK") =>
        new() { Status = status, Reason = reason, Body = Encoding.UTF8.GetBytes(json) };

    public static CannedResponse Text(string text, string? contentType, int status = 200, string reason = "OK") =>
        new() { Status = status, Reason = reason, ContentType = contentType, Body = Encoding.UTF8.GetBytes(text) };

    public CannedResponse WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    internal async Task WriteAsync(Stream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        head.Append($"HTTP/1.1 {Status} {Reason}\r\n");
        if (ContentType != null) head.Append($"Content-Type: {ContentType}\r\n");
        long length = AnnouncedLength ?? (WriteBody is null ? Body.Length : -1);
        if (length >= 0) head.Append($"Content-Length: {length}\r\n");
        foreach (var (name, value) in Headers) head.Append($"{name}: {value}\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), token);
        if (WriteBody != null) await WriteBody(stream, token);
        else await stream.WriteAsync(Body, token);
        await stream.FlushAsync(token);
        if (StallAfterBody > TimeSpan.Zero) await Task.Delay(StallAfterBody, token);
    }
}
