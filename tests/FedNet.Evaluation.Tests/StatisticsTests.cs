using FedNet.Evaluation;

namespace FedNet.Evaluation.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void Summarize_OddSample_MedianIsMiddleAndP99Interpolates()
    {
        var s = Statistics.Summarize([5, 1, 3, 2, 4]);
        Assert.Equal(3, s.Median);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(3, s.Mean);
        Assert.Equal(4.96, s.P99, 6);
        Assert.Equal("1.0–5.0", s.Spread());
    }

    [Fact]
    public void Summarize_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => Statistics.Summarize([]));

    [Fact]
    public void Ratio_ZeroBaseline_IsDash()
    {
        Assert.Equal("—", Statistics.Ratio(5, 0));
        Assert.Equal("0.50×", Statistics.Ratio(5, 10));
    }

    [Fact]
    public void Select_UnknownId_ErrorNamesItAndTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => PaperBenchmark.Select(["nope"]));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Contains("known:", e.Message, StringComparison.Ordinal);
    }
}
