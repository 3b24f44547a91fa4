namespace TaskRuns.Emulator.Faults;

/// <summary>Chooses the fault of a provider request: the X-Emulator-Fault header, else a forced fault, else a random one.</summary>
internal sealed class FaultSelector
{
    public const string HeaderName = "X-Emulator-Fault";

    private readonly EmulatorOptions _options;
    private readonly ForcedFaultQueue _forced;
    private readonly Random _random;

    public FaultSelector(EmulatorOptions options, ForcedFaultQueue forced)
    {
        _options = options;
        _forced = forced;
        _random = new Random(unchecked(options.Seed * 31 + 7));
    }

    /// <summary>
    /// Returns the fault kind to apply (or null). <paramref name="unknownHeaderKind"/> is set when the
    /// header names a kind that does not exist (the caller answers 400 so typos are not silent).
    /// </summary>
    public string? Choose(HttpContext context, ProviderEndpoint endpoint, out string? unknownHeaderKind)
    {
        unknownHeaderKind = null;
        var header = context.Request.Headers[HeaderName].ToString().Trim();
        if (header.Length > 0)
        {
            if (!FaultKinds.IsKnown(header))
            {
                unknownHeaderKind = header;
                return null;
            }

            return FaultKinds.AppliesTo(header, endpoint) ? header : null;
        }

        var forced = _forced.Take(endpoint, context.Request.Path.Value ?? "/");
        if (forced is not null)
        {
            return forced;
        }

        if (_options.FaultRate <= 0 || _options.Faults.Count == 0)
        {
            return null;
        }

        lock (_random)
        {
            if (_random.NextDouble() >= _options.FaultRate)
            {
                return null;
            }

            var applicable = _options.Faults.Where(k => FaultKinds.IsKnown(k) && FaultKinds.AppliesTo(k, endpoint)).ToArray();
            return applicable.Length == 0 ? null : applicable[_random.Next(applicable.Length)];
        }
    }
}
