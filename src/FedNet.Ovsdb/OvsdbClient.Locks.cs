using System.Collections.Concurrent;
using System.Text.Json;

namespace FedNet.Ovsdb;

public sealed partial class OvsdbClient
{
    private readonly ConcurrentDictionary<string, bool> _locks = new(StringComparer.Ordinal);

    /// <summary>Raised (on the reader) by the <c>locked</c> notification: a lock requested earlier is now held.</summary>
    public event EventHandler<string>? LockAcquired;

    /// <summary>Raised (on the reader) by the <c>stolen</c> notification: another client stole the lock.</summary>
    public event EventHandler<string>? LockStolen;

    /// <summary>True when this client currently holds <paramref name="lockName"/>.</summary>
    public bool HoldsLock(string lockName) => _locks.TryGetValue(lockName, out var held) && held;

    /// <summary>RFC 7047 4.1.8 lock: true when acquired now; otherwise <see cref="LockAcquired"/> fires later.</summary>
    public Task<bool> LockAsync(string lockName, CancellationToken cancellationToken = default) =>
        LockRequestAsync("lock", lockName, cancellationToken);

    /// <summary>RFC 7047 4.1.8 steal: takes the lock from whoever holds it.</summary>
    public Task<bool> StealAsync(string lockName, CancellationToken cancellationToken = default) =>
        LockRequestAsync("steal", lockName, cancellationToken);

    /// <summary>RFC 7047 4.1.8 unlock.</summary>
    public async Task UnlockAsync(string lockName, CancellationToken cancellationToken = default)
    {
        _locks.TryRemove(lockName, out _);
        await RequestAsync("unlock", w => w.WriteStringValue(lockName), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> LockRequestAsync(string method, string lockName, CancellationToken cancellationToken)
    {
        _locks[lockName] = false;
        var result = await RequestAsync(method, w => w.WriteStringValue(lockName), cancellationToken).ConfigureAwait(false);
        var locked = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("locked", out var l) && l.ValueKind == JsonValueKind.True;
        if (locked && _locks.ContainsKey(lockName))
            _locks[lockName] = true;
        return locked;
    }

    private void HandleLockNotification(string method, JsonElement pars)
    {
        if (pars.ValueKind != JsonValueKind.Array || pars.GetArrayLength() < 1 || pars[0].ValueKind != JsonValueKind.String)
            throw new JsonException($"{method} params must be [lock-id]");
        var name = pars[0].GetString()!;
        if (method == "locked")
        {
            if (_locks.ContainsKey(name))
                _locks[name] = true;
            LockAcquired?.Invoke(this, name);
        }
        else
        {
            if (_locks.ContainsKey(name))
                _locks[name] = false;
            LockStolen?.Invoke(this, name);
        }
    }

    private async Task<int> RelockAsync()
    {
        var n = 0;
        foreach (var name in _locks.Keys.ToList())
        {
            try
            {
                await LockRequestAsync("lock", name, _lifetime.Token).ConfigureAwait(false);
                n++;
            }
            catch (Exception e) when (e is OvsdbException or TimeoutException or OperationCanceledException)
            {
                Internal.Log.ResyncFailed(_logger, "lock " + name, e.Message);
            }
        }
        return n;
    }
}
