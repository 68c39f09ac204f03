using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kompeten.Bench.Dashboard;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Bench.Registry;

/// <summary>
/// The registry's people list at national scale (≥ 120,000 people, the national generator at
/// scale 1.03): server time of the real pages and API, in process, for the filters people use,
/// next to a hand-written SQL of the same default page. Issue target: p95 ≤ 100 ms.
/// </summary>
public static partial class PeopleListBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = int.Parse(DashboardBench.Option(args, "--iterations") ?? "100", CultureInfo.InvariantCulture);
        var scale = double.Parse(DashboardBench.Option(args, "--scale") ?? "1.03", CultureInfo.InvariantCulture);
        var docs = DashboardBench.Option(args, "--docs") ?? Path.Combine(DashboardBench.RepositoryRoot(), "docs", "benchmarks.md");
        void Log(string s) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s}");

        var dir = Path.Combine(Path.GetTempPath(), $"kompeten-bench-people-{Guid.NewGuid():N}");
        var pg = EmbeddedPostgres.Start(dir);
        try
        {
            DatabaseSetup.EnsureDatabase(pg.ConnectionString("postgres"), "kompeten_bench");
            var connectionString = pg.ConnectionString("kompeten_bench");
            await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
            var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(dataSource).Options;
            int people;
            await using (var db = new AppDbContext(options))
            {
                await db.Database.MigrateAsync();
                await ReferenceDataSeeder.SeedAsync(db);
                await NationalDataset.AddPlaceholderUnitsAsync(db);
                var dataset = await NationalDataset.CreateAsync(db, dataSource, TimeProvider.System.AgencyNow(), scale, Log);
                people = dataset.People;
            }
            await using (var analyze = dataSource.CreateCommand("ANALYZE")) await analyze.ExecuteNonQueryAsync();
            Log($"{people:N0} orang dimuat.");

            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_KOMPETEN_WEB", Path.Combine(DashboardBench.RepositoryRoot(), "src", "Kompeten.Web"));
            await using var app = new DashboardBench.BenchApp(connectionString);
            var national = await app.ClientAsync(Roles.AdminNasional, null);
            var province = await app.ClientAsync(Roles.AdminProvinsi, "63");
            var op = await app.ClientAsync(Roles.Operator, "63.71");

            var first = JsonDocument.Parse(await national.GetStringAsync("/api/v1/people?size=50"));
            var next = first.RootElement.GetProperty("next").GetString()!;
            async Task Get(HttpClient c, string url) => (await c.GetAsync(url)).EnsureSuccessStatusCode();

            var cases = new List<(string Name, Func<Task> Run)>
            {
                ("Halaman daftar, Admin Provinsi 63, urut nama", () => Get(province, "/Registry/People")),
                ("Halaman daftar, Nasional, cari nama \"siti\"", () => Get(national, "/Registry/People?Q=siti")),
                ("Halaman daftar, Operator 63.71, bersertifikat", () => Get(op, "/Registry/People?Certified=true")),
                ("Halaman daftar, Nasional, pustakawan, terbaru diubah", () => Get(national, "/Registry/People?StaffCategory=pustakawan&Sort=updated")),
                ("Halaman daftar, Admin Provinsi 63, perpustakaan sekolah", () => Get(province, "/Registry/People?LibraryType=sekolah")),
                ("Halaman daftar, Nasional, tahap Siap", () => Get(national, "/Registry/People?Pipeline=Ready")),
                ("htmx baris halaman ke-2 (keyset), Nasional", () => Get(national, "/api/v1/people?size=50&after=" + Uri.EscapeDataString(next))),
                ("SQL tulisan tangan: 51 baris pertama provinsi 63 urut nama", async () =>
                {
                    await using var cmd = dataSource.CreateCommand("SELECT id, full_name, nik_masked, regency_code FROM people WHERE province_code = '63' ORDER BY full_name, id LIMIT 51");
                    await using var reader = await cmd.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) { }
                }),
            };
            Log($"Pemanasan, lalu {iterations} putaran bergiliran.");
            for (var i = 0; i < 10; i++) foreach (var c in cases) await c.Run();
            var samples = cases.ToDictionary(c => c.Name, _ => new List<double>(iterations));
            var order = Enumerable.Range(0, cases.Count).ToArray();
            var random = new Random(1);
            for (var i = 0; i < iterations; i++)
            {
                random.Shuffle(order);
                foreach (var k in order)
                {
                    var start = Stopwatch.GetTimestamp();
                    await cases[k].Run();
                    samples[cases[k].Name].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
            var rows = cases.Select(c => (c.Name, Stats: DashboardBench.Stats.Of(samples[c.Name]))).ToList();
            foreach (var (name, s) in rows) Log($"{name}: p50 {s.P50:N1} ms, p95 {s.P95:N1} ms");

            var sb = new StringBuilder();
            sb.AppendLine("## Registry people list (national scale)");
            sb.AppendLine();
            sb.AppendLine($"Measured {DateTime.Now:yyyy-MM-dd HH:mm} with `dotnet run -c Release --project bench/Kompeten.Bench -- people` ({people:N0} people from the national generator, {iterations} interleaved rounds after warm-up; in-process requests through the real pipeline: authentication, scope, query, Razor).");
            sb.AppendLine();
            sb.AppendLine("**Machine.** " + DashboardBench.Machine());
            sb.AppendLine();
            sb.AppendLine("| Case | p50 ms | p95 ms | p99 ms |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var (name, s) in rows) sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {s.P50:N1} | {s.P95:N1} | {s.P99:N1} |");
            var worst = rows.Where(r => !r.Name.StartsWith("SQL", StringComparison.Ordinal)).Max(r => r.Stats.P95);
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Target p95 ≤ 100 ms: worst page p95 {worst:N1} ms — {(worst <= 100 ? "met" : "NOT met")}.");
            WriteSection(docs, sb.ToString());
            Log($"Ditulis ke {docs}");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            pg.Stop();
            try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static void WriteSection(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var match = SectionPattern().Match(text);
        text = match.Success ? text[..match.Index] + section + text[(match.Index + match.Length)..] : text.TrimEnd() + "\n\n" + section;
        File.WriteAllText(path, text);
    }

    [GeneratedRegex(@"## Registry people list \(national scale\)\n.*?(?=\n## |\z)", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}
