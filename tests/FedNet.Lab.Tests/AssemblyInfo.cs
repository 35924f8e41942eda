using Xunit;

// Every lab test builds real namespaces and Open vSwitch instances on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
