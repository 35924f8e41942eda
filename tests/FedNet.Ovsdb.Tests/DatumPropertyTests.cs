using System.Text.Json;
using CsCheck;

namespace FedNet.Ovsdb.Tests;

public sealed class DatumPropertyTests
{
    private static readonly Gen<object> Atom = Gen.OneOf(
        Gen.Long.Select(l => (object)l),
        Gen.String.Select(s => (object)s),
        Gen.Bool.Select(b => (object)b),
        Gen.Guid.Select(g => (object)g));

    [Fact]
    public void ToJsonFromJson_AnySetOrMap_RoundTripsToEqualDatum()
    {
        Gen.Select(Atom.Array[0, 12], Gen.Bool).Sample(t =>
        {
            var (atoms, asMap) = t;
            var datum = asMap
                ? OvsdbDatum.Map(atoms.Distinct().Select((a, i) => new KeyValuePair<object, object>(a, (long)i)))
                : OvsdbDatum.Set(atoms);
            var back = OvsdbDatum.FromJson(JsonDocument.Parse(datum.ToJson()).RootElement);
            return back.Equals(datum) || (datum.Count == 0 && back.Count == 0);
        });
    }

    [Fact]
    public void ApplyDiff_SymmetricDifferenceOfTwoSets_TurnsOneIntoTheOther()
    {
        var type = new ColumnType(new BaseType(AtomicType.Integer), null, 0, int.MaxValue);
        Gen.Select(Gen.Long[0, 50].Array[0, 20], Gen.Long[0, 50].Array[0, 20]).Sample(t =>
        {
            var (a, b) = (OvsdbDatum.Set(t.Item1.Cast<object>()), OvsdbDatum.Set(t.Item2.Cast<object>()));
            var diff = OvsdbDatum.Set(t.Item1.Union(t.Item2).Except(t.Item1.Intersect(t.Item2)).Cast<object>());
            return a.ApplyDiff(diff, type).Equals(b);
        });
    }
}
