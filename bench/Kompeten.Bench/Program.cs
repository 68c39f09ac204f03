using Kompeten.Bench;

// Benchmarks of Kompeten, one command each (figures go to docs/benchmarks.md):
//   dotnet run -c Release --project bench/Kompeten.Bench -- import [rows]
//   dotnet run -c Release --project bench/Kompeten.Bench -- training
return args.FirstOrDefault() switch
{
    "import" => await ImportBenchmark.RunAsync(args.Skip(1).ToArray()),
    "import-run" => await ImportBenchmark.RunImportAsync(args.Skip(1).ToArray()), // the child process of "import"
    "training" => await TrainingBench.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Pemakaian: dotnet run -c Release --project bench/Kompeten.Bench -- <perintah>");
    Console.Error.WriteLine("  import [baris]   impor xlsx end-to-end (baca, periksa, simpan) dibanding COPY biner mentah; bawaan 100000 baris");
    Console.Error.WriteLine("  training         serbuan pendaftaran angkatan dan ZIP 100 sertifikat kehadiran");
    return 2;
}
