namespace FedNet.Planning.State;

/// <summary>
/// A desired OpenFlow 1.3 meter (§5.7) with one drop band. Meters carry no cookie on the wire: the meter id is the
/// policy's allocated id (<see cref="Allocations.PolicyIds"/>), and FedNet owns every meter id it allocated.
/// </summary>
/// <param name="Id">Meter id.</param>
/// <param name="RateKbps">Drop band rate in kbit/s.</param>
/// <param name="BurstKbits">Drop band burst size in kbit.</param>
/// <param name="Owner">What the meter belongs to (tenant/service/policy), for humans.</param>
public sealed record MeterEntry(uint Id, ulong RateKbps, ulong BurstKbits, string Owner);
