using FedNet.Store;
using FedNet.Store.CrashWriter;

// Usage: FedNet.Store.CrashWriter <data-dir>. Continues the script from the store's revision and commits until killed.
// Prints "ready <revision>" once open, and "committing" once its first commit is durable (so every run makes progress).
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: FedNet.Store.CrashWriter <data-dir>");
    return 64;
}
await using var store = await SqliteFedNetStore.OpenAsync(args[0]);
var snapshot = await store.ReadAsync();
var script = CrashScript.After(snapshot.Revision);
Console.WriteLine($"ready {snapshot.Revision}");
for (var first = true; ; first = false)
{
    var result = await store.CommitAsync(script.Next());
    if (result.Revision != script.Revision)
    {
        await Console.Error.WriteLineAsync($"revision {result.Revision} != script {script.Revision}");
        return 70;
    }
    if (first)
        Console.WriteLine("committing");
}
