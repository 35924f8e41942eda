using System.Text.Json;
using FedNet.Api.Contracts;
using FedNet.Planning;

namespace FedNet.Api.Internal;

/// <summary>
/// <c>text/event-stream</c> of a service's apply: <c>event: progress</c> lines while it reconciles, then one
/// <c>event: done</c> (its data's step is ready, degraded or deleted). A service that is not applying gets the
/// <c>done</c> of its current state at once, so a client that subscribes after its PUT never waits for nothing.
/// </summary>
internal static class ServerSentEvents
{
    public static async Task StreamAsync(HttpContext context, StatusBoard board, ServiceKey key, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        using var subscription = board.Subscribe(key, out var settled);
        if (settled is not null)
        {
            await WriteAsync(context, "done", settled, cancellationToken);
            return;
        }
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (var e in subscription.Reader!.ReadAllAsync(cancellationToken))
            {
                var final = StatusBoard.IsFinal(e);
                await WriteAsync(context, final ? "done" : "progress", e, cancellationToken);
                if (final)
                    return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpContext context, string name, ProgressEventDto e, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(e, ApiJson.Options)}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
