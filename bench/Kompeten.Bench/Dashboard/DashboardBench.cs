using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Kompeten.Bench.Dashboard;

/// <summary>
/// `dotnet run -c Release --project bench/Kompeten.Bench -- dashboard [--iterations 200] [--scale 1] [--pg CONNSTRING [--reuse]] [--docs docs/benchmarks.md]`
///
/// Builds the national dataset in a private PostgreSQL (or the one given), then measures, in the
/// same run and interleaved round-robin so that load from other processes hits all alike:
/// the national and the Kalsel dashboard as the server computes them (DashboardQuery, all figures
/// and charts), the same through the real app over HTTP (/api/v1/dashboard in-process: routing,
/// cookie auth, scope, JSON), and a hand-written SQL aggregate of the dashboard's table (staff,
/// certified, expiring, open applications per stage, per region) read with a bare NpgsqlDataReader.
/// Writes the figures and the machine into docs/benchmarks.md under "Dashboard (national scale)".
/// </summary>
public static partial class DashboardBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = int.Parse(Option(args, "--iterations") ?? "200", CultureInfo.InvariantCulture);
        var scale = double.Parse(Option(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        var docs = Option(args, "--docs") ?? Path.Combine(RepositoryRoot(), "docs", "benchmarks.md");
        var external = Option(args, "--pg");
        void Log(string s) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s}");

        EmbeddedPostgres? pg = null;
        string connectionString;
        var dir = Path.Combine(Path.GetTempPath(), $"kompeten-bench-pg-{Guid.NewGuid():N}");
        if (external is null)
        {
            pg = EmbeddedPostgres.Start(dir);
            DatabaseSetup.EnsureDatabase(pg.ConnectionString("postgres"), "kompeten_bench");
            connectionString = pg.ConnectionString("kompeten_bench");
            Log($"PostgreSQL pribadi di {dir}");
        }
        else connectionString = external;

        try
        {
            await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
            var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(dataSource).Options;
            DatasetSummary dataset;
            await using (var db = new AppDbContext(options))
            {
                await db.Database.MigrateAsync();
                await ReferenceDataSeeder.SeedAsync(db);
                if (!await db.People.AnyAsync()) await NationalDataset.AddPlaceholderUnitsAsync(db);
                if (!await db.People.AnyAsync()) dataset = await NationalDataset.CreateAsync(db, dataSource, TimeProvider.System.AgencyNow(), scale, Log);
                else if (args.Contains("--reuse")) dataset = await NationalDataset.CountAsync(db);
                else throw new InvalidOperationException("Basis data benchmark harus kosong (atau pakai --reuse untuk mengukur data yang sudah ada).");
            }
            Log($"Data: {dataset.People:N0} orang, {dataset.HistoryRows:N0} baris riwayat, {dataset.TotalRows:N0} baris seluruhnya.");

            // WebApplicationFactory looks for the app's content root next to a solution; point it at the project.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_KOMPETEN_WEB", Path.Combine(RepositoryRoot(), "src", "Kompeten.Web"));
            await using var app = new BenchApp(connectionString);
            var national = await app.ClientAsync(Roles.AdminNasional, null);
            var query = new DashboardQuery(dataSource);
            var today = TimeProvider.System.Today();
            var kalsel = new DashboardArea(DashboardLevel.Province, "63", "Kalimantan Selatan", "63", null);

            // Same answer from all three, before timing anything.
            var check = await query.LoadAsync(DashboardArea.National, today);
            foreach (var hand in new[] { await HandWrittenAsync(dataSource, null, today), await HandWrittenFactsAsync(dataSource, null, today) })
            {
                if (check.Total.Staff != hand.Staff || check.Total.Certified != hand.Certified || check.Total.Stages.InPipeline != hand.Open || check.Total.Expiring != hand.Expiring)
                {
                    throw new InvalidOperationException($"Dasbor dan SQL tulisan tangan berbeda: {check.Total} / {hand}");
                }
            }

            var cases = new List<(string Name, Func<Task> Run)>
            {
                ("Nasional — DashboardQuery (semua angka dan grafik)", () => query.LoadAsync(DashboardArea.National, today)),
                ("Nasional — HTTP /api/v1/dashboard?region=ID", async () => (await national.GetAsync("/api/v1/dashboard?region=ID")).EnsureSuccessStatusCode()),
                ("Nasional — SQL agregat tulisan tangan", () => HandWrittenAsync(dataSource, null, today)),
                ("Nasional — SQL tulisan tangan atas ringkasan", () => HandWrittenFactsAsync(dataSource, null, today)),
                ("Kalsel — DashboardQuery (semua angka dan grafik)", () => query.LoadAsync(kalsel, today)),
                ("Kalsel — HTTP /api/v1/dashboard?region=63", async () => (await national.GetAsync("/api/v1/dashboard?region=63")).EnsureSuccessStatusCode()),
                ("Kalsel — SQL agregat tulisan tangan", () => HandWrittenAsync(dataSource, "63", today)),
                ("Kalsel — SQL tulisan tangan atas ringkasan", () => HandWrittenFactsAsync(dataSource, "63", today)),
            };
            Log($"Pemanasan, lalu {iterations} putaran bergiliran.");
            for (var i = 0; i < 20; i++) foreach (var c in cases) await c.Run();
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

            var rows = cases.Select(c => (c.Name, Stats: Stats.Of(samples[c.Name]))).ToList();
            foreach (var (name, s) in rows) Log($"{name}: p50 {s.P50:N2} ms, p95 {s.P95:N2} ms, p99 {s.P99:N2} ms");
            var section = Section(dataset, rows, iterations, scale, await PostgresVersionAsync(dataSource));
            WriteSection(docs, section);
            Log($"Ditulis ke {docs}");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            pg?.Stop();
            if (pg is not null) try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public sealed record HandTotals(int Staff, int Certified, int Expiring, int Open);

    /// <summary>
    /// What a DBA would write for the dashboard's table: per region staff, certified today, expiring
    /// within 180 days, and open applications per stage — two statements, one round trip, a bare reader.
    /// </summary>
    public static async Task<HandTotals> HandWrittenAsync(NpgsqlDataSource dataSource, string? province, DateOnly today)
    {
        var group = province is null ? "province_code" : "regency_code";
        var where = province is null ? "" : "WHERE p.province_code = $3";
        var whereApps = province is null ? "" : "AND province_code = $3";
        await using var batch = dataSource.CreateBatch();
        var people = new NpgsqlBatchCommand($"""
            SELECT p.{group}, count(*), count(v.last_valid), count(*) FILTER (WHERE v.last_valid <= $2)
            FROM people p
            LEFT JOIN (SELECT person_id, max(valid_until) AS last_valid FROM certificates
                       WHERE revoked_at IS NULL AND valid_until >= $1 GROUP BY person_id) v ON v.person_id = p.id
            {where}
            GROUP BY 1
            """);
        var apps = new NpgsqlBatchCommand($"""
            SELECT {group}, status, count(*) FROM applications
            WHERE status NOT IN ('Certified', 'Withdrawn') {whereApps}
            GROUP BY 1, 2
            """);
        foreach (var c in new[] { people, apps })
        {
            c.Parameters.Add(new NpgsqlParameter { Value = today });
            c.Parameters.Add(new NpgsqlParameter { Value = today.AddDays(Certificate180) });
            if (province is not null) c.Parameters.Add(new NpgsqlParameter { Value = province });
        }
        batch.BatchCommands.Add(people);
        batch.BatchCommands.Add(apps);
        int staff = 0, certified = 0, expiring = 0, open = 0;
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            staff += (int)reader.GetInt64(1);
            certified += (int)reader.GetInt64(2);
            expiring += (int)reader.GetInt64(3);
        }
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) open += (int)reader.GetInt64(2);
        return new HandTotals(staff, certified, expiring, open);
    }

    /// <summary>
    /// The same table by hand over the maintained aggregates the dashboard reads (dashboard_deltas,
    /// person_certifications): the floor for this design, two statements, a bare reader.
    /// </summary>
    public static async Task<HandTotals> HandWrittenFactsAsync(NpgsqlDataSource dataSource, string? province, DateOnly today)
    {
        var group = province is null ? "province_code" : "regency_code";
        var where = province is null ? "TRUE" : "province_code = $3";
        var deltas = province is null ? "regency_code = ''" : "province_code = $3 AND regency_code <> ''";
        await using var batch = dataSource.CreateBatch();
        var certified = new NpgsqlBatchCommand($"""
            SELECT {group}, count(*) FILTER (WHERE last_valid_until >= $1), count(*) FILTER (WHERE last_valid_until BETWEEN $1 AND $2)
            FROM person_certifications WHERE {where} GROUP BY 1
            """);
        var counts = new NpgsqlBatchCommand($"""
            SELECT {group}, metric, key, sum(n) FROM dashboard_deltas
            WHERE {deltas} AND metric IN ('staff', 'stage') GROUP BY 1, 2, 3
            """);
        foreach (var c in new[] { certified, counts })
        {
            c.Parameters.Add(new NpgsqlParameter { Value = today });
            c.Parameters.Add(new NpgsqlParameter { Value = today.AddDays(Certificate180) });
            if (province is not null) c.Parameters.Add(new NpgsqlParameter { Value = province });
        }
        batch.BatchCommands.Add(certified);
        batch.BatchCommands.Add(counts);
        int staff = 0, valid = 0, expiring = 0, open = 0;
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            valid += (int)reader.GetInt64(1);
            expiring += (int)reader.GetInt64(2);
        }
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            var n = (int)reader.GetDecimal(3);
            if (reader.GetString(1) == "staff") staff += n;
            else open += n;
        }
        return new HandTotals(staff, valid, expiring, open);
    }

    private const int Certificate180 = Kompeten.Web.Features.Certification.Certificate.ExpiringWithinDays;

    public sealed record Stats(int Count, double P50, double P95, double P99, double Max)
    {
        public static Stats Of(List<double> values)
        {
            var sorted = values.Order().ToArray();
            double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
            return new Stats(sorted.Length, At(0.5), At(0.95), At(0.99), sorted[^1]);
        }
    }

    private static async Task<string> PostgresVersionAsync(NpgsqlDataSource dataSource)
    {
        await using var cmd = dataSource.CreateCommand("SHOW server_version");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static string Section(DatasetSummary d, List<(string Name, Stats Stats)> rows, int iterations, double scale, string postgres)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## Dashboard (national scale)");
        sb.AppendLine();
        sb.AppendLine(inv, $"Measured {DateTime.Now:yyyy-MM-dd HH:mm} with `dotnet run -c Release --project bench/Kompeten.Bench -- dashboard` (scale {scale.ToString(inv)}).");
        sb.AppendLine();
        sb.AppendLine("**Machine.** " + Machine() + $" PostgreSQL {postgres} (private server: fsync off, shared_buffers 256MB), .NET {Environment.Version}.");
        sb.AppendLine();
        sb.AppendLine(inv, $"**Data.** {d.Provinces} provinces, {d.Regencies} regencies/cities, {d.Libraries:N0} libraries, {d.People:N0} people " +
            $"({d.CertifiedPeople:N0} with certificates), {d.Certificates:N0} certificates, {d.Mentors:N0} mentors, {d.AssessmentEvents:N0} assessment events, " +
            $"{d.Applications:N0} applications with {d.ApplicationEvents:N0} recorded steps and {d.UnitResults:N0} unit results — " +
            $"**{d.HistoryRows:N0} rows of history**, {d.TotalRows:N0} rows in all. Generated in {d.Generated.TotalSeconds:N1} s, " +
            $"loaded with binary COPY in {d.Loaded.TotalSeconds:N1} s, VACUUM ANALYZE {d.Vacuumed.TotalSeconds:N1} s.");
        sb.AppendLine();
        sb.AppendLine(inv, $"**Timings** ({iterations} runs each after 20 warm-up runs, the eight cases interleaved in random order per round; ms, in-process):");
        sb.AppendLine();
        sb.AppendLine("| Case | p50 | p95 | p99 | max | p95 ÷ hand-written SQL on raw tables | p95 ÷ hand-written SQL on the aggregates |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var scope in new[] { "Nasional", "Kalsel" })
        {
            var raw = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("agregat tulisan tangan")).Stats.P95;
            var facts = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("atas ringkasan")).Stats.P95;
            foreach (var (name, s) in rows.Where(r => r.Name.StartsWith(scope, StringComparison.Ordinal)))
            {
                sb.AppendLine(inv, $"| {name} | {s.P50:N1} | {s.P95:N1} | {s.P99:N1} | {s.Max:N1} | {s.P95 / raw:N2}× | {s.P95 / facts:N2}× |");
            }
        }
        sb.AppendLine();
        foreach (var scope in new[] { "Nasional", "Kalsel" })
        {
            var label = scope == "Nasional" ? "National" : "Province (Kalsel)";
            var query = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("DashboardQuery")).Stats.P95;
            var http = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("HTTP")).Stats.P95;
            var raw = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("agregat tulisan tangan")).Stats.P95;
            var facts = rows.Single(r => r.Name.StartsWith(scope, StringComparison.Ordinal) && r.Name.Contains("atas ringkasan")).Stats.P95;
            sb.AppendLine(string.Create(inv, $"- **{label}:** server time p95 {query:N1} ms (query) / {http:N1} ms (HTTP) — ") +
                string.Create(inv, $"{(Math.Max(query, http) <= 50 ? "within" : "over")} the 50 ms target; {query / raw:N2}× the hand-written SQL on the raw tables ") +
                string.Create(inv, $"({(query / raw <= 1.5 ? "within" : "over")} 1.5×); {query / facts:N2}× a hand-written read of the same aggregates, which computes only the table ") +
                "(the dashboard adds targets, certificates per year, pass rates, mentor load and region names).");
        }
        sb.AppendLine();
        sb.AppendLine("What each case does: *DashboardQuery* is everything the dashboard page shows (per-region staff, certified, expiring, " +
            "newly certified, stages, targets; certificates per year; pass rate per scheme; mentor load) in one round trip of seven " +
            "statements over the maintained aggregates (docs/decisions/0006-dashboard-aggregates.md). *HTTP* is the same through the app " +
            "(routing, cookie authentication, scope resolution, JSON) via an in-process TestServer. *Hand-written SQL on raw tables* computes " +
            "only the dashboard table (staff, certified, expiring, open applications per stage per region) from people, certificates and " +
            "applications in two statements read with a bare `NpgsqlDataReader` — what the dashboard would cost without the aggregates. " +
            "*Hand-written SQL on the aggregates* computes the same table by hand from dashboard_deltas and person_certifications — the " +
            "floor of this design.");
        sb.AppendLine();
        return sb.ToString();
    }

    internal static string Machine()
    {
        string? cpu = null;
        string? memory = null;
        try { cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim(); } catch (IOException) { }
        try
        {
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:N1} GiB";
        }
        catch (IOException) { }
        string? load = null;
        try { load = File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(" ", l) : null; } catch (IOException) { }
        return $"nproc {Environment.ProcessorCount}, CPU {cpu ?? "?"}, memory {memory ?? "?"}, load average at the end {load ?? "?"} " +
               "(the machine is shared with other work, so absolute times carry that noise; the ratios compare runs interleaved under the same load).";
    }

    /// <summary>Replaces this benchmark's section of docs/benchmarks.md (or appends it), keeping everyone else's.</summary>
    private static void WriteSection(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var match = SectionPattern().Match(text);
        text = match.Success ? text[..match.Index] + section + text[(match.Index + match.Length)..] : text.TrimEnd() + "\n\n" + section;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }

    [GeneratedRegex(@"## Dashboard \(national scale\)\n.*?(?=\n## |\z)", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kompeten.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The real app on the benchmark database, in-process (TestServer): what a request costs the server.</summary>
    internal sealed partial class BenchApp(string connectionString) : WebApplicationFactory<AppDbContext> // any type of the app's assembly: its entry point is found from it
    {
        private const string Password = "Benchmark-Kompeten-1";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Benchmark");
            builder.UseSetting("ConnectionStrings:Kompeten", connectionString);
            builder.UseSetting("Kompeten:DataDirectory", Path.Combine(Path.GetTempPath(), "kompeten-bench-data", Guid.NewGuid().ToString("N")));
            builder.UseSetting("Kompeten:Reminders:IntervalMinutes", "0");
            builder.UseSetting("Kompeten:Pdf:WarmUpAtStart", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public async Task<HttpClient> ClientAsync(string role, string? region)
        {
            var email = $"bench.{role.ToLowerInvariant()}@uji.kompeten.id";
            await using (var scope = Services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByEmailAsync(email) is null)
                {
                    var result = await scope.ServiceProvider.GetRequiredService<AccountSetup>().CreateAsync(email, "Benchmark", role, region, Password);
                    if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
                }
            }
            var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var page = await client.GetStringAsync("/Account/Login");
            var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
            }));
            if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Masuk gagal: {(int)response.StatusCode}");
            return client;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
