using CsCheck;
using FedNet.Planning.State;
using Xunit;

namespace FedNet.Planning.Tests;

/// <summary>
/// <see cref="Match"/> keeps up to <see cref="Match.InlineFields"/> values in place and masks and further values in an
/// extra array: every path must read back exactly the fields given, in canonical order, with value equality.
/// </summary>
public sealed class MatchTests
{
    [Fact]
    public void Of_FieldsInAnyOrder_ReadBackInCanonicalOrderAndEqual()
    {
        var a = Match.Of(M.ArpTpa(7), M.InPort(3), M.Vlan(100));
        var b = Match.Of(M.Vlan(100), M.ArpTpa(7), M.InPort(3));

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal([FieldKind.InPort, FieldKind.VlanVid, FieldKind.ArpTpa], a.Fields.Select(f => f.Field));
        Assert.Equal("in_port=3,vlan_vid=4196,arp_tpa=0.0.0.7", a.ToString());
    }

    [Fact]
    public void Of_SameFieldTwice_KeepsTheLast()
    {
        var m = Match.Of(M.EthDstMulticast(), M.InPort(1), M.EthDst(0x0a));

        Assert.Equal(new MatchField(FieldKind.EthDst, 0x0a), m.Get(FieldKind.EthDst));
        Assert.Equal(Match.Of(M.InPort(1), M.EthDst(0x0a)), m);
    }

    [Fact]
    public void Masks_ReadBackOnTheirFieldsOnly_AndTakePartInEquality()
    {
        var m = Match.Of(M.EthDstMulticast(), M.Vlan(5), M.AnyVlan(), M.InPort(2));

        Assert.Equal(new MatchField(FieldKind.EthDst, 0x0100_0000_0000, 0x0100_0000_0000), m.Get(FieldKind.EthDst));
        Assert.Equal(new MatchField(FieldKind.VlanVid, Vlan.Present, Vlan.Present), m.Get(FieldKind.VlanVid));
        Assert.Null(m.Get(FieldKind.InPort)!.Value.Mask);
        Assert.NotEqual(Match.Of(M.EthDst(0x0100_0000_0000), M.AnyVlan(), M.InPort(2)), m);
    }

    [Fact]
    public void EveryKind_MoreFieldsThanInline_AllReadBack()
    {
        var all = Enum.GetValues<FieldKind>().Select((k, i) => new MatchField(k, (ulong)(i + 1) * 1000, i % 3 == 0 ? 0xFFul : null)).ToArray();

        var m = Match.Of(all.Reverse().ToArray());

        Assert.True(all.Length > Match.InlineFields);
        Assert.Equal(all, m.Fields.ToArray());
        Assert.All(all, f => Assert.Equal(f, m.Get(f.Field)));
        Assert.Equal(Match.Of(all), m);
        Assert.NotEqual(Match.Of(all[..^1]), m);
    }

    [Fact]
    public void Any_IsDefaultAndEmpty()
    {
        Assert.Equal(default, Match.Any);
        Assert.Equal(Match.Any, Match.Of());
        Assert.Equal(0, Match.Any.Count);
        Assert.Null(Match.Any.Get(FieldKind.InPort));
        Assert.Equal("any", Match.Any.ToString());
    }

    [Fact]
    public void Of_RandomFields_BehavesLikeASortedMapOfLastValues()
    {
        var field = Gen.Select(Gen.Int[0, (int)FieldKind.ArpTha], Gen.ULong, Gen.Bool, Gen.ULong,
            (k, v, masked, mask) => new MatchField((FieldKind)k, v, masked ? mask : null));
        Gen.Select(field.Array[0, 16], field.Array[0, 16]).Sample((a, b) =>
        {
            var model = new SortedDictionary<FieldKind, MatchField>();
            foreach (var f in a)
                model[f.Field] = f;
            var m = Match.Of(a);

            Assert.Equal(model.Values, m.Fields.ToArray());
            Assert.Equal(model.Count, m.Count);
            foreach (var kind in Enum.GetValues<FieldKind>())
                Assert.Equal(model.TryGetValue(kind, out var f) ? f : null, m.Get(kind));
            var other = Match.Of(b);
            var modelOther = new SortedDictionary<FieldKind, MatchField>();
            foreach (var f in b)
                modelOther[f.Field] = f;
            Assert.Equal(model.Values.SequenceEqual(modelOther.Values), m.Equals(other));
            Assert.Equal(m, Match.Of([.. model.Values.Reverse()]));
        });
    }
}
