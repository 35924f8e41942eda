using FedNet.Cli.Client;
using FedNet.Cli.Commands;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>Where the CLI finds its server and token: environment, config file, defaults; and what login writes.</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fednet-cli-cfg-" + Guid.NewGuid().ToString("N")[..8]);

    private string ConfigPath => Path.Combine(_dir, "fednet", "config.yaml");

    private Func<string, string?> Environment(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value ?? (key == "XDG_CONFIG_HOME" ? _dir : null);

    [Fact]
    public void Load_NothingConfigured_DefaultServerNoToken()
    {
        var config = CliConfig.Load(Environment());
        Assert.Equal(new Uri("http://127.0.0.1:8653"), config.Server);
        Assert.Null(config.Token);
    }

    [Fact]
    public void DefaultPath_XdgConfigHome_UnderFednet()
    {
        Assert.Equal(ConfigPath, CliConfig.DefaultPath(Environment()));
        Assert.Equal("/x/c.yaml", CliConfig.DefaultPath(Environment(("FEDNET_CONFIG", "/x/c.yaml"))));
        Assert.Equal("/home/u/.config/fednet/config.yaml", CliConfig.DefaultPath(k => k == "HOME" ? "/home/u" : null));
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsWithMode0600()
    {
        CliConfig.Save(ConfigPath, new Uri("http://10.0.0.1:9000/"), "s3cret'x");
        Assert.True(OperatingSystem.IsLinux(), "FedNet runs on Linux");
        if (OperatingSystem.IsLinux())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        var config = CliConfig.Load(Environment());
        Assert.Equal(new Uri("http://10.0.0.1:9000"), config.Server);
        Assert.Equal("s3cret'x", config.Token);
        Assert.Equal(ConfigPath, config.Source);
    }

    [Fact]
    public void Load_EnvironmentAndFile_EnvironmentWins()
    {
        CliConfig.Save(ConfigPath, new Uri("http://10.0.0.1:9000"), "from-file");
        var config = CliConfig.Load(Environment(("FEDNET_SERVER", "http://127.0.0.2:1234"), ("FEDNET_TOKEN", "from-env")));
        Assert.Equal(new Uri("http://127.0.0.2:1234"), config.Server);
        Assert.Equal("from-env", config.Token);
        var tokenOnly = CliConfig.Load(Environment(("FEDNET_TOKEN", "from-env")));
        Assert.Equal(new Uri("http://10.0.0.1:9000"), tokenOnly.Server);
    }

    [Fact]
    public void Load_UnknownKey_ErrorNamesFileLineColumn()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, "server: http://x:1\ntokn: abc\n");
        var e = Assert.Throws<CliConfigException>(() => CliConfig.Load(Environment()));
        Assert.Equal($"{ConfigPath}:2:1: unknown key 'tokn' (expected server, token)", e.Message);
    }

    [Fact]
    public void Load_BrokenYaml_ErrorNamesFileLine()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        File.WriteAllText(ConfigPath, "server: [http://x:1\n");
        var e = Assert.Throws<CliConfigException>(() => CliConfig.Load(Environment()));
        Assert.StartsWith(ConfigPath + ":", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("not a url")]
    [InlineData("127.0.0.1:8653")]
    public void Load_ServerNotHttp_ErrorNamesVariable(string server)
    {
        var e = Assert.Throws<CliConfigException>(() => CliConfig.Load(Environment(("FEDNET_SERVER", server))));
        Assert.StartsWith("FEDNET_SERVER: server", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_NoCheck_WritesConfigFile()
    {
        var output = new StringWriter();
        var exit = await LoginCommand.RunAsync("http://127.0.0.1:8653", "tok", noCheck: true, ConfigPath, output, TextWriter.Null,
            TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
        Assert.Equal("tok", CliConfig.Load(Environment()).Token);
    }

    [Fact]
    public async Task Login_ServerNotRunning_Exit69WritesNothing()
    {
        var error = new StringWriter();
        var exit = await LoginCommand.RunAsync("http://127.0.0.1:1", "tok", noCheck: false, ConfigPath, TextWriter.Null, error,
            TestContext.Current.CancellationToken);
        Assert.Equal(ExitCodes.Unavailable, exit);
        Assert.False(File.Exists(ConfigPath));
        Assert.Contains("cannot reach fednet serve at http://127.0.0.1:1: is it running?", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }
}
