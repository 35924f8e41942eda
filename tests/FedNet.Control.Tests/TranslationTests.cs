using FedNet.Control.Internal;
using FedNet.OpenFlow;
using FedNet.Planning;
using FedNet.Planning.State;
using Xunit;
using PlanMatch = FedNet.Planning.State.Match;

namespace FedNet.Control.Tests;

/// <summary>Pure tests: flow translation both ways, the diff, ARP frames.</summary>
public sealed class TranslationTests
{
    private static readonly FlowEntry Responder = new(1, 100, Cookies.Make(CookieKind.ArpResponder, 2, 5),
        PlanMatch.Of(M.Reg0(1), M.EthType(EtherTypes.Arp), M.Vlan(101), M.ArpOp(1), M.ArpTpa(0x0A00031E)),
        EquatableArray.Of<FlowAction>(new Move(FieldKind.EthSrc, FieldKind.EthDst), new SetField(FieldKind.EthSrc, 0x02fe00000005),
            new SetField(FieldKind.ArpOp, 2), new Move(FieldKind.ArpSha, FieldKind.ArpTha), new Load(FieldKind.Reg0, 1), PopVlan.Instance,
            OutputInPort.Instance));

    [Fact]
    public void FromFlowStats_WhatOvsReportsForALoad_EqualsTheDesiredFlow()
    {
        var mod = FlowTranslator.ToFlowMod(Responder);
        // OVS reports a whole-register NXM load back as a set-field with the same field.
        var apply = (ActionsInstruction)mod.Instructions[0];
        var rewritten = apply.Actions.AsSpan().ToArray()
            .Select(a => a is NxRegLoadAction l ? new SetFieldAction(Oxm.Of(l.Destination, l.Value)) : a).ToArray();
        var stats = new FlowStats
        {
            TableId = mod.TableId, Priority = mod.Priority, Cookie = mod.Cookie, Match = mod.Match,
            Instructions = [Instructions.Apply(rewritten)],
        };

        Assert.Equal(FlowTranslator.Canonical(Responder), FlowTranslator.FromFlowStats(stats));
    }

    [Fact]
    public void Diff_SameFlowsOtherOrder_IsEmpty()
    {
        var other = Responder with { Priority = 90, Actions = EquatableArray.Of<FlowAction>(new Meter(3), new Output(1), new GotoTable(2)) };
        var actual = new[] { other, Responder }.Select(Stats).ToList();

        var diff = FlowDiff.Compute([Responder, other], actual);

        Assert.True(diff.IsEmpty);
        Assert.Equal(2, diff.InSync);
    }

    [Fact]
    public void Diff_ChangedActionsOrphanAndForeign_ReplacesDeletesAndLeavesForeign()
    {
        var changed = Responder with { Actions = EquatableArray.Of<FlowAction>(new Output(7)) };
        var orphan = Responder with { Priority = 5 };
        var foreign = Stats(Responder with { Priority = 6 }) with { Cookie = 0x1234 };

        var diff = FlowDiff.Compute([Responder], [Stats(changed), Stats(orphan), foreign]);

        Assert.Single(diff.Replace);
        Assert.Empty(diff.Add);
        Assert.Equal((ushort)5, Assert.Single(diff.Delete).Priority);
        Assert.Equal(1, diff.Foreign);
    }

    [Fact]
    public void ArpFrame_TaggedRequest_ParsesAndRepliesWithTheSameTag()
    {
        byte[] request =
        [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xfe, 0, 0, 0, 0x01, 0x81, 0x00, 0x00, 0x64, 0x08, 0x06,
            0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0xfe, 0, 0, 0, 0x01, 10, 0, 2, 1, 0, 0, 0, 0, 0, 0, 10, 0, 2, 20,
        ];

        Assert.True(ArpFrame.TryParse(request, out var arp, out _));
        Assert.Equal((ushort?)100, arp.Tci);
        Assert.Equal(0x0A000214u, arp.TargetIp);
        var reply = arp.Reply(0x02fe0000000b, tagged: true);
        Assert.True(ArpFrame.TryParse(reply, out var back, out _));
        Assert.Equal(2, back.Operation);
        Assert.Equal(0x02fe0000000bUL, back.SenderMac);
        Assert.Equal(0x0A000214u, back.SenderIp);
        Assert.Equal(0x0A000201u, back.TargetIp);
        Assert.Equal(reply.AsSpan(0, 6).ToArray(), request.AsSpan(6, 6).ToArray());
        Assert.Equal(14 + 28, arp.Reply(1, tagged: false).Length);
    }

    [Fact]
    public void ArpFrame_Truncated_IsRefusedWithAReason()
    {
        Assert.False(ArpFrame.TryParse(new byte[20], out _, out var reason));
        Assert.NotNull(reason);
    }

    private static FlowStats Stats(FlowEntry flow)
    {
        var mod = FlowTranslator.ToFlowMod(flow);
        return new FlowStats { TableId = mod.TableId, Priority = mod.Priority, Cookie = mod.Cookie, Match = mod.Match, Instructions = mod.Instructions };
    }
}
