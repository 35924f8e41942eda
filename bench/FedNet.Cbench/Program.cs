using System.Text.Json.Nodes;
using FedNet.Cbench;

// A cbench-style load generator (see docs/evaluation.md, "Controller throughput"): prints one JSON object on stdout.
// Exit codes: 0 measured, 1 the run failed (the JSON has "error"), 2 bad command line.
CbenchOptions options;
try
{
    options = CbenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CbenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
try
{
    var result = await CbenchRunner.RunAsync(options, cancel.Token);
    Console.WriteLine(result.ToJson().ToJsonString());
    return 0;
}
catch (CbenchException e)
{
    Console.WriteLine(new JsonObject { ["controller"] = options.Controller, ["error"] = e.Message }.ToJsonString());
    Console.Error.WriteLine("cbench: " + e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    Console.WriteLine(new JsonObject { ["controller"] = options.Controller, ["error"] = "interrupted" }.ToJsonString());
    return 1;
}
