namespace FedNet.Store;

/// <summary>One commit in the journal: who, when, what, and the store revision it produced.</summary>
public sealed record JournalEntry(long Sequence, DateTimeOffset At, string Actor, string Summary, long Revision);
