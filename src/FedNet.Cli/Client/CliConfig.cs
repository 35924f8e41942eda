using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace FedNet.Cli.Client;

/// <summary>
/// Where the CLI finds <c>fednet serve</c> and which token it presents. Resolution order, per setting: the environment
/// (<c>FEDNET_SERVER</c>, <c>FEDNET_TOKEN</c>), then the config file (<c>~/.config/fednet/config.yaml</c>, written by
/// <c>fednet login</c>), then the default server <see cref="DefaultServer"/>.
/// </summary>
/// <param name="Server">Base URL of the API, without a trailing slash.</param>
/// <param name="Token">The bearer secret, or null when none is configured.</param>
/// <param name="Source">Where the server URL came from (a variable name, the config file path or "default").</param>
public sealed record CliConfig(Uri Server, string? Token, string Source)
{
    /// <summary>The server a fresh install talks to.</summary>
    public const string DefaultServer = "http://127.0.0.1:8653";

    /// <summary>Environment variable holding the server URL.</summary>
    public const string ServerVariable = "FEDNET_SERVER";

    /// <summary>Environment variable holding the bearer secret.</summary>
    public const string TokenVariable = "FEDNET_TOKEN";

    /// <summary>Environment variable overriding the config file path (tests, several installs on one machine).</summary>
    public const string ConfigVariable = "FEDNET_CONFIG";

    /// <summary>The config file: <c>$FEDNET_CONFIG</c>, else <c>$XDG_CONFIG_HOME/fednet/config.yaml</c>, else <c>~/.config/fednet/config.yaml</c>.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(ConfigVariable) is { Length: > 0 } explicitPath)
            return explicitPath;
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "fednet", "config.yaml");
    }

    /// <summary>Resolves the configuration; throws <see cref="CliConfigException"/> naming the file:line:col of a bad file.</summary>
    public static CliConfig Load(Func<string, string?>? environment = null, string? path = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        path ??= DefaultPath(environment);
        var file = File.Exists(path) ? ReadFile(path) : new ConfigFile(null, null);
        var serverText = environment(ServerVariable) is { Length: > 0 } s ? s : file.Server ?? DefaultServer;
        var serverSource = environment(ServerVariable) is { Length: > 0 } ? ServerVariable : file.Server is not null ? path : "default";
        var token = environment(TokenVariable) is { Length: > 0 } t ? t : file.Token;
        return new CliConfig(ParseServer(serverText, serverSource), token, serverSource);
    }

    /// <summary>Parses and checks a server URL (http or https, absolute).</summary>
    public static Uri ParseServer(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliConfigException($"{source}: server '{text}' is not an http:// or https:// URL");
        return uri;
    }

    /// <summary>Writes <paramref name="server"/> and <paramref name="token"/> to <paramref name="path"/>, readable only by the user (0600).</summary>
    public static void Save(string path, Uri server, string token)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(token);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var text = new StringBuilder()
            .Append("# written by `fednet login`; holds a secret: keep it mode 0600\n")
            .Append(CultureInfo.InvariantCulture, $"server: {Quote(server.ToString().TrimEnd('/'))}\n")
            .Append(CultureInfo.InvariantCulture, $"token: {Quote(token)}\n")
            .ToString();
        // Create with 0600 before any byte of the secret is written, then replace atomically.
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write(text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private sealed record ConfigFile(string? Server, string? Token);

    private static ConfigFile ReadFile(string path)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CliConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        if (yaml.Documents.Count == 0)
            return new ConfigFile(null, null);
        if (yaml.Documents[0].RootNode is not YamlMappingNode map)
        {
            var n = yaml.Documents[0].RootNode;
            if (n is YamlScalarNode { Value: null or "" })
                return new ConfigFile(null, null);
            throw new CliConfigException($"{path}:{n.Start.Line}:{n.Start.Column}: expected a mapping with 'server' and 'token'");
        }
        string? server = null, token = null;
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (value is not YamlScalarNode scalar)
                throw new CliConfigException($"{path}:{value.Start.Line}:{value.Start.Column}: '{name}' must be a string");
            switch (name)
            {
                case "server":
                    server = scalar.Value;
                    break;
                case "token":
                    token = scalar.Value;
                    break;
                default:
                    throw new CliConfigException($"{path}:{key.Start.Line}:{key.Start.Column}: unknown key '{name}' (expected server, token)");
            }
        }
        return new ConfigFile(server is { Length: > 0 } ? server : null, token is { Length: > 0 } ? token : null);
    }
}

/// <summary>The CLI configuration (environment or config file) is unusable.</summary>
public sealed class CliConfigException(string message) : FedNetException(message);
