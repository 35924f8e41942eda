using System.Collections.Concurrent;

namespace FedNet.TestSupport;

/// <summary>
/// Remembers every namespace, veth and OVS instance a test made and disposes whatever is still alive when the test
/// process exits, so a test that fails or forgets to clean up leaves nothing behind on the machine.
/// </summary>
public static class LeftoverGuard
{
    private static readonly ConcurrentDictionary<IDisposable, byte> Alive = new();

    static LeftoverGuard() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();

    internal static void Register(IDisposable resource) => Alive[resource] = 0;

    internal static void Unregister(IDisposable resource) => Alive.TryRemove(resource, out _);

    /// <summary>How many resources are still alive (tests assert it returns to its earlier value).</summary>
    public static int Count => Alive.Count;

    /// <summary>Disposes everything still registered, processes first, then interfaces, then namespaces.</summary>
    public static void DisposeAll()
    {
        foreach (var r in Alive.Keys.OrderBy(r => r switch { OvsInstance => 0, VethPair => 1, _ => 2 }))
        {
            try { r.Dispose(); }
            catch (Exception e) { Console.Error.WriteLine($"cleanup of {r} failed: {e.Message}"); }
        }
    }
}
