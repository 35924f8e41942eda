using System.Text.Json;
using FedNet.Api.Contracts;

namespace FedNet.Api.Internal;

/// <summary>Turns <see cref="ApiProblemException"/> into an <c>application/problem+json</c> answer.</summary>
internal static class ProblemMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiProblemException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.Status, e.Title, e.Message, e.Errors);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, e.StatusCode, "Bad Request", e.Message, null);
        }
    }

    public static Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<ValidationErrorDto>? errors,
        Action<HttpResponse>? headers = null)
    {
        context.Response.Clear();
        headers?.Invoke(context.Response);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var problem = new ProblemDto(ProblemType(status), title, status, detail, context.Request.Path, errors);
        return JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJson.Options, context.RequestAborted);
    }

    private static string ProblemType(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        _ => "about:blank",
    };
}
