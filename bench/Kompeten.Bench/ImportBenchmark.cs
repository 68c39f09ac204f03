using System.Diagnostics;
using System.Globalization;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Kompeten.Bench;

/// <summary>
/// Registry import of N valid rows from an Excel-style xlsx (shared strings, date cells), end to end
/// through the app's own services (read → PersonRules → staged rows → one-transaction apply with
/// audit), next to raw Npgsql binary COPYs of the same rows into people itself (the import's
/// destination, the yardstick of the ≤ 3× target), into a table like people (its columns and
/// indexes, with and without its foreign keys) and into a plain table, on the same embedded
/// PostgreSQL in the same run. The import runs twice, each time in a fresh process on an empty
/// database: as the first import after a start, and once the JIT has settled.
/// </summary>
public static class ImportBenchmark
{
    private static readonly string[] Regencies = ["63.01", "63.02", "63.03", "63.04", "63.05", "63.06", "63.07", "63.08", "63.09", "63.10", "63.11", "63.71", "63.72"];
    private static readonly string[] FirstNames = ["Siti", "Muhammad", "Nur", "Ahmad", "Rina", "Budi", "Dewi", "Rahmat", "Fitri", "Agus", "Aulia", "Hendra", "Yuliani", "Rizky", "Sri", "Fajar", "Maya", "Taufik", "Lestari", "Akhmad"];
    private static readonly string[] LastNames = ["Aminah", "Santoso", "Rahmawati", "Hidayat", "Saputra", "Noor", "Fauzi", "Wulandari", "Hakim", "Kurniawan", "Anshari", "Maulida", "Setiawan", "Rahman", "Hasanah", "Syahrani"];
    private static readonly string[] Places = ["Banjarmasin", "Banjarbaru", "Martapura", "Pelaihari", "Kandangan", "Barabai", "Amuntai", "Tanjung", "Kotabaru", "Marabahan", "Rantau", "Paringin", "Batulicin"];
    private static readonly string[] Educations = ["SLTA", "D2", "D3", "S1", "S1", "S1", "S2"];
    private static readonly string[] Categories = ["pustakawan", "tenaga-teknis", "pengelola"];
    private static readonly string[] Employments = ["pns", "pppk", "non-asn", "swasta", "relawan"];
    private static readonly string[] Levels = ["", "ahli-pertama", "ahli-muda", "ahli-madya", "asisten-terampil"];

    private sealed record Row(
        string Nik, string? Nip, string FullName, string DiplomaName, Sex Sex, string BirthPlace, DateOnly BirthDate, string Phone, string Email,
        string Education, string Field, bool LibraryScience, string Category, string Level, string Employment, string Regency, DateOnly WorkStart);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), $"kompeten-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        Console.WriteLine($"Menyiapkan PostgreSQL tersemat di {dir} …");
        using var pg = EmbeddedPostgres.Start(Path.Combine(dir, "pg"));
        try
        {
            return await RunAsync(pg, dir, count);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            pg.Stop();
            if (Environment.GetEnvironmentVariable("KOMPETEN_BENCH_KEEP") == "1")
            {
                // Diagnostics: the data stays for psql (start it with pg_ctl -D <dir>/pg start).
                Console.WriteLine($"KEEP {dir}");
            }
            else
            {
                try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>The app's own services on the benchmark database (no web server, no background worker).</summary>
    private static async Task<WebApplication> AppAsync(string connectionString, string dir, bool importLog = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:Kompeten"] = connectionString;
        builder.Configuration["Kompeten:DataDirectory"] = dir;
        builder.Logging.ClearProviders();
        if (importLog)
        {
            // The check's and the apply's own log lines break their time down.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.AddFilter((category, level) => category == typeof(RosterImport).FullName && level >= LogLevel.Information);
        }
        builder.AddKompetenDatabase();
        builder.AddKompeten();
        var app = builder.Build();
        await app.Services.InitializeDatabaseAsync();
        return app;
    }

    private static async Task<int> RunAsync(EmbeddedPostgres pg, string dir, int count)
    {
        DatabaseSetup.EnsureDatabase(pg.ConnectionString("postgres"), "kompeten_bench");
        var connectionString = pg.ConnectionString("kompeten_bench");
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        double copySeconds, peopleCopySeconds, peopleFkCopySeconds, realPeopleCopySeconds, readSeconds;
        var xlsx = Path.Combine(dir, "roster.xlsx");
        await using (var app = await AppAsync(connectionString, dir))
        {
            // 1. The file: what Excel writes (shared strings, date cells).
            var rows = Generate(count);
            var sw = Stopwatch.StartNew();
            await using (var file = File.Create(xlsx))
            using (var x = XlsxWriter.Create(file, new XlsxOptions { SharedStrings = true }))
            {
                x.AddSheet("Data", RosterColumns.All.Select(c => new XlsxColumn(c.Header, c.Width, c.Format)).ToList(), rows.Select(Cells));
            }
            Console.WriteLine($"Berkas {count:N0} baris ditulis dalam {sw.Elapsed.TotalSeconds:0.00} s ({new FileInfo(xlsx).Length / 1048576d:0.0} MB).");

            // 2. Baseline: the same rows, already in memory, by raw binary COPY into a plain table.
            copySeconds = await CopyBaselineAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), rows);
            Console.WriteLine($"COPY biner mentah: {copySeconds:0.00} s ({count / copySeconds:N0} baris/s).");

            // 2b. Baseline: the same rows as people rows (NIK hash and cipher computed beforehand, not
            // timed) by raw binary COPY into a table defined like people — its columns and all its
            // indexes (LIKE people INCLUDING ALL) — and once more with people's 2 foreign keys added.
            var nik = app.Services.GetRequiredService<NikProtector>();
            var protectedNiks = rows.Select(r => (Hash: nik.Hash(r.Nik), Cipher: nik.Protect(r.Nik))).ToList();
            var source = app.Services.GetRequiredService<NpgsqlDataSource>();
            peopleCopySeconds = await CopyLikePeopleAsync(source, rows, protectedNiks, foreignKeys: false);
            Console.WriteLine($"COPY biner mentah ke tabel seperti people (semua indeksnya, tanpa FK): {peopleCopySeconds:0.00} s ({count / peopleCopySeconds:N0} baris/s).");
            peopleFkCopySeconds = await CopyLikePeopleAsync(source, rows, protectedNiks, foreignKeys: true);
            Console.WriteLine($"COPY biner mentah ke tabel seperti people (semua indeksnya + 2 FK): {peopleFkCopySeconds:0.00} s ({count / peopleFkCopySeconds:N0} baris/s).");
            // 2c. Baseline: the same rows into people itself — the import's own destination, with all its
            // indexes, foreign keys and triggers — then TRUNCATEd, so the import starts from the same empty table.
            realPeopleCopySeconds = await CopyLikePeopleAsync(source, rows, protectedNiks, foreignKeys: false, table: "people");
            Console.WriteLine($"COPY biner mentah ke tabel people sendiri (semua indeks, FK dan trigger): {realPeopleCopySeconds:0.00} s ({count / realPeopleCopySeconds:N0} baris/s).");

            // 3. Reading alone, to see where the import's time goes.
            sw.Restart();
            await using (var stream = File.OpenRead(xlsx))
            using (var file = TabularFile.Open(stream, "roster.xlsx"))
            {
                foreach (var _ in file.Rows()) { }
            }
            readSeconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"Membaca xlsx saja: {readSeconds:0.00} s.");
        }
        NpgsqlConnection.ClearAllPools();

        // 4. The import in a fresh process, so that its peak memory is its own: first as the first import
        // after a start (cold), then — in another fresh process on another empty database — as a server
        // that has checked files before and whose JIT has settled (warm).
        var cold = await RunChildAsync(connectionString, xlsx, dir, count, warm: false);
        if (cold is null) return 1;
        DatabaseSetup.EnsureDatabase(pg.ConnectionString("postgres"), "kompeten_bench_warm");
        var warm = await RunChildAsync(pg.ConnectionString("kompeten_bench_warm"), xlsx, dir, count, warm: true);
        if (warm is null) return 1;
        var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

        string Ratios(double seconds) => $"{seconds / realPeopleCopySeconds:0.0}× / {seconds / peopleCopySeconds:0.0}× / {seconds / copySeconds:0.0}×";
        Console.WriteLine();
        Console.WriteLine("| Ukuran | Nilai |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| Baris | {count:N0} ({cold.NewRows:N0} baru, {cold.ErrorRows} galat) |");
        Console.WriteLine($"| Berkas xlsx (shared strings, sel tanggal) | {new FileInfo(xlsx).Length / 1048576d:0.0} MB |");
        Console.WriteLine($"| **COPY biner mentah ke tabel people sendiri** (tujuan impor: semua indeks, FK dan trigger; lalu TRUNCATE) | **{realPeopleCopySeconds:0.00} s** ({count / realPeopleCopySeconds:N0} baris/s) |");
        Console.WriteLine($"| COPY biner mentah ke tabel seperti people (LIKE people INCLUDING ALL: semua indeksnya termasuk trigram GIN; tanpa FK dan trigger) | {peopleCopySeconds:0.00} s (dengan 2 FK: {peopleFkCopySeconds:0.00} s) |");
        Console.WriteLine($"| COPY biner mentah ke tabel polos (batas bawah: tanpa indeks, FK, enkripsi, pemeriksaan) | {copySeconds:0.00} s ({count / copySeconds:N0} baris/s) |");
        foreach (var (label, r) in new[] { ("server hangat (JIT selesai)", warm), ("pertama setelah start (dingin)", cold) })
        {
            Console.WriteLine($"| **Impor end-to-end, {label}** | **{r.ImportSeconds:0.00} s ({count / r.ImportSeconds:N0} baris/s)** |");
            Console.WriteLine($"| — unggah / baca + periksa + simpan pratinjau / terapkan (1 transaksi) | {r.UploadSeconds:0.00} s / {r.StageSeconds:0.00} s / {r.ApplySeconds:0.00} s |");
            Console.WriteLine($"| — rasio terhadap COPY ke people / seperti people / tabel polos | **{Ratios(r.ImportSeconds)}** (target ≤ 3×, terhadap tabel tujuan) |");
        }
        Console.WriteLine($"| Membaca xlsx saja | {readSeconds:0.00} s |");
        Console.WriteLine($"| **Puncak memori proses impor dingin** (PeakWorkingSet64) | **{cold.PeakWorkingSet / 1048576d:0} MB** (setelah start {cold.StartWorkingSet / 1048576d:0} MB; target ≤ 300 MB) |");
        Console.WriteLine($"| Puncak heap terkelola (sampel tiap 20 ms) | {cold.PeakHeap / 1048576d:0} MB |");
        Console.WriteLine($"| Alokasi selama impor dingin | {cold.AllocatedBytes / 1048576d:N0} MB; GC gen0/1/2: {cold.Gc0}/{cold.Gc1}/{cold.Gc2}, jeda GC total {cold.GcPauseSeconds:0.00} s |");
        Console.WriteLine($"| Impor ulang berkas yang sama (baca + periksa; semua \"tidak berubah\", tidak ada yang ditulis), dingin / hangat | {cold.ReimportSeconds:0.00} s / {warm.ReimportSeconds:0.00} s |");
        Console.WriteLine($"| GC proses impor | {(Environment.GetEnvironmentVariable("KOMPETEN_BENCH_GC") == "server" ? "server" : "workstation (seperti Kompeten.Web)")}, ukuran potongan {Environment.GetEnvironmentVariable("Kompeten__Import__ChunkSize") ?? "2000"} baris |");
        Console.WriteLine($"| Beban mesin (loadavg) sebelum / sesudah | {loadBefore} / {loadAfter} |");
        return 0;
    }

    private static async Task<RunResult?> RunChildAsync(string connectionString, string xlsx, string dir, int count, bool warm)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        // As Kompeten.Web runs (workstation GC, see its csproj), unless KOMPETEN_BENCH_GC=server.
        start.Environment["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("KOMPETEN_BENCH_GC") == "server" ? "1" : "0";
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ImportBenchmark).Assembly.Location);
        foreach (var a in new[] { "import-run", connectionString, xlsx, dir, count.ToString(CultureInfo.InvariantCulture), warm ? "warm" : "cold" }) start.ArgumentList.Add(a);
        Console.WriteLine(warm ? "— Impor pada server hangat —" : "— Impor pertama setelah start —");
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        Console.Write(output);
        if (child.ExitCode != 0) return null;
        return System.Text.Json.JsonSerializer.Deserialize<RunResult>(output.Split('\n').First(l => l.StartsWith("RESULT ", StringComparison.Ordinal))[7..])!;
    }

    public sealed record RunResult(
        double UploadSeconds, double StageSeconds, double ApplySeconds, double ImportSeconds, double ReimportSeconds, long PeakWorkingSet,
        long StartWorkingSet, long PeakHeap, long AllocatedBytes, int Gc0, int Gc1, int Gc2, double GcPauseSeconds, int NewRows, int ErrorRows);

    /// <summary>The child process: one import end to end, then the same file again.</summary>
    public static async Task<int> RunImportAsync(string[] args)
    {
        var (connectionString, xlsx, dir, count) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        var warmUp = args.Length > 4 && args[4] == "warm";
        await using var app = await AppAsync(connectionString, dir, importLog: true);
        var scope = new UserScope(ScopeLevel.Province, "63", null);
        await using (var warm = app.Services.CreateAsyncScope())
        {
            // Load the NIK hash key and the data-protection key ring before timing, as a running server has.
            warm.ServiceProvider.GetRequiredService<NikProtector>().Protect(warm.ServiceProvider.GetRequiredService<NikProtector>().Hash("0"));
        }
        if (Environment.GetEnvironmentVariable("KOMPETEN_BENCH_MICRO") == "1") await MicroAsync(app.Services);
        if (warmUp)
        {
            // As a server that has checked files before: the same file checked and cancelled (nothing
            // is written to the registry) until the JIT settles — tiered compilation keeps promoting
            // methods well into the second check — so the timed import runs on settled code.
            for (var round = 1; round <= 4; round++)
            {
                var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
                await using var services = app.Services.CreateAsyncScope();
                var import = services.ServiceProvider.GetRequiredService<RosterImport>();
                await using var file = File.OpenRead(xlsx);
                var rehearsal = await import.CreateAsync(file, "roster.xlsx", "bench", "benchmark", scope);
                await import.StageAsync(rehearsal.Id);
                if (!await import.CancelAsync(rehearsal.Id)) throw new InvalidOperationException("Pemanasan: sesi tidak dapat dibatalkan.");
                var jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
                Console.WriteLine($"Pemanasan {round}: berkas yang sama diperiksa lalu dibatalkan; JIT {jit:0.00} s.");
                if (jit < 0.2) break;
            }
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var startSet = Process.GetCurrentProcess().WorkingSet64;
        var gc0 = GC.CollectionCount(0); var gc1 = GC.CollectionCount(1); var gc2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        using var sampler = new HeapSampler();

        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        Guid id;
        double upload, stage, apply;
        await using (var services = app.Services.CreateAsyncScope())
        {
            var import = services.ServiceProvider.GetRequiredService<RosterImport>();
            await using (var file = File.OpenRead(xlsx)) id = (await import.CreateAsync(file, "roster.xlsx", "bench", "benchmark", scope)).Id;
            upload = sw.Elapsed.TotalSeconds;
            CpuSnapshot.Print("before the check");
            sw.Restart();
            await import.StageAsync(id);
            stage = sw.Elapsed.TotalSeconds;
            CpuSnapshot.Print("after the check");
            if (Environment.GetEnvironmentVariable("KOMPETEN_BENCH_EXPLAIN") == "1") await ExplainApplyAsync(app.Services, id);
            sw.Restart();
            if (!await import.ApplyAsync(id)) throw new InvalidOperationException("Impor gagal: " + (await import.FindAsync(id, "bench"))?.Message);
            apply = sw.Elapsed.TotalSeconds;
            CpuSnapshot.Print("after the apply");
        }
        var importSeconds = total.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var (g0, g1, g2) = (GC.CollectionCount(0) - gc0, GC.CollectionCount(1) - gc1, GC.CollectionCount(2) - gc2);
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        sampler.Dispose();

        var (people, audits, session) = await CheckAsync(app.Services, id);
        if (session.ErrorRows > 0)
        {
            await using var s = app.Services.CreateAsyncScope();
            foreach (var r in await s.ServiceProvider.GetRequiredService<RosterImport>().RowsAsync(id, RowOutcome.Error, 0, 5)) Console.WriteLine($"  baris {r.Number}: {string.Join(" ", r.Errors)}");
        }
        if (people != session.NewRows || audits != session.NewRows) throw new InvalidOperationException($"Expected {session.NewRows} people and audit entries, found {people} and {audits}.");

        sw.Restart();
        await using (var services = app.Services.CreateAsyncScope())
        {
            var import = services.ServiceProvider.GetRequiredService<RosterImport>();
            await using var file = File.OpenRead(xlsx);
            var again = await import.CreateAsync(file, "roster.xlsx", "bench", "benchmark", scope);
            await import.StageAsync(again.Id);
            var checkedAgain = (await import.FindAsync(again.Id, "bench"))!;
            if (checkedAgain.UnchangedRows != session.NewRows) throw new InvalidOperationException($"Re-import: {checkedAgain.UnchangedRows} unchanged of {session.NewRows}.");
        }
        var reimport = sw.Elapsed.TotalSeconds;

        Console.WriteLine("RESULT " + System.Text.Json.JsonSerializer.Serialize(new RunResult(upload, stage, apply, importSeconds, reimport, peak, startSet,
            sampler.PeakHeap, allocated, g0, g1, g2, pause.TotalSeconds, session.NewRows, session.ErrorRows)));
        return 0;
    }

    /// <summary>Diagnostics (KOMPETEN_BENCH_EXPLAIN=1): EXPLAIN ANALYZE of the apply statements in a transaction that is rolled back.</summary>
    private static async Task ExplainApplyAsync(IServiceProvider services, Guid id)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var sql in new[] { RosterImport.InsertSql, RosterImport.FlagFirstNamesakesSql, RosterImport.AuditSql })
        {
            await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, TIMING) " + sql, conn, tx) { CommandTimeout = 900 };
            cmd.Parameters.AddWithValue("session", id);
            cmd.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
            cmd.Parameters.AddWithValue("user_id", "bench");
            cmd.Parameters.AddWithValue("user_name", "benchmark");
            cmd.Parameters.AddWithValue("reason", "explain");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) Console.WriteLine("EXPLAIN " + reader.GetString(0));
        }
        await tx.RollbackAsync();
    }

    /// <summary>Diagnostics (KOMPETEN_BENCH_MICRO=1): single-threaded cost per row of the pieces of a check.</summary>
    private static async Task MicroAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var nik = sp.GetRequiredService<NikProtector>();
        var rules = sp.GetRequiredService<PersonRules>();
        var lookups = await PersonLookups.LoadBaseAsync(sp.GetRequiredService<AppDbContext>());
        var rows = Generate(20_000);
        var inputs = rows.Select(r => new PersonInput
        {
            Nik = r.Nik, Nip = r.Nip, FullName = r.FullName, DiplomaName = r.DiplomaName, Sex = r.Sex, BirthPlace = r.BirthPlace, BirthDate = r.BirthDate,
            Phone = r.Phone, Email = r.Email, EducationLevel = Enum.Parse<EducationLevel>(r.Education), EducationField = r.Field,
            LibraryScienceEducation = r.LibraryScience, StaffCategoryCode = r.Category, FunctionalLevelCode = r.Level.Length == 0 ? null : r.Level,
            EmploymentStatusCode = r.Employment, RegencyCode = r.Regency, LibraryWorkStart = r.WorkStart,
        }).ToList();
        var scopeAll = new UserScope(ScopeLevel.Province, "63", null);
        void Time(string what, Action<int> body)
        {
            for (var i = 0; i < 2_000; i++) body(i);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < inputs.Count; i++) body(i);
            Console.WriteLine($"MICRO {what}: {sw.Elapsed.TotalMilliseconds * 1000 / inputs.Count:0.0} µs/row");
        }
        Time("DataAnnotations", i => System.ComponentModel.DataAnnotations.Validator.TryValidateObject(inputs[i], new System.ComponentModel.DataAnnotations.ValidationContext(inputs[i]), new List<System.ComponentModel.DataAnnotations.ValidationResult>(), true));
        Time("Hash", i => nik.Hash(rows[i].Nik));
        Time("Protect", i => nik.Protect(rows[i].Nik));
        Time("ValidateNik", i => IdentityNumbers.ValidateNik(rows[i].Nik, rows[i].BirthDate, rows[i].Sex, lookups.RegencyCodes.Contains));
        Time("Check", i => rules.Check(inputs[i], null, scopeAll, lookups));
        Time("Check+Apply", i => rules.Apply(inputs[i], rules.Check(inputs[i], null, scopeAll, lookups), PersonRules.NewPerson()));
    }

    private static List<Row> Generate(int count)
    {
        var rows = new List<Row>(count);
        var nips = new HashSet<string>();
        var start = new DateOnly(1962, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var regency = Regencies[i % Regencies.Length];
            var district = 1 + i / Regencies.Length % 30;
            var sequence = 1 + i / (Regencies.Length * 30);
            var birth = start.AddDays(i * 37 % 14_600);
            var sex = i % 2 == 0 ? Sex.Female : Sex.Male;
            var nik = $"{regency.Replace(".", "")}{district:00}{birth.Day + (sex == Sex.Female ? 40 : 0):00}{birth.Month:00}{birth.Year % 100:00}{sequence:0000}";
            var employment = Employments[i * 7 % Employments.Length];
            string? nip = null;
            if (employment == "pns")
            {
                var candidate = $"{birth:yyyyMMdd}{birth.Year + 22 + i % 8}{1 + i / 8 % 12:00}{(sex == Sex.Male ? 1 : 2)}{1 + i / 96 % 999:000}";
                if (nips.Add(candidate)) nip = candidate;
            }
            var name = $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]} {i}";
            var education = Educations[i % Educations.Length];
            rows.Add(new Row(nik, nip, name, name.ToUpperInvariant(), sex, Places[i % Places.Length], birth, $"08{i % 10_000_000_000L:0000000000}",
                $"pegawai{i}@contoh.id", education, i % 3 == 0 ? "Ilmu Perpustakaan" : "Pendidikan", i % 3 == 0, Categories[i % Categories.Length],
                employment == "pns" ? Levels[i % Levels.Length] : "", employment, regency, birth.AddYears(20 + i % 5)));
        }
        return rows;
    }

    private static IReadOnlyList<object?> Cells(Row r) =>
    [
        r.Nik, r.Nip, r.FullName, r.DiplomaName, r.Sex == Sex.Female ? "P" : "L", r.BirthPlace, r.BirthDate, r.Phone, r.Email, r.Education, r.Field,
        r.LibraryScience ? "Ya" : "Tidak", r.Category, r.Level, r.Employment, null, r.Regency, r.WorkStart,
    ];

    private static async Task<double> CopyBaselineAsync(NpgsqlDataSource dataSource, List<Row> rows)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE bench_copy (nik text, nip text, full_name text, diploma_name text, sex int, birth_place text, birth_date date,
              phone text, email text, education text, education_field text, library_science boolean, staff_category text,
              functional_level text, employment_status text, regency_code text, library_work_start date)
            """, conn)) await create.ExecuteNonQueryAsync();
        var sw = Stopwatch.StartNew();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY bench_copy FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Nik, NpgsqlDbType.Text);
                if (r.Nip is null) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Nip, NpgsqlDbType.Text);
                await copy.WriteAsync(r.FullName, NpgsqlDbType.Text);
                await copy.WriteAsync(r.DiplomaName, NpgsqlDbType.Text);
                await copy.WriteAsync((int)r.Sex, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.BirthPlace, NpgsqlDbType.Text);
                await copy.WriteAsync(r.BirthDate, NpgsqlDbType.Date);
                await copy.WriteAsync(r.Phone, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Email, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Education, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Field, NpgsqlDbType.Text);
                await copy.WriteAsync(r.LibraryScience, NpgsqlDbType.Boolean);
                await copy.WriteAsync(r.Category, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Level, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Employment, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Regency, NpgsqlDbType.Text);
                await copy.WriteAsync(r.WorkStart, NpgsqlDbType.Date);
            }
            await copy.CompleteAsync();
        }
        return sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> CopyLikePeopleAsync(NpgsqlDataSource dataSource, List<Row> rows, List<(string Hash, string Cipher)> niks, bool foreignKeys, string? table = null)
    {
        var own = table is null;
        table ??= foreignKeys ? "bench_people_fk" : "bench_people";
        await using var conn = await dataSource.OpenConnectionAsync();
        if (own)
        {
            await using var create = new NpgsqlCommand($"CREATE TABLE {table} (LIKE people INCLUDING ALL)", conn);
            await create.ExecuteNonQueryAsync();
        }
        if (foreignKeys)
        {
            await using var fk = new NpgsqlCommand($"""
                ALTER TABLE {table} ADD FOREIGN KEY (library_id) REFERENCES libraries (id) ON DELETE SET NULL,
                                    ADD FOREIGN KEY (regency_code) REFERENCES regions (code) ON DELETE RESTRICT
                """, conn);
            await fk.ExecuteNonQueryAsync();
        }
        var now = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        await using (var copy = await conn.BeginBinaryImportAsync($"""
            COPY {table} (nik_cipher, nik_hash, nik_masked, nip, full_name, diploma_name, sex, birth_place, birth_date, phone, email,
              education_level, education_field, library_science_education, staff_category_code, functional_level_code,
              employment_status_code, library_id, regency_code, province_code, library_work_start, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(niks[i].Cipher, NpgsqlDbType.Text);
                await copy.WriteAsync(niks[i].Hash, NpgsqlDbType.Varchar);
                await copy.WriteAsync(IdentityNumbers.MaskNik(r.Nik), NpgsqlDbType.Text);
                if (r.Nip is null) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Nip, NpgsqlDbType.Text);
                await copy.WriteAsync(r.FullName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.DiplomaName, NpgsqlDbType.Text);
                await copy.WriteAsync((int)r.Sex, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.BirthPlace, NpgsqlDbType.Text);
                await copy.WriteAsync(r.BirthDate, NpgsqlDbType.Date);
                await copy.WriteAsync(r.Phone, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Email, NpgsqlDbType.Text);
                await copy.WriteAsync((int)Enum.Parse<EducationLevel>(r.Education), NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Field, NpgsqlDbType.Text);
                await copy.WriteAsync(r.LibraryScience, NpgsqlDbType.Boolean);
                await copy.WriteAsync(r.Category, NpgsqlDbType.Text);
                if (r.Level.Length == 0) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Level, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Employment, NpgsqlDbType.Text);
                await copy.WriteNullAsync();
                await copy.WriteAsync(r.Regency, NpgsqlDbType.Varchar);
                await copy.WriteAsync(Region.ProvinceOf(r.Regency), NpgsqlDbType.Text);
                await copy.WriteAsync(r.WorkStart, NpgsqlDbType.Date);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        var seconds = sw.Elapsed.TotalSeconds;
        await using (var drop = new NpgsqlCommand(own ? $"DROP TABLE {table}" : $"TRUNCATE {table} CASCADE", conn)) await drop.ExecuteNonQueryAsync();
        return seconds;
    }

    private static async Task<(int People, int Audits, ImportSession Session)> CheckAsync(IServiceProvider services, Guid id)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.People.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action == "import"),
            await db.Set<ImportSession>().AsNoTracking().FirstAsync(s => s.Id == id));
    }

    /// <summary>Samples the managed heap size while the import runs.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        public long PeakHeap;

        public HeapSampler() => _timer = new Timer(_ =>
        {
            var heap = GC.GetTotalMemory(false);
            if (heap > Interlocked.Read(ref PeakHeap)) Interlocked.Exchange(ref PeakHeap, heap);
        }, null, 0, 20);

        public void Dispose() => _timer.Dispose();
    }
}
