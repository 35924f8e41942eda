namespace FedNet.Lab;

/// <summary>
/// Creates and removes VM endpoints: what FedNet's VM coordinator calls. The lab's driver makes a namespace per VM;
/// a libvirt or external driver can take its place. Either way the VM's interface appears on its host as an
/// unattached port candidate named by <see cref="VmBinding.HostInterface"/>; attaching it is FedNet's job.
/// </summary>
public interface IComputeDriver
{
    /// <summary>Creates the VM endpoint and returns where its interface appeared.</summary>
    Task<VmBinding> BindAsync(VmSpec vm, CancellationToken cancellationToken = default);

    /// <summary>Removes the VM endpoint (and its host-side interface); unknown VMs are an error.</summary>
    Task UnbindAsync(string vm, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the VM endpoint to <c>vm.Host</c> keeping its MAC and address (a live migration): its interface
    /// disappears from the old host and appears, unattached, on the new one. The default unbinds and binds again; a
    /// driver that can keep the VM running (the lab keeps its namespace) overrides it.
    /// </summary>
    async Task<VmBinding> MoveAsync(VmSpec vm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vm);
        await UnbindAsync(vm.Name, cancellationToken).ConfigureAwait(false);
        return await BindAsync(vm, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A VM to create: its name, host, MAC and address with prefix length (<c>10.0.1.5/24</c>).</summary>
public sealed record VmSpec(string Name, string Host, string Mac, string Address);

/// <summary>Where a VM's interface is: the host's namespace and the interface's name there.</summary>
public sealed record VmBinding(string Vm, string Host, string HostNamespace, string HostInterface, string VmNamespace);
