namespace FedNet.Store.Tests;

/// <summary>A fresh directory under /tmp, deleted (with the store files in it) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fednet-store-" + Guid.NewGuid().ToString("N")[..12]);

    public string DatabaseFile => System.IO.Path.Combine(Path, SqliteFedNetStore.FileName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
