using Xunit;

// The end-to-end tests build real namespaces and Open vSwitch instances on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
