namespace FedNet.Planning.State;

/// <summary>The desired state of every switch FedNet manages, by switch.</summary>
public sealed record DesiredState(ValueMap<SwitchId, SwitchState> Switches)
{
    /// <summary>Total flows.</summary>
    public int FlowCount => Switches.Values.Sum(s => s.FlowCount);
}

/// <summary>What an incremental plan changed: switches to write whole, switches to delete.</summary>
public sealed record DesiredStateDelta(ValueMap<SwitchId, SwitchState> Upserted, EquatableArray<SwitchId> Removed)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Upserted.Count == 0 && Removed.Count == 0;
}
