// Kompeten benchmarks: the first argument names the benchmark; each lives in its own folder.
return args.FirstOrDefault() switch
{
    "dashboard" => await Kompeten.Bench.Dashboard.DashboardBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Pemakaian: dotnet run -c Release --project bench/Kompeten.Bench -- <benchmark> [opsi]");
    Console.Error.WriteLine("  dashboard [--iterations 200] [--scale 1] [--pg CONNSTRING] [--docs docs/benchmarks.md]");
    return 2;
}
