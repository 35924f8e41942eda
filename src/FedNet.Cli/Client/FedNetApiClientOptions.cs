namespace FedNet.Cli.Client;

/// <summary>How <see cref="FedNetApiClient"/> talks to <c>fednet serve</c>.</summary>
public sealed record FedNetApiClientOptions
{
    /// <summary>Base URL of the API. Default <c>http://127.0.0.1:8653</c>.</summary>
    public Uri Server { get; init; } = new(CliConfig.DefaultServer);

    /// <summary>The bearer secret, or null to send no Authorization header.</summary>
    public string? Token { get; init; }

    /// <summary>Limit for one request (connect + answer). Default 30 s; applies are long, so they use <see cref="ApplyTimeout"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for one apply or delete, which plans and commits before answering. Default 5 min.</summary>
    public TimeSpan ApplyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Limit for establishing the TCP connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Options from a resolved <see cref="CliConfig"/>.</summary>
    public static FedNetApiClientOptions From(CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new FedNetApiClientOptions { Server = config.Server, Token = config.Token };
    }
}
