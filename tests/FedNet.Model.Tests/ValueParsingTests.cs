using FedNet.Model.Internal;

namespace FedNet.Model.Tests;

public sealed class ValueParsingTests
{
    [Theory]
    [InlineData("4ms", 4_000)]
    [InlineData("200us", 200)]
    [InlineData("1s", 1_000_000)]
    [InlineData("1.5ms", 1_500)]
    [InlineData("0", 0)]
    [InlineData(" 10 ms ", 10_000)]
    public void Duration_Valid_ParsesToMicroseconds(string text, long microseconds)
    {
        Assert.True(ValueParsers.Duration(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), value);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("4 minutes")]
    [InlineData("-1ms")]
    [InlineData("ms")]
    [InlineData("2d")]
    public void Duration_Invalid_SaysWhatIsExpected(string text)
    {
        Assert.False(ValueParsers.Duration(text, out _, out var error));
        Assert.Contains("s, ms, us", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100mbit", 100_000_000)]
    [InlineData("1gbit", 1_000_000_000)]
    [InlineData("500kbit", 500_000)]
    [InlineData("64000bit", 64_000)]
    [InlineData("2.5Gbit", 2_500_000_000)]
    public void Rate_Valid_ParsesToBitsPerSecond(string text, long bits)
    {
        Assert.True(ValueParsers.Rate(text, out var value, out var error), error);
        Assert.Equal(bits, value);
    }

    [Theory]
    [InlineData("100mbps")]
    [InlineData("100")]
    [InlineData("0mbit")]
    [InlineData("fast")]
    public void Rate_Invalid_Fails(string text)
    {
        Assert.False(ValueParsers.Rate(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("100-199", 100, 199)]
    [InlineData("2782", 2782, 2782)]
    [InlineData(" 1 - 4094 ", 1, 4094)]
    public void Range_Valid_Parses(string text, long first, long last)
    {
        Assert.True(ValueParsers.Range(text, out var value, out var error), error);
        Assert.Equal(new NumberRange(first, last), value);
    }

    [Theory]
    [InlineData("199-100", "ends before it starts")]
    [InlineData("a-b", "expected first-last")]
    [InlineData("-5", "expected first-last")]
    public void Range_Invalid_SaysWhy(string text, string fragment)
    {
        Assert.False(ValueParsers.Range(text, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0%", 0)]
    [InlineData("0.5%", 0.5)]
    [InlineData("3", 3)]
    public void Percent_Valid_Parses(string text, double percent)
    {
        Assert.True(ValueParsers.Percent(text, out var value, out _));
        Assert.Equal(percent, value);
    }

    [Theory]
    [InlineData("10.0.1.0/24", "10.0.1.0", 24, 254)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0, 4_294_967_294)]
    [InlineData("10.0.0.4/31", "10.0.0.4", 31, 2)]
    [InlineData("10.0.0.4/32", "10.0.0.4", 32, 1)]
    public void Cidr_Valid_ParsesWithUsableHostCount(string text, string network, int length, long usable)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out var cidr, out var error), error);
        Assert.Equal(network, cidr.Network.ToString());
        Assert.Equal(length, cidr.PrefixLength);
        Assert.Equal(usable, cidr.UsableHostCount);
        Assert.Equal(text, cidr.ToString());
    }

    [Theory]
    [InlineData("10.0.1.5/24", "did you mean 10.0.1.0/24?")]
    [InlineData("10.0.1.0", "expected an IPv4 subnet")]
    [InlineData("10.0.1.0/33", "prefix length")]
    [InlineData("10.0.256.0/24", "not an IPv4 address")]
    [InlineData("fe80::/64", "not an IPv4 address")]
    public void Cidr_Invalid_SaysWhy(string text, string fragment)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cidr_Overlaps_NestedAndDisjoint()
    {
        Ipv4Cidr.TryParse("10.0.0.0/16", out var wide, out _);
        Ipv4Cidr.TryParse("10.0.1.0/24", out var inner, out _);
        Ipv4Cidr.TryParse("10.1.0.0/24", out var other, out _);

        Assert.True(wide.Overlaps(inner));
        Assert.True(inner.Overlaps(wide));
        Assert.False(inner.Overlaps(other));
        Assert.False(wide.Overlaps(other));
    }

    [Theory]
    [InlineData("02:fe:00:0a:0b:0c", 0x02fe000a0b0cUL)]
    [InlineData("02-FE-00-0A-0B-0C", 0x02fe000a0b0cUL)]
    public void Mac_Valid_ParsesAndFormatsLowercase(string text, ulong value)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(value, mac.Value);
        Assert.Equal("02:fe:00:0a:0b:0c", mac.ToString());
        Assert.True(mac.IsLocallyAdministered);
        Assert.False(mac.IsMulticast);
    }

    [Theory]
    [InlineData("02:fe:00:0a:0b")]
    [InlineData("02:fe:00:0a:0b:0c:0d")]
    [InlineData("02:fe:00:0a:0b:zz")]
    [InlineData("02:fe:00:0a:0b:123")]
    [InlineData("")]
    public void Mac_Invalid_Fails(string text)
    {
        Assert.False(MacAddress.TryParse(text, out _));
    }

    [Fact]
    public void MacPrefix_ContainsAndAddressAt_AgreeWithThePrefix()
    {
        Assert.True(MacPrefix.TryParse("02:fe:00", out var prefix));

        var address = prefix.AddressAt(0x0a0b0c);

        Assert.Equal("02:fe:00:0a:0b:0c", address.ToString());
        Assert.True(prefix.Contains(address));
        Assert.False(prefix.Contains(new MacAddress(0x02fe010a0b0cUL)));
        Assert.Equal(1UL << 24, prefix.Capacity);
        Assert.Equal("02:fe:00", prefix.ToString());
    }

    [Fact]
    public void ValueList_EqualContents_AreEqualWithEqualHashes()
    {
        ValueList<string> a = ["x", "y"];
        var b = ValueList.From(new[] { "x", "y" });
        ValueList<string> c = ["y", "x"];

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Records_WithEqualLists_AreEqual()
    {
        var first = new Vm("v", "kuas", null, [new VmInterface("front", null, null)]);
        var second = new Vm("v", "kuas", null, [new VmInterface("front", null, null)]);

        Assert.Equal(first, second);
        Assert.NotEqual(first, second with { Interfaces = [] });
    }
}
