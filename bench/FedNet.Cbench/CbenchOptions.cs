using System.Globalization;

namespace FedNet.Cbench;

/// <summary>One run of the load generator. Defaults follow cbench: 16 switches, 100,000 source MACs per switch.</summary>
public sealed record CbenchOptions
{
    /// <summary>The controller, <c>tcp:HOST:PORT</c> or <c>unix:PATH</c>.</summary>
    public string Controller { get; init; } = "tcp:127.0.0.1:6653";

    /// <summary>Throughput or latency. Default throughput.</summary>
    public CbenchMode Mode { get; init; } = CbenchMode.Throughput;

    /// <summary>Emulated switches, each on its own connection. Default 16.</summary>
    public int Switches { get; init; } = 16;

    /// <summary>Unique source MACs each switch cycles through (at most 2^24). Default 100,000.</summary>
    public int Macs { get; init; } = 100_000;

    /// <summary>Load before counting starts (connections settle, tables fill). Default 1 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The counted window. Default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Datapath id of switch 0; switch i gets base + i. Default 1.</summary>
    public ulong DatapathIdBase { get; init; } = 1;

    /// <summary>
    /// How long the controller may stay silent where an answer is due (connect, features request, a latency-mode
    /// packet-out) before the run fails. Default 10 s.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Latency mode: a packet-in unanswered this long counts as lost and a new one is sent. Default 1 s.</summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    public CbenchOptions Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Controller);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Switches);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Switches, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(Macs, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Macs, 0xFFFFFF);
        if (Warmup < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "must not be negative");
        if (Duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "must be positive");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "must be positive");
        if (ResendAfter <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ResendAfter), ResendAfter, "must be positive");
        return this;
    }

    /// <summary>The usage text of the command line.</summary>
    public const string Usage =
        "usage: FedNet.Cbench --controller tcp:HOST:PORT [--mode throughput|latency] [--switches 16] [--macs 100000]\n" +
        "                     [--warmup 1] [--duration 10] [--dpid-base 1] [--timeout 10] [--resend-after 1]   (times in seconds)";

    /// <summary>Parses the command line; <see cref="ArgumentException"/> names the bad option.</summary>
    public static CbenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new CbenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
                throw new ArgumentException($"option {name} needs a value");
            var value = args[++i];
            o = name switch
            {
                "--controller" => o with { Controller = value },
                "--mode" => o with
                {
                    Mode = value switch
                    {
                        "throughput" => CbenchMode.Throughput,
                        "latency" => CbenchMode.Latency,
                        _ => throw new ArgumentException($"--mode: '{value}' is neither throughput nor latency"),
                    },
                },
                "--switches" => o with { Switches = Int(name, value) },
                "--macs" => o with { Macs = Int(name, value) },
                "--warmup" => o with { Warmup = Seconds(name, value) },
                "--duration" => o with { Duration = Seconds(name, value) },
                "--dpid-base" => o with { DatapathIdBase = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(name, value) },
                "--timeout" => o with { Timeout = Seconds(name, value) },
                "--resend-after" => o with { ResendAfter = Seconds(name, value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        try
        {
            return o.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"bad options: {e.Message}", e);
        }
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(name, value);

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 86_400
            ? TimeSpan.FromSeconds(s)
            : throw Bad(name, value);

    private static ArgumentException Bad(string name, string value) => new($"{name}: '{value}' is not a valid value");
}
