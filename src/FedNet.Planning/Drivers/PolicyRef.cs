namespace FedNet.Planning.Drivers;

/// <summary>Where a policy is enforced on an element (docs/pipeline.md "Policies").</summary>
public enum PolicyScope
{
    /// <summary>Everything the network's vifs on this element send or receive (a whole-path rate).</summary>
    Network,

    /// <summary>Frames from vif <see cref="PolicyRef.From"/> to vif <see cref="PolicyRef.To"/> (one direction of a VM pair).</summary>
    Pair,

    /// <summary>What the element receives on vif <see cref="PolicyRef.From"/>'s port (an element without flows to meter).</summary>
    Port,

    /// <summary>What the element puts on transit <see cref="PolicyRef.Transit"/>.</summary>
    Transit,
}

/// <summary>One policy request.</summary>
/// <param name="Policy">The policy's number (index in the network's policies).</param>
/// <param name="Scope">Where it applies.</param>
/// <param name="From">The sending vif of a pair, or the port's vif; else -1.</param>
/// <param name="To">The receiving vif of a pair; else -1.</param>
/// <param name="Transit">The transit of a <see cref="PolicyScope.Transit"/> policy; else -1.</param>
public readonly record struct PolicyRef(int Policy, PolicyScope Scope, int From = -1, int To = -1, int Transit = -1);
