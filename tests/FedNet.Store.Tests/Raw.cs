using Microsoft.Data.Sqlite;

namespace FedNet.Store.Tests;

/// <summary>Direct SQL on a store file, for what the interface cannot show (schema version, integrity, raw bytes).</summary>
internal static class Raw
{
    public static object? Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static void Exec(string file, string sql) => Scalar(file, sql);

    public static string IntegrityCheck(string file) => (string)Scalar(file, "PRAGMA integrity_check")!;
}
