using System.Text.Json;
using FedNet.TestSupport;

namespace FedNet.Ovsdb.Tests;

public sealed class DatumTests
{
    private static readonly DatabaseSchema Schema =
        DatabaseSchema.Parse(JsonDocument.Parse(File.ReadAllText(Prerequisites.VswitchSchema)).RootElement);

    private static ColumnType Type(string table, string column) => Schema.Table(table).Column(column)!.Type;

    [Fact]
    public void FromJson_SetInAnyOrder_EqualsAndRoundTrips()
    {
        var a = OvsdbDatum.FromJson(JsonDocument.Parse("[\"set\",[\"OpenFlow13\",\"OpenFlow10\"]]").RootElement, Type("Bridge", "protocols"));
        var b = OvsdbDatum.Set("OpenFlow10", "OpenFlow13");
        Assert.Equal(b, a);
        Assert.Equal("[\"set\",[\"OpenFlow10\",\"OpenFlow13\"]]", a.ToJson());
        Assert.Equal(a, OvsdbDatum.FromJson(JsonDocument.Parse(a.ToJson()).RootElement));
    }

    [Fact]
    public void FromJson_MapAndUuid_ParsesTypedAtoms()
    {
        var id = Guid.NewGuid();
        var q = OvsdbDatum.FromJson(JsonDocument.Parse($"[\"map\",[[1,[\"uuid\",\"{id}\"]]]]").RootElement, Type("QoS", "queues"));
        Assert.True(q.IsMap);
        Assert.Equal(id, q.Lookup(1L));
        var single = OvsdbDatum.FromJson(JsonDocument.Parse("[\"named-uuid\",\"row1\"]").RootElement);
        Assert.Equal(new NamedUuid("row1"), single.Single);
    }

    [Fact]
    public void ApplyDiff_SetMapAndScalar_FollowUpdate2Rules()
    {
        Assert.Equal(OvsdbDatum.Set(1L, 3L), OvsdbDatum.Set(1L, 2L).ApplyDiff(OvsdbDatum.Set(2L, 3L), Type("Port", "trunks")));
        var map = OvsdbDatum.Map(("a", "1"), ("b", "2"));
        var diff = OvsdbDatum.Map(("a", "1"), ("b", "9"), ("c", "3"));
        Assert.Equal(OvsdbDatum.Map(("b", "9"), ("c", "3")), map.ApplyDiff(diff, Type("Bridge", "other_config")));
        Assert.Equal(OvsdbDatum.Of("y"), OvsdbDatum.Of("x").ApplyDiff(OvsdbDatum.Of("y"), Type("Bridge", "name")));
        // An optional column's diff is its new value, not a toggle.
        Assert.Equal(OvsdbDatum.Of(6L), OvsdbDatum.Of(5L).ApplyDiff(OvsdbDatum.Of(6L), Type("Port", "tag")));
        Assert.Equal(OvsdbDatum.Empty, OvsdbDatum.Of(5L).ApplyDiff(OvsdbDatum.Empty, Type("Port", "tag")));
    }

    [Fact]
    public void Validate_EnumViolation_NamesTableColumnAndValue()
    {
        var op = OvsdbOperation.Insert("Bridge", new Dictionary<string, OvsdbDatum>
        {
            ["name"] = OvsdbDatum.Of("br0"),
            ["fail_mode"] = OvsdbDatum.Of("paranoid"),
        });
        var e = Assert.Throws<OvsdbException>(() => op.Validate(Schema));
        Assert.Equal(OvsdbException.SchemaViolation, e.Error);
        Assert.Contains("Bridge.fail_mode", e.Message);
        Assert.Contains("paranoid", e.Message);
    }

    [Theory]
    [InlineData("Port", "tag", 5000L, "outside")]
    [InlineData("Port", "tag", "ten", "not of type integer")]
    [InlineData("Bridge", "no_such_column", "x", "no such column")]
    public void Validate_BadValue_IsRefusedLocally(string table, string column, object value, string why)
    {
        var op = OvsdbOperation.Update(table, [], new Dictionary<string, OvsdbDatum> { [column] = OvsdbDatum.Atom(value) });
        var e = Assert.Throws<OvsdbException>(() => op.Validate(Schema));
        Assert.Contains($"{table}.{column}", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Validate_TooManyElements_RefusesCardinality()
    {
        var op = OvsdbOperation.Update("Bridge", [], new Dictionary<string, OvsdbDatum> { ["fail_mode"] = OvsdbDatum.Set("secure", "standalone") });
        var e = Assert.Throws<OvsdbException>(() => op.Validate(Schema));
        Assert.Contains("outside [0, 1]", e.Message);
    }

    [Fact]
    public void Schema_InstalledVswitch_HasRootTablesAndIndexes()
    {
        Assert.Equal("Open_vSwitch", Schema.Name);
        Assert.True(Schema.Table("QoS").IsRoot);
        Assert.False(Schema.Table("Port").IsRoot);
        Assert.Contains(Schema.Table("Bridge").Indexes, i => i.SequenceEqual(["name"]));
        Assert.Equal(int.MaxValue, Type("Bridge", "ports").Max);
    }
}
