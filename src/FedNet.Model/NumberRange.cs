namespace FedNet.Model;

/// <summary>An inclusive range of integers, written <c>100-199</c> (VLAN pools, tunnel keys).</summary>
/// <param name="First">The first value in the range.</param>
/// <param name="Last">The last value in the range (inclusive).</param>
public readonly record struct NumberRange(long First, long Last)
{
    /// <summary>How many values the range holds (0 when <see cref="Last"/> is below <see cref="First"/>).</summary>
    public long Count => Last < First ? 0 : Last - First + 1;

    /// <summary>True when <paramref name="value"/> lies in the range.</summary>
    public bool Contains(long value) => value >= First && value <= Last;

    /// <summary>True when the two ranges share at least one value.</summary>
    public bool Overlaps(NumberRange other) => Count > 0 && other.Count > 0 && First <= other.Last && other.First <= Last;

    /// <summary><c>first-last</c>, the form the descriptions use.</summary>
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
