using TaskRuns.Providers;

namespace TaskRuns.Tests.Unit;

public class DateBoundsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Shift_moves_by_the_ticks_and_stops_at_the_ends_of_the_range()
    {
        Assert.Equal(Noon.AddMilliseconds(-1), DateBounds.Shift(Noon, -TimeSpan.TicksPerMillisecond));
        Assert.Equal(Noon.AddSeconds(1), DateBounds.Shift(Noon, TimeSpan.TicksPerSecond));
        Assert.Equal(DateTimeOffset.MinValue, DateBounds.Shift(DateTimeOffset.MinValue, -TimeSpan.TicksPerMillisecond));
        Assert.Equal(DateTimeOffset.MinValue, DateBounds.Shift(DateTimeOffset.MinValue.AddTicks(5), -10));
        Assert.Equal(DateTimeOffset.MaxValue, DateBounds.Shift(DateTimeOffset.MaxValue, TimeSpan.TicksPerMillisecond));
        Assert.Equal(DateTimeOffset.MaxValue, DateBounds.Shift(DateTimeOffset.MaxValue.AddTicks(-5), 10));
        Assert.Null(DateBounds.Shift(null, 1));
    }

    [Fact]
    public void Only_a_bound_that_can_exclude_something_is_sent()
    {
        Assert.Null(DateBounds.Limiting(null));
        Assert.Null(DateBounds.Limiting(DateTimeOffset.MinValue));
        Assert.Null(DateBounds.Limiting(DateTimeOffset.MaxValue));
        Assert.Equal(Noon, DateBounds.Limiting(Noon));
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Any_datetime_becomes_an_instant_without_failing(DateTimeKind kind)
    {
        Assert.Equal(DateTimeOffset.MinValue.UtcTicks, DateBounds.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, kind)).UtcTicks, TimeSpan.FromDays(1).Ticks);
        Assert.Equal(DateTimeOffset.MaxValue.UtcTicks, DateBounds.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, kind)).UtcTicks, TimeSpan.FromDays(1).Ticks);
        var utcNoon = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(utcNoon, DateBounds.FromDateTime(utcNoon).UtcDateTime);
    }
}
