using System.Text.RegularExpressions;

namespace FedNet.Evaluation.Tests;

/// <summary>Checks that an experiment's lab (id = the smoke prefix "t" + 2 hex digits + tag) left nothing behind.</summary>
internal static class LabLeftovers
{
    /// <summary>No namespace and no lab directory of a smoke lab with <paramref name="tag"/> remains.</summary>
    public static void AssertNone(string tag)
    {
        var pattern = new Regex($"^fnl-t[0-9a-f]{{2}}{Regex.Escape(tag)}-");
        var left = Shell.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0]).Where(n => pattern.IsMatch(n)).ToList();
        Assert.True(left.Count == 0, "namespaces left behind: " + string.Join(", ", left));
        var dirs = Directory.Exists("/run/fednet-lab")
            ? Directory.GetDirectories("/run/fednet-lab").Select(Path.GetFileName).Where(d => Regex.IsMatch(d!, $"^t[0-9a-f]{{2}}{Regex.Escape(tag)}$")).ToList()
            : [];
        Assert.True(dirs.Count == 0, "lab directories left behind: " + string.Join(", ", dirs));
    }
}
