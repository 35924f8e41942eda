using Spectre.Console;

namespace FedNet.Cli.Client;

/// <summary>Spectre consoles over a <see cref="TextWriter"/>: colors only on a terminal, fixed width when redirected.</summary>
public static class ConsoleFactory
{
    /// <summary>Width used when the output is not a terminal (files, pipes, golden tests).</summary>
    public const int RedirectedWidth = 160;

    /// <summary>A console writing to <paramref name="writer"/>; plain text unless it is the process's interactive stdout.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive)
            console.Profile.Width = RedirectedWidth;
        return console;
    }

    /// <summary>True when progress may be drawn live (stdout is a terminal).</summary>
    public static bool IsInteractive(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
}
