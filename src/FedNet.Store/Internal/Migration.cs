using Microsoft.Data.Sqlite;

namespace FedNet.Store.Internal;

/// <summary>One schema step: the version it produces and what it does, run in its own transaction.</summary>
internal sealed record Migration(int Version, string Description, Action<SqliteConnection, SqliteTransaction> Apply);
