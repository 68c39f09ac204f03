using Kompeten.Bench;

// Benchmarks of Kompeten, one command each (figures go to docs/benchmarks.md):
//   dotnet run -c Release --project bench/Kompeten.Bench -- import [rows]
//   dotnet run -c Release --project bench/Kompeten.Bench -- training
//   dotnet run -c Release --project bench/Kompeten.Bench -- dashboard [--iterations 200]
//   dotnet run -c Release --project bench/Kompeten.Bench -- people [--iterations 100]
return args.FirstOrDefault() switch
{
    "import" => await ImportBenchmark.RunAsync(args.Skip(1).ToArray()),
    "import-run" => await ImportBenchmark.RunImportAsync(args.Skip(1).ToArray()), // the child process of "import"
    "training" => await TrainingBench.RunAsync(args),
    "dashboard" => await Kompeten.Bench.Dashboard.DashboardBench.RunAsync(args[1..]),
    "people" => await Kompeten.Bench.Registry.PeopleListBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Pemakaian: dotnet run -c Release --project bench/Kompeten.Bench -- <perintah>");
    Console.Error.WriteLine("  import [baris]   impor xlsx end-to-end (baca, periksa, simpan) dibanding COPY biner mentah; bawaan 100000 baris");
    Console.Error.WriteLine("  training         serbuan pendaftaran angkatan dan ZIP 100 sertifikat kehadiran");
    Console.Error.WriteLine("  dashboard [--iterations 200] [--scale 1] [--pg CONNSTRING] [--docs docs/benchmarks.md]");
    Console.Error.WriteLine("  people [--iterations 100] [--scale 1.03]   daftar registri pada ≥120.000 orang");
    return 2;
}
