using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FedNet.Api.Contracts;
using FedNet.Cli;
using FedNet.Cli.Commands;
using FedNet.Store;
using Xunit;

namespace FedNet.Api.Tests;

/// <summary><c>fednet serve --data-dir D --listen URL</c>: seeds an empty store from the files once, then serves the API.</summary>
public sealed partial class ServeServiceModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_DataDirAndFiles_SeedsOnceThenServesTheStore()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fednet-serve-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            var (first, services) = await RunAndListAsync(dir);
            var (second, _) = await RunAndListAsync(dir);

            Assert.Contains("seeded the store with", first, StringComparison.Ordinal);
            Assert.Equal(["school/elearning"], services.Select(s => $"{s.Tenant}/{s.Name}"));
            Assert.Contains("already holds a federation", second, StringComparison.Ordinal);
            await using var store = await SqliteFedNetStore.OpenAsync(dir, Ct);
            Assert.Equal(1, (await store.GetServiceAsync("school", "elearning", Ct))!.Version);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_FilesWithoutFederationInServiceMode_Exits64()
    {
        var error = new StringWriter();
        var settings = new ServeCommand.ServeSettings(null, [Examples.Path("elearning.yaml")], "lab", "/run/fednet-lab", TimeSpan.FromSeconds(1), null,
            false, DataDirectory: Path.GetTempPath(), Listen: "http://127.0.0.1:0", NoLab: true);

        var code = await ServeCommand.RunAsync(settings, new StringWriter(), error, Ct);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("-f needs --federation", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(string Output, List<ServiceSummaryDto> Services)> RunAndListAsync(string dir)
    {
        var inner = new StringWriter();
        // The synchronized writer locks on itself (MethodImplOptions.Synchronized): read the text under the same lock.
        var output = TextWriter.Synchronized(inner);
        string Text()
        {
            lock (output)
                return inner.ToString();
        }

        var settings = new ServeCommand.ServeSettings(Examples.Paper, [Examples.Path("elearning.yaml")], "lab", "/run/fednet-lab",
            TimeSpan.FromSeconds(30), null, false, DataDirectory: dir, Listen: "http://127.0.0.1:0", NoLab: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = ServeCommand.RunAsync(settings, output, TextWriter.Null, stop.Token);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            Match listening;
            while (!(listening = Listening().Match(Text())).Success)
            {
                Assert.False(run.IsCompleted, "serve ended early: " + Text());
                Assert.True(DateTime.UtcNow < deadline, "serve did not say where it listens: " + Text());
                await Task.Delay(50, Ct);
            }
            await using var store = await SqliteFedNetStore.OpenAsync(dir, Ct);
            var token = await store.CreateTokenAsync(TokenRole.Operator, null, cancellationToken: Ct);
            using var client = new HttpClient { BaseAddress = new Uri(listening.Groups[1].Value) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
            using var response = await client.GetAsync("/api/v1/services", Ct);
            var services = await ApiServer.ReadAsync<List<ServiceSummaryDto>>(response);
            return (Text(), services);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(ExitCodes.Ok, await run);
        }
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)/?")]
    private static partial Regex Listening();
}
