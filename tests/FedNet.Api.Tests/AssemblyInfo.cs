using Xunit;

// One server (and, for the lab test, one lab) at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
