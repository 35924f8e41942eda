namespace FedNet.Model;

/// <summary>What one description file held: a federation, or one or more services (YAML documents split by <c>---</c>).</summary>
/// <param name="FileName">The file name as given to the reader.</param>
/// <param name="Federation">The federation, when the file describes one.</param>
/// <param name="Services">The services, in document order (empty for a federation file).</param>
public sealed record DescriptionFile(string FileName, Federation? Federation, ValueList<Service> Services);
