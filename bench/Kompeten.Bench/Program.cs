using Kompeten.Bench;

// Benchmarks of Kompeten, one command each:
//   dotnet run -c Release --project bench/Kompeten.Bench -- import [rows]
return args.FirstOrDefault() switch
{
    "import" => await ImportBenchmark.RunAsync(args.Skip(1).ToArray()),
    "import-run" => await ImportBenchmark.RunImportAsync(args.Skip(1).ToArray()), // the child process of "import"
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Pemakaian: dotnet run -c Release --project bench/Kompeten.Bench -- <perintah>");
    Console.Error.WriteLine("  import [baris]   impor xlsx end-to-end (baca, periksa, simpan) dibanding COPY biner mentah; bawaan 100000 baris");
    return 2;
}
