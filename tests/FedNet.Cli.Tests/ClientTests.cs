using System.Net;
using System.Text;
using FedNet.Cli.Client;
using Xunit;

namespace FedNet.Cli.Tests;

/// <summary>How the client reads answers it did not expect: problem details, timeouts, split documents.</summary>
public sealed class ClientTests
{
    private sealed class Stub(HttpStatusCode status, string body, string mediaType, TimeSpan? delay = null) : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            if (delay is { } d)
                await Task.Delay(d, cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        }
    }

    private static FedNetApiClient Client(Stub stub, TimeSpan? timeout = null) =>
        new(new FedNetApiClientOptions { Server = new Uri("http://127.0.0.1:8653"), Token = "t0k", RequestTimeout = timeout ?? TimeSpan.FromSeconds(30) },
            new HttpClient(stub));

    [Fact]
    public async Task Send_ProblemWithErrors_ThrowsWithEveryErrorAndLineColumn()
    {
        var stub = new Stub(HttpStatusCode.BadRequest, """
            {"type":"about:blank","title":"Invalid description","status":400,"detail":"2 errors",
             "errors":[{"path":"vms[0].placement.host","line":8,"column":17,"message":"unknown host 'x'"},
                       {"path":"networks[0].cidr","line":5,"column":9,"message":"bad cidr"}]}
            """, "application/problem+json");
        using var client = Client(stub);
        var e = await Assert.ThrowsAsync<FedNetApiException>(() => client.ListVmsAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(2, e.Errors.Count);
        Assert.Equal("svc.yaml:8:17 vms[0].placement.host: unknown host 'x'", e.Errors[0].Format("svc.yaml"));
        Assert.Equal(65, RemoteCommand.ExitCodeOf(e));
        Assert.Equal("Bearer", stub.Last!.Headers.Authorization!.Scheme);
        Assert.Equal("t0k", stub.Last.Headers.Authorization.Parameter);
    }

    [Fact]
    public async Task Send_AspNetValidationShape_ReadsDictionaryErrors()
    {
        var stub = new Stub(HttpStatusCode.BadRequest, """{"title":"One or more validation errors occurred.","errors":{"role":["must be operator or tenant"]}}""",
            "application/problem+json");
        using var client = Client(stub);
        var e = await Assert.ThrowsAsync<FedNetApiException>(() => client.ListNetworksAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(new ApiError("role", null, null, "must be operator or tenant"), Assert.Single(e.Errors));
    }

    [Fact]
    public async Task Send_PlainTextError_KeepsTheText()
    {
        using var client = Client(new Stub(HttpStatusCode.BadGateway, "upstream down", "text/plain"));
        var e = await Assert.ThrowsAsync<FedNetApiException>(() => client.ListVmsAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("upstream down", e.Message, StringComparison.Ordinal);
        Assert.Equal(69, RemoteCommand.ExitCodeOf(e));
    }

    [Fact]
    public async Task Send_NotJsonAnswer_ThrowsUnreadable()
    {
        using var client = Client(new Stub(HttpStatusCode.OK, "<html>proxy</html>", "text/html"));
        var e = await Assert.ThrowsAsync<FedNetApiException>(() => client.ListVmsAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("not the expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoAnswerInTime_UnreachableNamingTheRequest()
    {
        using var client = Client(new Stub(HttpStatusCode.OK, "[]", "application/json", TimeSpan.FromSeconds(30)), TimeSpan.FromMilliseconds(100));
        var e = await Assert.ThrowsAsync<FedNetUnreachableException>(() => client.ListVmsAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("GET /api/v1/vms got no answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_IfMatch_SendsQuotedVersion()
    {
        var stub = new Stub(HttpStatusCode.PreconditionFailed, """{"title":"Precondition Failed","status":412}""", "application/problem+json");
        using var client = Client(stub);
        var e = await Assert.ThrowsAsync<FedNetApiException>(() => client.ApplyServiceAsync("a b", "s", "tenant: a b\n", 3,
            TestContext.Current.CancellationToken));
        Assert.True(e.IsConflict);
        Assert.Equal("\"3\"", Assert.Single(stub.Last!.Headers.IfMatch).Tag);
        Assert.Equal("/api/v1/tenants/a%20b/services/s", stub.Last.RequestUri!.AbsolutePath);
    }

    [Fact]
    public void Split_TwoServices_EachAtItsOwnLines()
    {
        var text = "# two\ntenant: a\nservice: s1\nnetworks: []\nvms: []\n---\ntenant: b\nservice: s2\nnetworks: []\nvms: []\n";
        var (docs, errors) = ServiceDocument.Split(text, "f.yaml");
        Assert.Empty(errors);
        Assert.Equal([("a", "s1"), ("b", "s2")], docs.Select(d => (d.Tenant, d.Name)));
        // The second document keeps its line numbers: line 7 is "tenant: b".
        Assert.Equal("tenant: b", docs[1].Yaml.Split('\n')[6]);
        Assert.DoesNotContain("s1", docs[1].Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_ErrorInSecondDocument_NamesFileLineColumn()
    {
        var text = "tenant: a\nservice: s1\nnetworks: []\nvms: []\n---\ntenant: b\nservice: s2\nnetworks: []\nvms: []\nbogus: 1\n";
        var (docs, errors) = ServiceDocument.Split(text, "f.yaml");
        Assert.Empty(docs);
        Assert.StartsWith("f.yaml:10:1: unknown key 'bogus'", Assert.Single(errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Split_OnlyComments_SaysNoService()
    {
        var (_, errors) = ServiceDocument.Split("# nothing\n---\n", "f.yaml");
        Assert.Contains("no service description", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
