namespace FedNet.TestSupport;

/// <summary>A network namespace made for one test, deleted (with every interface in it) on dispose.</summary>
public sealed class Netns : IDisposable
{
    private int _disposed;

    private Netns(string name) => Name = name;

    /// <summary>The namespace's name, as <c>ip netns</c> knows it.</summary>
    public string Name { get; }

    /// <summary>Creates a namespace with a unique name and its loopback up.</summary>
    public static Netns Create(string kind = "ns")
    {
        Prerequisites.RequireRoot();
        Prerequisites.Require("ip");
        var ns = new Netns(UniqueName.Next(kind));
        Shell.Run("ip", "netns", "add", ns.Name);
        LeftoverGuard.Register(ns);
        ns.Run("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs a program inside the namespace and throws unless it exits 0.</summary>
    public string Run(string file, params string[] args) => Shell.Run("ip", ["netns", "exec", Name, file, .. args]);

    /// <summary>Runs a program inside the namespace and returns whatever happened.</summary>
    public CommandResult Try(string file, params string[] args) => Shell.Try("ip", ["netns", "exec", Name, file, .. args]);

    /// <summary>Deletes the namespace; its veth ends go with it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        LeftoverGuard.Unregister(this);
        Shell.Try("ip", "netns", "delete", Name);
    }

    public override string ToString() => Name;
}

/// <summary>A veth pair; deleting one end deletes both.</summary>
public sealed class VethPair : IDisposable
{
    private int _disposed;

    private VethPair(string a, string b, Netns? nsA, Netns? nsB)
    {
        A = a;
        B = b;
        NamespaceA = nsA;
        NamespaceB = nsB;
    }

    public string A { get; }
    public string B { get; }
    public Netns? NamespaceA { get; }
    public Netns? NamespaceB { get; }

    /// <summary>
    /// Creates a pair with unique names (or the given ones), moves each end into its namespace (null: the root one) and
    /// brings both up.
    /// </summary>
    public static VethPair Create(Netns? nsA = null, Netns? nsB = null, string? nameA = null, string? nameB = null)
    {
        Prerequisites.RequireRoot();
        var a = nameA ?? UniqueName.Next("va");
        var b = nameB ?? UniqueName.Next("vb");
        // Create with temporary unique names in the root namespace, then move and rename, so fixed names such as
        // eth0 never collide with the root namespace's interfaces.
        var tmpA = UniqueName.Next("ta");
        var tmpB = UniqueName.Next("tb");
        Shell.Run("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB);
        var pair = new VethPair(a, b, nsA, nsB);
        LeftoverGuard.Register(pair);
        Place(tmpA, a, nsA);
        Place(tmpB, b, nsB);
        return pair;
    }

    private static void Place(string tmp, string name, Netns? ns)
    {
        if (ns is null)
        {
            if (tmp != name)
                Shell.Run("ip", "link", "set", tmp, "name", name);
            Shell.Run("ip", "link", "set", name, "up");
        }
        else
        {
            Shell.Run("ip", "link", "set", tmp, "netns", ns.Name, "name", name);
            ns.Run("ip", "link", "set", name, "up");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        LeftoverGuard.Unregister(this);
        if (NamespaceA is null)
            Shell.Try("ip", "link", "del", A);
        else
            Shell.Try("ip", "netns", "exec", NamespaceA.Name, "ip", "link", "del", A);
    }
}
