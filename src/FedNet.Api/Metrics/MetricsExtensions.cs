using System.Diagnostics;
using System.Net;
using FedNet.Control;

namespace FedNet.Api.Metrics;

/// <summary>
/// One line for the server: <c>app.UseFedNetMetrics(controller)</c> maps <c>GET /metrics</c> (loopback only), times every
/// apply, and opens a logging scope with the request's tenant and service so every log line of the request names them.
/// </summary>
public static class MetricsExtensions
{
    /// <summary>Call after routing middleware setup and before the API routes are mapped; returns the metrics for direct recording.</summary>
    public static FedNetMetrics UseFedNetMetrics(this WebApplication app, FedNetController controller)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(controller);
        var metrics = new FedNetMetrics();
        metrics.Observe(controller);
        var logger = app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("fednet.api");
        app.Use(async (context, next) =>
        {
            var (tenant, service) = RouteScope(context.Request.Path);
            using var scope = tenant is null ? null : FedNetLogScope.Begin(logger, tenant, service);
            if (!IsApply(context.Request))
            {
                await next(context);
                return;
            }
            var clock = Stopwatch.StartNew();
            try
            {
                await next(context);
            }
            finally
            {
                metrics.RecordApply(Verb(context.Request), context.Response.StatusCode, clock.Elapsed);
            }
        });
        app.MapGet("/metrics", (HttpContext context) =>
        {
            // Metrics name tenants' switches and counts: loopback scrapers only (a node exporter or a local agent).
            if (context.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip))
                return Results.NotFound();
            return Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
        }).ExcludeFromDescription();
        return metrics;
    }

    private static bool IsApply(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal) &&
        (HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) ||
            (HttpMethods.IsPost(request.Method) && request.Path.Value?.EndsWith("/plan", StringComparison.Ordinal) == true));

    private static string Verb(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) ? "plan" : HttpMethods.IsDelete(request.Method) ? "delete" : "put";

    /// <summary>Tenant and service of <c>/api/v1/tenants/{tenant}/(services|vms)/{name}</c>.</summary>
    internal static (string? Tenant, string? Service) RouteScope(PathString path)
    {
        var parts = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || parts[0] != "api" || parts[2] != "tenants")
            return (null, null);
        var tenant = Uri.UnescapeDataString(parts[3]);
        var service = parts.Length >= 6 && parts[4] == "services" ? Uri.UnescapeDataString(parts[5]) : null;
        return (tenant, service);
    }
}
