using System.Globalization;
using System.Text;

namespace FedNet.Api.Metrics.Internal;

/// <summary>Writes the Prometheus text exposition format 0.0.4: <c># HELP</c>, <c># TYPE</c>, then <c>name{labels} value</c>.</summary>
internal sealed class PrometheusText
{
    private readonly StringBuilder _text = new();

    public void Header(string name, string help, string type)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
            .Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void Sample(string name, string labels, double value)
    {
        _text.Append(name);
        if (labels.Length > 0)
            _text.Append('{').Append(labels).Append('}');
        _text.Append(' ').Append(Number(value)).Append('\n');
    }

    public void Metric(string name, string help, string type, double value)
    {
        Header(name, help, type);
        Sample(name, "", value);
    }

    public override string ToString() => _text.ToString();

    /// <summary><c>key="value"</c> with the value escaped (backslash, quote, newline).</summary>
    public static string Label(string key, string value) =>
        key + "=\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    public static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "," + b;

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
