using System.Globalization;

namespace FedNet.Api.Internal;

/// <summary>The version a write expects, from <c>If-Match</c> (<c>"n"</c> or <c>*</c>) or <c>If-None-Match: *</c> (must not exist).</summary>
internal static class Preconditions
{
    /// <summary>null = unconditional, 0 = must not exist, n = at version n, <see cref="long.MaxValue"/> = must exist.</summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
        {
            if (ifMatch == "*")
                return long.MaxValue;
            var tag = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
            tag = tag.Trim('"');
            if (long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
                return version;
            throw ApiProblemException.PreconditionFailed($"If-Match {ifMatch} names no version of this resource (ETags are \"<version>\")");
        }
        return request.Headers.IfNoneMatch.ToString().Trim() == "*" ? 0 : null;
    }
}
