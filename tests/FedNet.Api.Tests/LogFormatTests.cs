using System.Text.Json;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary><c>fednet serve --log-format json</c>: every log line is one JSON object a collector can parse.</summary>
public sealed class LogFormatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_LogFormatJson_WritesEachEventAsOneJsonObjectWithItsNamedValues()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fednet-logs-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            await using var serve = await ServeChild.StartAsync(dir, ["--no-lab", "-v", "--log-format", "json"], Ct);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            JsonElement? listening = null;
            while (listening is null && DateTime.UtcNow < deadline)
            {
                listening = JsonLines(serve.Output).Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("EventId").GetInt32() == 4001);
                if (listening is null)
                    await Task.Delay(50, Ct);
            }

            Assert.True(listening is not null, "no JSON log line with event 4001 (listening):\n" + serve.Output);
            var line = listening.Value;
            Assert.Equal("Information", line.GetProperty("LogLevel").GetString());
            Assert.Equal(dir, line.GetProperty("State").GetProperty("DataDirectory").GetString());
            Assert.StartsWith("Listening on http://127.0.0.1:", line.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_LogFormatUnknown_IsAUsageError()
    {
        var result = await TestSupport.FednetCli.RunAsync(["serve", "--no-lab", "--log-format", "xml"], Ct);

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> JsonLines(string output)
    {
        foreach (var text in output.Split('\n'))
        {
            if (!text.StartsWith('{'))
                continue;
            JsonElement element;
            try
            {
                element = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }
            if (element.TryGetProperty("EventId", out _))
                yield return element;
        }
    }
}
