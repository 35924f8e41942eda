using System.Globalization;
using System.Net.Http.Headers;

namespace FedNet.Cli.Client.Internal;

/// <summary>The API's ETags are a resource version in quotes: <c>"3"</c>.</summary>
internal static class ETag
{
    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static long? Parse(EntityTagHeaderValue? tag) =>
        tag is not null && long.TryParse(tag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
