using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FedNet.Model.Internal;

/// <summary>Text-to-value conversions for description scalars; each failure says what was expected.</summary>
internal static partial class ValueParsers
{
    public static bool Range(string text, out NumberRange value, out string? error)
    {
        value = default;
        error = null;
        var match = RangePattern().Match(text);
        if (!match.Success
            || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(match.Groups[2].Success ? match.Groups[2].Value : match.Groups[1].Value,
                NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            error = $"'{text}' is not a range: expected first-last, such as 100-199";
            return false;
        }
        if (last < first)
        {
            error = $"the range '{text}' ends before it starts";
            return false;
        }
        value = new NumberRange(first, last);
        return true;
    }

    public static bool Integer(string text, out int value, out string? error)
    {
        error = null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        error = $"'{text}' is not a whole number";
        return false;
    }

    /// <summary><c>4ms</c>, <c>200us</c>, <c>1.5s</c>, or <c>0</c>.</summary>
    public static bool Duration(string text, out TimeSpan value, out string? error)
    {
        value = default;
        error = null;
        var match = DurationPattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || (match.Groups[2].Value.Length == 0 && number != 0))
        {
            error = $"'{text}' is not a duration: expected a number and a unit (s, ms, us), such as 4ms or 200us";
            return false;
        }
        var ticks = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" => number * TimeSpan.TicksPerSecond,
            "ms" => number * TimeSpan.TicksPerMillisecond,
            "us" or "µs" => number * TimeSpan.TicksPerMicrosecond,
            _ => 0,
        };
        if (ticks > TimeSpan.FromDays(1).Ticks)
        {
            error = $"'{text}' is longer than a day";
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary><c>100mbit</c>, <c>1gbit</c>, <c>500kbit</c>, <c>64000bit</c> (tc's units, bits per second).</summary>
    public static bool Rate(string text, out long value, out string? error)
    {
        value = default;
        error = null;
        var match = RatePattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{text}' is not a rate: expected a number and a unit (bit, kbit, mbit, gbit, tbit), such as 100mbit";
            return false;
        }
        var bits = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "kbit" => number * 1e3,
            "mbit" => number * 1e6,
            "gbit" => number * 1e9,
            "tbit" => number * 1e12,
            _ => number,
        };
        if (bits < 1 || bits > 1e15)
        {
            error = $"the rate '{text}' must be at least 1bit and at most 1000tbit";
            return false;
        }
        value = (long)Math.Round(bits);
        return true;
    }

    /// <summary><c>0.5%</c> or <c>0.5</c> (percent).</summary>
    public static bool Percent(string text, out double value, out string? error)
    {
        value = default;
        error = null;
        var trimmed = text.Trim();
        var number = trimmed.EndsWith('%') ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a percentage: expected a number from 0 to 100, such as 0.5%";
            return false;
        }
        if (value > 100)
        {
            error = $"the loss '{text}' is above 100%";
            return false;
        }
        return true;
    }

    public static bool Ipv4(string text, out IPAddress? value, out string? error)
    {
        value = null;
        error = null;
        if (Ipv4Cidr.TryParseIpv4(text, out var address))
        {
            value = Ipv4Cidr.ToAddress(address);
            return true;
        }
        error = text.Contains('/', StringComparison.Ordinal)
            ? $"'{text}' is a subnet; write the address alone, such as 10.0.1.10"
            : $"'{text}' is not an IPv4 address such as 10.0.1.10";
        return false;
    }

    public static bool Cidr(string text, out Ipv4Cidr value, out string? error) => Ipv4Cidr.TryParse(text, out value, out error);

    public static bool Mac(string text, out MacAddress value, out string? error)
    {
        error = null;
        if (MacAddress.TryParse(text, out value))
        {
            return true;
        }
        error = $"'{text}' is not a MAC address: expected six hex octets such as 02:fe:00:00:00:99";
        return false;
    }

    public static bool MacPrefix(string text, out MacPrefix value, out string? error)
    {
        error = null;
        if (Model.MacPrefix.TryParse(text, out value))
        {
            return true;
        }
        error = $"'{text}' is not a MAC prefix: expected one to five hex octets such as 02:fe:00";
        return false;
    }

    public static ValueParser<T> Keyword<T>(params (string Word, T Value)[] words)
        where T : struct =>
        (string text, out T value, out string? error) =>
        {
            foreach (var (word, candidate) in words)
            {
                if (string.Equals(word, text, StringComparison.Ordinal))
                {
                    value = candidate;
                    error = null;
                    return true;
                }
            }
            value = default;
            error = $"'{text}' is not one of: {string.Join(", ", words.Select(w => w.Word))}";
            return false;
        };

    [GeneratedRegex(@"^\s*(\d{1,18})\s*(?:-\s*(\d{1,18}))?\s*$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^\s*(\d{1,12}(?:\.\d{1,9})?)\s*(s|ms|us|µs|)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^\s*(\d{1,15}(?:\.\d{1,9})?)\s*(bit|kbit|mbit|gbit|tbit)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RatePattern();
}
