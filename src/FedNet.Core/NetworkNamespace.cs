using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace FedNet;

/// <summary>
/// Runs code inside a Linux network namespace. setns(2) moves only the calling thread, so the code runs on a short-lived
/// thread that joins the namespace first; a socket stays in the namespace it was created in, so sockets made here are
/// then used from any thread (the controller's raw sockets behind a VM's interface, the evaluation's TCP clients that
/// stand for a VM).
/// </summary>
public static class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>
    /// The result of <paramref name="create"/>, run inside namespace <paramref name="netns"/> (a name under /run/netns).
    /// Whatever it throws, or a failure to join the namespace (<see cref="Win32Exception"/>, <see cref="IOException"/>),
    /// is rethrown here.
    /// </summary>
    public static T Run<T>(string netns, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(netns);
        ArgumentNullException.ThrowIfNull(create);
        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(Path.Combine("/run/netns", netns));
                if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {netns}");
                result = create();
            }
            catch (Exception e)
            {
                // Carried to the caller's thread: an exception escaping this thread would end the process.
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = "fednet-netns" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
