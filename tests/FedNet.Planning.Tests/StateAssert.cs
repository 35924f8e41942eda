using FedNet.Planning.State;
using Xunit;

namespace FedNet.Planning.Tests;

/// <summary>Equality of desired states with a message naming the first switch and part that differ.</summary>
internal static class StateAssert
{
    public static void Equal(DesiredState expected, DesiredState actual)
    {
        if (expected.Equals(actual))
            return;
        var missing = expected.Switches.Keys.Except(actual.Switches.Keys).ToList();
        var extra = actual.Switches.Keys.Except(expected.Switches.Keys).ToList();
        Assert.Fail($"switches missing: [{string.Join(", ", missing)}], extra: [{string.Join(", ", extra)}]; " + FirstDifference(expected, actual));
    }

    private static string FirstDifference(DesiredState expected, DesiredState actual)
    {
        foreach (var (id, e) in expected.Switches)
        {
            if (!actual.Switches.TryGetValue(id, out var a) || e.Equals(a))
                continue;
            if (!e.Ports.Equals(a.Ports))
                return $"{id} ports: expected [{string.Join(", ", e.Ports.Keys)}] actual [{string.Join(", ", a.Ports.Keys)}]";
            if (!e.Meters.Equals(a.Meters))
                return $"{id} meters: expected {e.Meters} actual {a.Meters}";
            var ef = e.AllFlows.Select(f => f.ToString()).ToHashSet();
            var af = a.AllFlows.Select(f => f.ToString()).ToHashSet();
            return $"{id} flows: expected only [{string.Join(" | ", ef.Except(af))}] actual only [{string.Join(" | ", af.Except(ef))}] " +
                $"groups expected [{string.Join(",", e.Flows.Keys)}] actual [{string.Join(",", a.Flows.Keys)}]";
        }
        return "no switch differs";
    }
}
