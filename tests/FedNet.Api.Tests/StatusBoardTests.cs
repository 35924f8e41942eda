using FedNet.Api.Contracts;
using FedNet.Api.Internal;
using FedNet.Planning;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary>After a restart a service's status is reported as unknown (applying, with a diagnostic) until a reconcile settles it.</summary>
public sealed class StatusBoardTests
{
    [Fact]
    public void MarkLoaded_ThenSettled_UnknownSinceRestartUntilTheFirstReconcile()
    {
        var board = new StatusBoard();
        var key = new ServiceKey("school", "elearning");

        board.MarkLoaded(key, 7);
        var loaded = board.Get(key, ["a planner warning"])!;
        board.Settle(7, _ => [], audit: false);
        var settled = board.Get(key, ["a planner warning"])!;

        Assert.Equal(ServiceStates.Applying, loaded.State);
        Assert.Equal([StatusBoard.UnknownSinceRestart, "a planner warning"], loaded.Diagnostics);
        Assert.Equal(ServiceStates.Ready, settled.State);
        Assert.Equal(["a planner warning"], settled.Diagnostics);
    }

    [Fact]
    public void MarkApplying_AfterMarkLoaded_IsAnOrdinaryApplyWithoutTheRestartDiagnostic()
    {
        var board = new StatusBoard();
        var key = new ServiceKey("school", "elearning");

        board.MarkLoaded(key, 7);
        board.MarkApplying(key, 8);

        Assert.Empty(board.Get(key, [])!.Diagnostics);
    }
}
