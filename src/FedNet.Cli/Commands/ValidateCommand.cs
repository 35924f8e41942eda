using System.CommandLine;
using FedNet.Model;

namespace FedNet.Cli.Commands;

/// <summary>
/// <c>fednet validate -f FILE...</c>: reads federation and service descriptions (told apart by their top-level keys),
/// validates them together and prints <c>file:line:col: message</c> per error, or a one-line summary per file.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Federation and service description files (YAML); give the federation too so references are checked",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("validate", "Check federation and service descriptions; print file:line:col: message for each error.") { files };
        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], Console.Out, Console.Error));
        return command;
    }

    /// <summary>Validates <paramref name="paths"/>; returns 0 when valid, 65 on errors, 66 when a file cannot be opened.</summary>
    public static int Run(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        foreach (var path in missing)
        {
            error.WriteLine($"{path}: no such file");
        }
        if (missing.Count > 0)
        {
            return ExitCodes.NoInput;
        }

        var errors = new List<DescriptionError>();
        var read = new List<DescriptionFile>();
        foreach (var path in paths)
        {
            var file = DescriptionReader.Read(path);
            errors.AddRange(file.Errors);
            if (file.Value is not null)
            {
                read.Add(file.Value);
            }
        }
        var federations = read.Where(f => f.Federation is not null).ToList();
        foreach (var extra in federations.Skip(1))
        {
            errors.Add(new DescriptionError(extra.Federation!.Location,
                $"a second federation description; the first is {federations[0].FileName}. Give one federation file"));
        }
        var services = read.SelectMany(f => f.Services).ToList();
        if (federations.Count > 0 && errors.Count == 0)
        {
            errors.AddRange(Validator.Validate(federations[0].Federation!, services).Errors);
        }
        else if (federations.Count == 0 && services.Count > 0 && errors.Count == 0)
        {
            error.WriteLine("note: no federation file given, so sites, hosts, transits and addresses were not checked; add -f FEDERATION.yaml");
        }

        if (errors.Count > 0)
        {
            foreach (var e in DescriptionErrors.Sort(errors))
            {
                output.WriteLine(e);
            }
            output.WriteLine($"{errors.Count} error{(errors.Count == 1 ? "" : "s")}");
            return ExitCodes.DataError;
        }
        foreach (var file in read)
        {
            output.WriteLine($"{file.FileName}: {Summarize(file)}");
        }
        return ExitCodes.Ok;
    }

    private static string Summarize(DescriptionFile file)
    {
        if (file.Federation is { } f)
        {
            var hosts = f.Sites.Sum(s => s.Hosts.Count);
            return $"ok: federation '{f.Name}': {Count(f.Sites.Count, "site")}, {Count(hosts, "host")}, {Count(f.Sites.Count, "gateway")}, {Count(f.Transits.Count, "transit")}";
        }
        var names = string.Join(", ", file.Services.Select(s => $"{s.Tenant}/{s.Name}"));
        var vms = file.Services.Sum(s => s.Vms.Count);
        var vifs = file.Services.Sum(s => s.Vms.Sum(v => v.Interfaces.Count));
        return $"ok: {Count(file.Services.Count, "service")} ({names}): {Count(file.Services.Sum(s => s.Networks.Count), "network")}, "
            + $"{Count(vms, "VM")}, {Count(vifs, "interface")}, {Count(file.Services.Sum(s => s.Policies.Count), "policy", "policies")}";
    }

    private static string Count(int n, string singular, string? plural = null) => $"{n} {(n == 1 ? singular : plural ?? singular + "s")}";
}
