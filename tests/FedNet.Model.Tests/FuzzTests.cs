using CsCheck;

namespace FedNet.Model.Tests;

/// <summary>Random and mutated input never makes the reader or the validator throw, nor leaves half-built values.</summary>
public sealed class FuzzTests
{
    private const string YamlAlphabet = " \n\t-:[]{},#&*!|>'\"%@`?~=abkuasn0123456789./";

    private static readonly string[] Tokens =
    [
        "", " ", "-", ":", "[", "]", "{", "}", "\n", "\n  ", "\n    - ", "~", "null", "[]", "{}", "kuas", "ncku", "ntust", "front", "back",
        "kuas-rack1", "kuas-ncku", "10.0.1.0/24", "10.0.1.300", "10.0.2.10", "0.0.0.0/0", "10.0.0.0/8", "02:fe:00:00:00:01", "ff:ff:ff:ff:ff:ff",
        "02:fe:00", "-1", "0", "4095", "99999999999999999999", "100-199", "199-100", "2782", "1gbit", "0bit", "4ms", "vpls", "tunnel",
        "vxlan", "gre", "bridge-per-network", "controller", "name: x", "&a", "*a", "!!int", "\"\\u0000\"", "'", "\"", "#", "\t",
    ];

    private static readonly string[] Examples =
        ["federation-paper.yaml", "federation-four-sites.yaml", "elearning.yaml", "two-tenants-same-subnet.yaml", "latency-32-networks.yaml",
            "four-sites-service.yaml"];

    private static readonly Dictionary<string, string> Texts = Examples.ToDictionary(e => e, e => File.ReadAllText(RepoPaths.Example(e)));

    private static readonly Federation Paper = DescriptionReader.ReadFederation(RepoPaths.Example("federation-paper.yaml")).GetValueOrThrow();

    private static readonly ValueList<Service> Elearning = DescriptionReader.ReadServices(RepoPaths.Example("elearning.yaml")).GetValueOrThrow();

    [Fact]
    public void Read_RandomText_NeverThrowsAndFailsWithoutValue()
    {
        Gen.String[Gen.Char[YamlAlphabet], 0, 300].Sample(ReadAndValidate, iter: 3000);
    }

    [Fact]
    public void Read_RandomTokenSoup_NeverThrows()
    {
        Gen.OneOfConst(Tokens).Array[0, 60].Select(parts => string.Concat(parts)).Sample(ReadAndValidate, iter: 3000);
    }

    [Fact]
    public void Read_MutatedExamples_NeverThrowsAndValidationNeverFailsInternally()
    {
        var gen = Gen.Select(Gen.OneOfConst(Examples), Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.OneOfConst(Tokens),
            (example, kind, a, b, token) => Mutate(Texts[example], kind, a, b, token));
        gen.Sample(ReadAndValidate, iter: 4000);
    }

    [Fact]
    public void Validate_RecordsWithNulls_ReportsErrorsWithoutThrowing()
    {
        var site = new Site(null!, new NumberRange(5, 1), null!, [null!, new Host(null!, null!, null!, null!, (HostDriver)7)], null!);
        var federation = new Federation(null!, new MacPrefix(0, 0), new NumberRange(0, -1), [site, null!],
            [new Transit(null!, (TransitKind)9, null!, null!, null, null!), null!]);
        var service = new Service(null!, null!, [null!, new Network(null!, new Ipv4Cidr(5, 40), (ArpMode)3)],
            [new Vm(null!, null, null, null!), new Vm("v", "s", "h", [null!, new VmInterface(null!, null, new MacAddress(ulong.MaxValue))])],
            [new Policy(null!, null, [null!], null, -1, -2, 99999), new Policy("p", "n", null, "t", null, null, 1)]);

        var result = Validator.Validate(federation, [service, null!]);

        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith(Validator.InternalErrorPrefix, StringComparison.Ordinal));
    }

    private static string Mutate(string text, int kind, int a, int b, string token)
    {
        var i = a % (text.Length + 1);
        var j = b % (text.Length + 1);
        var (start, end) = i <= j ? (i, j) : (j, i);
        end = Math.Min(end, start + 40);
        var lines = text.Split('\n');
        switch (kind)
        {
            case 0: // delete a span
                return text.Remove(start, end - start);
            case 1: // insert a token
                return text.Insert(start, token);
            case 2: // replace a span with a token
                return text.Remove(start, end - start).Insert(start, token);
            case 3: // duplicate a line
            {
                var line = a % lines.Length;
                return string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
            }
            default: // replace the value after a key on one line
            {
                var line = a % lines.Length;
                var colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
                if (colon >= 0)
                {
                    lines[line] = lines[line][..(colon + 2)] + token;
                }
                return string.Join('\n', lines);
            }
        }
    }

    private static void ReadAndValidate(string text)
    {
        var any = DescriptionReader.Read(text, "fuzz.yaml");
        Assert.Equal(any.IsValid, any.Value is not null);
        Assert.All(any.Errors, e => Assert.Equal("fuzz.yaml", e.Location.File));
        Assert.All(any.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));

        var federation = DescriptionReader.ReadFederation(text, "fuzz.yaml");
        Assert.Equal(federation.IsValid, federation.Value is not null);
        var services = DescriptionReader.ReadServices(text, "fuzz.yaml");
        Assert.Equal(services.IsValid, services.Value is not null);

        if (federation.Value is { } f)
        {
            AssertNoInternalError(Validator.Validate(f, Elearning));
        }
        if (services.Value is { } s)
        {
            AssertNoInternalError(Validator.Validate(Paper, s));
        }
    }

    private static void AssertNoInternalError(ValidationResult result) =>
        Assert.DoesNotContain(result.Errors, e => e.Message.StartsWith(Validator.InternalErrorPrefix, StringComparison.Ordinal));
}
