namespace FedNet.Model;

/// <summary>A federation and the services placed on it, read and validated together.</summary>
/// <param name="Federation">The federation.</param>
/// <param name="Services">Every service of every service file, in the order given.</param>
public sealed record DescriptionSet(Federation Federation, ValueList<Service> Services)
{
    /// <summary>
    /// Reads every file (each a federation or one or more services, told apart by their top-level keys), requires
    /// exactly one federation, and validates everything together. Errors from every file come back at once.
    /// </summary>
    public static DescriptionResult<DescriptionSet> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var errors = new List<DescriptionError>();
        Federation? federation = null;
        var services = new List<Service>();
        foreach (var path in paths)
        {
            var file = DescriptionReader.Read(path);
            errors.AddRange(file.Errors);
            if (file.Value is not { } read)
            {
                continue;
            }
            if (read.Federation is not null)
            {
                if (federation is not null)
                {
                    errors.Add(new DescriptionError(read.Federation.Location,
                        $"a second federation description; the first is at {federation.Location}. Give exactly one federation file"));
                }
                federation ??= read.Federation;
            }
            services.AddRange(read.Services);
        }
        if (federation is null)
        {
            if (errors.Count == 0)
            {
                errors.Add(new DescriptionError(SourceLocation.None, "no federation description among the files; give the federation file too"));
            }
            return DescriptionResult<DescriptionSet>.Failure(errors);
        }
        errors.AddRange(Validator.Validate(federation, services).Errors);
        return DescriptionResult<DescriptionSet>.From(new DescriptionSet(federation, ValueList.From(services)), errors);
    }

    /// <summary>Loads a federation file and service files; see <see cref="Load(IEnumerable{string})"/>.</summary>
    public static DescriptionResult<DescriptionSet> Load(string federationPath, params IEnumerable<string> servicePaths) =>
        Load([federationPath, .. servicePaths]);
}
