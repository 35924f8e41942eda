namespace FedNet.Control.Tests;

/// <summary>
/// The paper lab with examples/policy-vpls.yaml applied (network `limited` metered at 30 Mbit/s across the kuas-ncku
/// VPLS, network `open` beside it): up once for the class, down at the end (even when a test failed).
/// </summary>
public sealed class PolicyLabFixture() : LabDeploymentFixture(Examples.Paper, [Examples.Path("policy-vpls.yaml")], "iperf3");
