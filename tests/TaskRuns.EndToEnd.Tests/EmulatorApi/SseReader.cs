namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>One Server-Sent Event as read off the wire.</summary>
internal sealed record SseEvent(string? Id, string Name, string Data);

/// <summary>Reads SSE messages (id/event/data lines, blank line ends one) from a response stream.</summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public int Status => (int)_response.StatusCode;

    public static async Task<SseReader> OpenAsync(HttpClient http, string pathAndQuery, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken ct)
    {
        string? id = null, name = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data is not null)
                {
                    return new SseEvent(id, name ?? "message", data ?? "");
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }

        return null;
    }

    /// <summary>Every event until the stream ends (fails the test if that takes longer than <paramref name="timeout"/>).</summary>
    public async Task<List<SseEvent>> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var events = new List<SseEvent>();
        while (await NextAsync(cts.Token) is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
