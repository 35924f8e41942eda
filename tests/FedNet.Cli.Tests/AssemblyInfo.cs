using Xunit;

// One fednet serve at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
