using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Kompeten.Web.Features.Registry.Import;

public sealed class ImportOptions
{
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Files up to this size are checked while the upload request waits; larger ones by the background worker.</summary>
    public long InlineMaxBytes { get; set; } = 256 * 1024;

    /// <summary>Sessions with up to this many rows to write are applied in the request; larger ones in the background.</summary>
    public int InlineMaxRows { get; set; } = 2_000;

    /// <summary>Rows checked per database round trip for existing NIKs/NIPs.</summary>
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>Days an import's rows (and its rejected-rows download) are kept.</summary>
    public int KeepDays { get; set; } = 7;

    /// <summary>Where uploads wait for the worker; default {DataDirectory}/imports.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>The size and row limits every spreadsheet upload is read with.</summary>
    public TabularLimits Limits => new(MaxFileBytes, MaxRows);
}

/// <summary>Where uploaded files wait between the upload request and the background worker.</summary>
public sealed class ImportFiles(IOptions<ImportOptions> options, IConfiguration config, IHostEnvironment env)
{
    public string Directory { get; } = options.Value.WorkDirectory ?? Path.Combine(DatabaseSetup.DataDirectory(config, env), "imports");

    public string PathOf(Guid id) => Path.Combine(Directory, id.ToString("N") + ".upload");

    public void Delete(Guid id)
    {
        try { File.Delete(PathOf(id)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Thrown inside the apply transaction when the registry changed since the preview.</summary>
public sealed class ImportConflictException(string message) : Exception(message);

public sealed record ImportRowView(int Number, RowOutcome Outcome, string? NikMasked, string? FullName, string? RegencyCode, string[] Errors, List<string> Changed, int? PersonId);

/// <summary>
/// Roster import: upload → check every row with <see cref="PersonRules"/> (the form's rules, one
/// <see cref="PersonLookups"/> for the whole file) → staged rows with a verdict each → apply all
/// valid rows in one transaction with set-based SQL, one audit entry per created/updated person.
/// </summary>
public sealed partial class RosterImport(
    AppDbContext db,
    NpgsqlDataSource dataSource,
    NikProtector nik,
    PersonRules rules,
    TimeProvider clock,
    IOptions<ImportOptions> options,
    ImportFiles files,
    ILogger<RosterImport> log)
{
    public const string ExampleNamePrefix = "CONTOH ";
    public const string ExampleSequence = "9999";

    private ImportOptions Options => options.Value;
    public TabularLimits Limits => Options.Limits;
    private DbSet<ImportSession> Sessions => db.Set<ImportSession>();
    private DbSet<ImportRow> Rows => db.Set<ImportRow>();

    // ---------------------------------------------------------------- upload

    /// <summary>Saves the upload and opens a session. Throws <see cref="TabularFileException"/> for empty, oversized or non-tabular files.</summary>
    public async Task<ImportSession> CreateAsync(Stream upload, string fileName, string userId, string userName, UserScope scope, CancellationToken ct = default)
    {
        fileName = Path.GetFileName(fileName);
        if (fileName.Length > 200) fileName = fileName[^200..];
        if (upload.CanSeek && upload.Length > Options.MaxFileBytes) throw TabularFile.TooLarge(upload.Length, Options.MaxFileBytes);

        var id = Guid.CreateVersion7();
        System.IO.Directory.CreateDirectory(files.Directory);
        var path = files.PathOf(id);
        long size;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
            var buffer = new byte[81920];
            int n;
            while ((n = await upload.ReadAsync(buffer, ct)) > 0)
            {
                if (file.Length + n > Options.MaxFileBytes) throw TabularFile.TooLarge(file.Length + n, Options.MaxFileBytes);
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            await file.FlushAsync(ct);
            TabularFile.Check(file, fileName, Limits);
            size = file.Length;
        }
        catch
        {
            files.Delete(id);
            throw;
        }

        var session = new ImportSession
        {
            Id = id,
            UserId = userId,
            UserName = userName,
            ScopeLevel = scope.Level,
            ScopeRegion = scope.RegionCode,
            FileName = fileName,
            FileSize = size,
            Status = ImportStatus.Queued,
            Phase = "Menunggu giliran pemeriksaan",
            ExpectedRows = (int)Math.Min(Options.MaxRows, size / 120),
            CreatedAt = clock.GetUtcNow(),
        };
        Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    public bool CheckInline(ImportSession s) => s.FileSize <= Options.InlineMaxBytes;

    public bool ApplyInline(ImportSession s) => s.NewRows + s.UpdateRows <= Options.InlineMaxRows;

    // ---------------------------------------------------------------- check (stage)

    private const string CopyRows =
        "COPY import_rows (session_id, number, outcome, person_id, person_version, nik_hash, nik_masked, " +
        "errors, cells, nik_typed_cipher, changes, nik_cipher, duplicate_of, " + PersonColumns + ") FROM STDIN (FORMAT BINARY)";

    /// <summary>Reads and checks every row of a queued session's file, storing a verdict per row. Never throws for a bad file.</summary>
    public async Task StageAsync(Guid id, CancellationToken ct = default)
    {
        var session = await Sessions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null || session.Status is not (ImportStatus.Queued or ImportStatus.Validating)) return;
        session.Status = ImportStatus.Validating;
        session.Phase = "Membaca berkas";
        session.ProcessedRows = 0;
        await db.SaveChangesAsync(ct);
        // A restarted check starts from a clean slate.
        await Rows.Where(r => r.SessionId == id).ExecuteDeleteAsync(ct);

        var path = files.PathOf(id);
        try
        {
            if (!File.Exists(path)) throw new TabularFileException("Berkas unggahan sudah tidak tersedia di server. Unggah ulang berkasnya.");
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var file = TabularFile.Open(stream, session.FileName, Limits))
            {
                if (file.EstimatedRows > 1) session.ExpectedRows = file.EstimatedRows - 1;
                await StageRowsAsync(session, file, ct);
            }
            session.Status = ImportStatus.Ready;
            session.Phase = null;
            session.Message = null;
            session.ValidatedAt = clock.GetUtcNow();
            session.ExpectedRows = session.TotalRows;
            session.ProcessedRows = session.TotalRows;
            await db.SaveChangesAsync(CancellationToken.None);
            files.Delete(id);
        }
        catch (TabularFileException e)
        {
            await FinishWithoutRowsAsync(session, ImportStatus.Rejected, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Pemeriksaan impor {Session} gagal", id);
            await FinishWithoutRowsAsync(session, ImportStatus.Failed,
                $"Berkas tidak dapat diperiksa karena kesalahan sistem. Coba unggah lagi; bila terulang, hubungi administrator dengan kode rujukan {id}.");
        }
    }

    private async Task FinishWithoutRowsAsync(ImportSession session, ImportStatus status, string message)
    {
        files.Delete(session.Id);
        await Rows.Where(r => r.SessionId == session.Id).ExecuteDeleteAsync(CancellationToken.None);
        await Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, status)
            .SetProperty(x => x.Message, message)
            .SetProperty(x => x.Phase, (string?)null)
            .SetProperty(x => x.TotalRows, 0)
            .SetProperty(x => x.NewRows, 0)
            .SetProperty(x => x.UpdateRows, 0)
            .SetProperty(x => x.UnchangedRows, 0)
            .SetProperty(x => x.ErrorRows, 0), CancellationToken.None);
        session.Status = status;
        session.Message = message;
    }

    private async Task StageRowsAsync(ImportSession session, TabularFile file, CancellationToken ct)
    {
        var scope = session.Scope;
        var lookups = await PersonLookups.LoadBaseAsync(db, ct);
        var names = await ReferenceNames.LoadAsync(db, ct);
        var libraries = new LibraryDirectory(db);
        var state = new StageState();

        using var rows = file.Rows().GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new TabularFileException("Berkas tidak berisi data: semua sel kosong. Isi templat (judul kolom di baris pertama, data mulai baris kedua) lalu unggah lagi.");
        }
        var header = RosterColumns.Map(rows.Current);
        session.Headers = header.Texts;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var copy = await conn.BeginBinaryImportAsync(CopyRows, ct);

        // The file is read on another thread, one chunk ahead of the checks, and checked rows are
        // written to the COPY by a third, one chunk behind: reading, checking and staging (which
        // includes PostgreSQL's own work on the rows) each take seconds, and need not add up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chunks = Channel.CreateBounded<List<TabularRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reader = Task.Factory.StartNew(() => ReadChunks(rows, chunks.Writer, Options.ChunkSize, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var checkedRows = Channel.CreateBounded<Staged[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var stager = Task.Factory.StartNew(() => WriteChunks(copy, session.Id, checkedRows.Reader, stop), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var times = new StageTimes();
        try
        {
            var mark = timer.Elapsed;
            await foreach (var chunk in chunks.Reader.ReadAllAsync(stop.Token))
            {
                times.Waiting += timer.Elapsed - mark;
                mark = timer.Elapsed;
                var staged = await CheckChunkAsync(chunk, header, scope, lookups, names, libraries, state, times, ct);
                times.Checking += timer.Elapsed - mark;
                mark = timer.Elapsed;
                await checkedRows.Writer.WriteAsync(staged, stop.Token);
                foreach (var row in staged)
                {
                    switch (row.Outcome)
                    {
                        case RowOutcome.New: session.NewRows++; break;
                        case RowOutcome.Update: session.UpdateRows++; break;
                        case RowOutcome.Unchanged: session.UnchangedRows++; break;
                        default: session.ErrorRows++; break;
                    }
                }
                session.TotalRows += chunk.Count;
                if (session.TotalRows >= session.ExpectedRows) session.ExpectedRows = session.TotalRows + Options.ChunkSize;
                var processed = session.TotalRows;
                var expected = session.ExpectedRows;
                await Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.ProcessedRows, processed)
                    .SetProperty(x => x.ExpectedRows, expected)
                    .SetProperty(x => x.Phase, "Memeriksa baris"), ct);
                times.Staging += timer.Elapsed - mark;
                mark = timer.Elapsed;
            }
            checkedRows.Writer.Complete();
            var draining = timer.Elapsed;
            await stager;
            times.Staging += timer.Elapsed - draining;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Not the caller's cancellation: the COPY failed and stopped the others. Its own error is the one to report (below).
        }
        finally
        {
            // The reader thread must be done with the file, and the stager with the COPY, before they are disposed.
            checkedRows.Writer.TryComplete();
            if (!stager.IsCompletedSuccessfully) await stop.CancelAsync();
            try { await Task.WhenAll(reader, stager); }
            catch (Exception) when (ct.IsCancellationRequested || stop.IsCancellationRequested) { }
        }
        await stager; // a COPY error surfaces here
        await reader;
        if (session.TotalRows == 0)
        {
            throw new TabularFileException($"Berkas hanya berisi judul kolom (baris {header.RowNumber}) tanpa data di bawahnya. Isi minimal satu baris data lalu unggah lagi.");
        }
        var completing = timer.Elapsed;
        await copy.CompleteAsync(ct);
        times.Staging += timer.Elapsed - completing;
        log.LogInformation(
            "Impor {Session} ({File}) diperiksa: {Rows} baris dalam {Total:0} ms (menunggu berkas {Waiting:0}, periksa {Checking:0}: data registri {Lookups:0}, " +
            "aturan {Rules:0}; simpan baris pratinjau {Staging:0})",
            session.Id, session.FileName, session.TotalRows, timer.Elapsed.TotalMilliseconds, times.Waiting.TotalMilliseconds, times.Checking.TotalMilliseconds,
            times.Lookups.TotalMilliseconds, times.Rules.TotalMilliseconds, times.Staging.TotalMilliseconds);
    }

    /// <summary>Where a check's time went, for the log line (and the benchmark that reads it).</summary>
    private sealed class StageTimes
    {
        public TimeSpan Waiting, Checking, Lookups, Rules, Staging;
    }

    private static void ReadChunks(IEnumerator<TabularRow> rows, ChannelWriter<List<TabularRow>> writer, int size, CancellationToken ct)
    {
        Exception? error = null;
        try
        {
            var chunk = new List<TabularRow>(size);
            while (rows.MoveNext())
            {
                chunk.Add(rows.Current);
                if (chunk.Count < size) continue;
                writer.WriteAsync(chunk, ct).AsTask().GetAwaiter().GetResult();
                chunk = new List<TabularRow>(size);
            }
            if (chunk.Count > 0) writer.WriteAsync(chunk, ct).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            writer.TryComplete(error);
        }
    }

    /// <summary>
    /// Which row first had each NIK/NIP. Keys are compact (the first 128 bits of the NIK's hash; the
    /// NIP as a number) because a 200,000-row file would otherwise keep 200,000 hex strings alive.
    /// </summary>
    private sealed class StageState
    {
        public readonly Dictionary<UInt128, int> NikRows = [];
        public readonly Dictionary<long, int> NipRows = [];

        /// <summary>
        /// The reserved id of the first new person with each birth date and name (in any case), for
        /// <see cref="PersonRules"/>' likely-duplicate rule within the file. The name is kept as its
        /// hash: another name with the same birth date and hash would be flagged for review, no more.
        /// </summary>
        public readonly Dictionary<(int BirthDay, int Name), int> FirstNamesakes = [];
    }

    /// <summary>What a row of the file says, before it meets the registry.</summary>
    private sealed class Draft(TabularRow row)
    {
        public TabularRow Row { get; } = row;
        public PersonInput Input { get; } = new();
        public Dictionary<string, List<string>> ParseErrors { get; } = [];
        public string? NikDigits { get; set; }
        public string? NikHash { get; set; }
        public string? NipDigits { get; set; }
        public string? LibraryRef { get; set; }

        public void Error(string field, string message)
        {
            if (!ParseErrors.TryGetValue(field, out var list)) ParseErrors[field] = list = [];
            list.Add(message);
        }
    }

    /// <summary>
    /// A checked row as staged. New rows carry the id reserved for the person and the id of an earlier
    /// new namesake (<see cref="DuplicateOf"/>); their audit changes are made as the row is written.
    /// </summary>
    private sealed record Staged(
        int Number, RowOutcome Outcome, int? PersonId, DateTimeOffset? PersonVersion, string? NikHash, string? NikMasked,
        string? FullName, string? RegencyCode, string[]? Errors, string? Cells, string? NikTypedCipher, Person? Values, string? Changes,
        int? DuplicateOf = null);

    private async Task<Staged[]> CheckChunkAsync(List<TabularRow> chunk, RosterHeader header, UserScope scope, PersonLookups lookups,
        ReferenceNames names, LibraryDirectory libraries, StageState state, StageTimes times, CancellationToken ct)
    {
        var timer = System.Diagnostics.Stopwatch.StartNew();
        // Reading a row's cells (and hashing its NIK) depends on no other row: both cores do it.
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var parsedRows = new Draft[chunk.Count];
        Parallel.For(0, chunk.Count, parallel, i => parsedRows[i] = Parse(chunk[i], header, names));
        var drafts = new List<Draft>(parsedRows);
        var parsed = timer.Elapsed;

        // The facts the rules need for this chunk, in three queries. Owners found for earlier chunks
        // are no longer needed (a repeat within the file is caught by MarkRepeats), so they go.
        lookups.ByNikHash.Clear();
        lookups.ByNip.Clear();
        var hashes = drafts.Where(d => d.NikHash is not null).Select(d => d.NikHash!).Distinct().ToList();
        var existing = hashes.Count == 0 ? [] : await db.People.AsNoTracking().Where(p => hashes.Contains(p.NikHash)).ToListAsync(ct);
        var byHash = existing.ToDictionary(p => p.NikHash, StringComparer.Ordinal);
        foreach (var p in existing) lookups.ByNikHash[p.NikHash] = new ExistingPerson(p.Id, p.FullName, p.RegencyCode);

        var nips = drafts.Where(d => d.NipDigits is not null).Select(d => d.NipDigits!).Distinct().ToList();
        if (nips.Count > 0)
        {
            var owners = await db.People.AsNoTracking().Where(p => p.Nip != null && nips.Contains(p.Nip))
                .Select(p => new { Nip = p.Nip!, p.Id, p.FullName, p.RegencyCode }).ToListAsync(ct);
            foreach (var o in owners) lookups.ByNip[o.Nip] = new ExistingPerson(o.Id, o.FullName, o.RegencyCode);
        }

        var regencies = drafts.Select(d => d.Input.RegencyCode).Concat(existing.Select(p => p.RegencyCode)).OfType<string>().Where(lookups.RegencyCodes.Contains);
        await libraries.LoadAsync(regencies, drafts.Select(d => d.LibraryRef).OfType<string>(), existing.Select(p => p.LibraryId).OfType<int>(), lookups, ct);

        var looked = timer.Elapsed;
        times.Lookups += looked - parsed;
        // Duplicates within the file depend on row order; everything else about a row is independent
        // of the other rows and only reads the lookups, so the rows of a chunk are judged in parallel.
        foreach (var d in drafts) MarkRepeats(d, state);
        var staged = new Staged[drafts.Count];
        Parallel.For(0, drafts.Count, parallel, i =>
        {
            var d = drafts[i];
            staged[i] = Verdict(d, header, scope, lookups, libraries, d.NikHash is { } h ? byHash.GetValueOrDefault(h) : null);
        });
        var judged = timer.Elapsed;
        times.Rules += parsed + (judged - looked);
        await NumberNewPeopleAsync(staged, state, ct);
        times.Lookups += timer.Elapsed - judged;
        return staged;
    }

    /// <summary>
    /// Reserves a people id for each new row, in file order, and marks a new row whose birth date and
    /// name (in any case) an earlier new row of the file already has as its likely duplicate. With the
    /// ids known here, the apply is plain INSERT … SELECT of staged values: no numbering, no window
    /// over the rows, no join. An id reserved for an import that is never applied stays unused.
    /// </summary>
    private async Task NumberNewPeopleAsync(Staged[] staged, StageState state, CancellationToken ct)
    {
        var count = staged.Count(s => s.Outcome == RowOutcome.New);
        if (count == 0) return;
        var ids = await db.Database
            .SqlQuery<int>($"SELECT nextval(pg_get_serial_sequence('people', 'id'))::int AS \"Value\" FROM generate_series(1, {count})")
            .ToListAsync(ct);
        ids.Sort();
        var next = 0;
        for (var i = 0; i < staged.Length; i++)
        {
            if (staged[i].Outcome != RowOutcome.New) continue;
            var person = staged[i].Values!;
            var id = ids[next++];
            var key = (person.BirthDate.DayNumber, StringComparer.OrdinalIgnoreCase.GetHashCode(person.FullName));
            int? first = state.FirstNamesakes.TryAdd(key, id) ? null : state.FirstNamesakes[key];
            staged[i] = staged[i] with { PersonId = id, DuplicateOf = first };
        }
    }

    private Draft Parse(TabularRow row, RosterHeader header, ReferenceNames names)
    {
        var d = new Draft(row);
        var input = d.Input;
        foreach (var column in RosterColumns.All)
        {
            if (!header.Has(column.Field)) continue;
            var cell = header.Cell(row, column.Field);
            var text = RosterCells.Text(cell);
            switch (column.Field)
            {
                case RosterField.Nik:
                    input.Nik = RosterCells.IdentityNumber(cell, "NIK", 16, out var nikError);
                    if (nikError is not null) d.Error(column.Property, nikError);
                    var digits = IdentityNumbers.Digits(input.Nik);
                    if (digits.Length == 16 && digits.All(char.IsAsciiDigit))
                    {
                        d.NikDigits = digits;
                        d.NikHash = nik.Hash(digits);
                    }
                    break;
                case RosterField.Nip:
                    input.Nip = RosterCells.IdentityNumber(cell, "NIP", 18, out var nipError);
                    if (nipError is not null) d.Error(column.Property, nipError);
                    var nip = IdentityNumbers.Digits(input.Nip);
                    if (nip.Length == 18 && nip.All(char.IsAsciiDigit)) d.NipDigits = nip;
                    break;
                case RosterField.FullName: input.FullName = text; break;
                case RosterField.DiplomaName: input.DiplomaName = text; break;
                case RosterField.BirthPlace: input.BirthPlace = text; break;
                case RosterField.Email: input.Email = text; break;
                case RosterField.EducationField: input.EducationField = text; break;
                case RosterField.Phone: input.Phone = RosterCells.Phone(cell); break;
                case RosterField.Sex:
                    if (text is null) break;
                    input.Sex = RosterCells.Sex(text);
                    if (input.Sex is null) d.Error(column.Property, $"Jenis kelamin \"{text}\" tidak dikenal; isi L (laki-laki) atau P (perempuan).");
                    break;
                case RosterField.BirthDate:
                case RosterField.LibraryWorkStart:
                    if (text is null) break;
                    if (RosterCells.TryDate(cell, out var date))
                    {
                        if (column.Field == RosterField.BirthDate) input.BirthDate = date;
                        else input.LibraryWorkStart = date;
                    }
                    else d.Error(column.Property, RosterCells.DateError(column.Field == RosterField.BirthDate ? "Tanggal lahir" : "Tanggal mulai bekerja", text));
                    break;
                case RosterField.EducationLevel:
                    if (text is null) break;
                    input.EducationLevel = RosterCells.Education(text);
                    if (input.EducationLevel is null) d.Error(column.Property, $"Pendidikan terakhir \"{text}\" tidak dikenal. Isi salah satu: SD, SMP, SLTA, D1, D2, D3, D4, S1, S2, S3.");
                    break;
                case RosterField.LibraryScience:
                    var yes = RosterCells.YesNo(text);
                    if (yes is null) d.Error(column.Property, $"Pendidikan ilmu perpustakaan \"{text}\" tidak dikenal; isi Ya atau Tidak.");
                    input.LibraryScienceEducation = yes ?? false;
                    break;
                case RosterField.StaffCategory: input.StaffCategoryCode = names.Code(ReferenceKind.StaffCategory, text); break;
                case RosterField.FunctionalLevel: input.FunctionalLevelCode = names.Code(ReferenceKind.FunctionalLevel, text); break;
                case RosterField.EmploymentStatus: input.EmploymentStatusCode = names.Code(ReferenceKind.EmploymentStatus, text); break;
                case RosterField.Library: d.LibraryRef = text; break;
                case RosterField.RegencyCode: input.RegencyCode = text is null ? null : RosterCells.RegencyCode(text); break;
            }
        }
        return d;
    }

    /// <summary>Copies the values of the columns the file has onto <paramref name="target"/>; absent columns keep the target's value.</summary>
    private static void Overlay(PersonInput target, PersonInput from, RosterHeader header)
    {
        foreach (var column in RosterColumns.All)
        {
            if (!header.Has(column.Field)) continue;
            switch (column.Field)
            {
                case RosterField.Nik: target.Nik = from.Nik; break;
                case RosterField.Nip: target.Nip = from.Nip; break;
                case RosterField.FullName: target.FullName = from.FullName; break;
                case RosterField.DiplomaName: target.DiplomaName = from.DiplomaName; break;
                case RosterField.Sex: target.Sex = from.Sex; break;
                case RosterField.BirthPlace: target.BirthPlace = from.BirthPlace; break;
                case RosterField.BirthDate: target.BirthDate = from.BirthDate; break;
                case RosterField.Phone: target.Phone = from.Phone; break;
                case RosterField.Email: target.Email = from.Email; break;
                case RosterField.EducationLevel: target.EducationLevel = from.EducationLevel; break;
                case RosterField.EducationField: target.EducationField = from.EducationField; break;
                case RosterField.LibraryScience: target.LibraryScienceEducation = from.LibraryScienceEducation; break;
                case RosterField.StaffCategory: target.StaffCategoryCode = from.StaffCategoryCode; break;
                case RosterField.FunctionalLevel: target.FunctionalLevelCode = from.FunctionalLevelCode; break;
                case RosterField.EmploymentStatus: target.EmploymentStatusCode = from.EmploymentStatusCode; break;
                case RosterField.RegencyCode: target.RegencyCode = from.RegencyCode; break;
                case RosterField.LibraryWorkStart: target.LibraryWorkStart = from.LibraryWorkStart; break;
                case RosterField.Library: break; // resolved against the registry's libraries
            }
        }
    }

    /// <summary>The first row with a NIK (or NIP) claims it; later rows with the same number are errors.</summary>
    private static void MarkRepeats(Draft d, StageState state)
    {
        var number = d.Row.Number;
        if (d.NikHash is { } hash)
        {
            var key = UInt128.Parse(hash.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (!state.NikRows.TryAdd(key, number))
            {
                d.Error(nameof(PersonInput.Nik), $"NIK ini sudah ada di baris {state.NikRows[key]} berkas ini; satu orang cukup satu baris. Hapus salah satu baris atau gabungkan isinya.");
            }
        }
        if (d.NipDigits is { } nip && long.TryParse(nip, NumberStyles.None, CultureInfo.InvariantCulture, out var nipKey) && !state.NipRows.TryAdd(nipKey, number))
        {
            d.Error(nameof(PersonInput.Nip), $"NIP ini sudah ada di baris {state.NipRows[nipKey]} berkas ini; periksa kembali NIP kedua baris.");
        }
    }

    private Staged Verdict(Draft d, RosterHeader header, UserScope scope, PersonLookups lookups, LibraryDirectory libraries, Person? existing)
    {
        var number = d.Row.Number;

        var inScope = existing is not null && scope.Covers(existing.RegencyCode);
        var input = inScope ? PersonInput.From(existing!, d.NikDigits!) : new PersonInput();
        Overlay(input, d.Input, header);
        if (header.Has(RosterField.Library))
        {
            input.LibraryId = null;
            if (d.LibraryRef is { } reference)
            {
                var (libraryId, error) = libraries.Resolve(reference, input.RegencyCode);
                if (error is not null) d.Error(nameof(PersonInput.LibraryId), error);
                input.LibraryId = libraryId;
            }
        }
        if (input.FullName?.StartsWith(ExampleNamePrefix, StringComparison.OrdinalIgnoreCase) == true && d.NikDigits?.EndsWith(ExampleSequence, StringComparison.Ordinal) == true)
        {
            d.Error("Example", "Ini baris contoh dari templat; hapus baris ini sebelum mengunggah.");
        }

        var check = rules.Check(input, inScope ? existing!.Id : null, scope, lookups, d.NikHash is { } hash ? (d.NikDigits!, hash) : null);
        var messages = new List<string>();
        foreach (var (_, list) in d.ParseErrors) messages.AddRange(list);
        foreach (var (field, list) in check.Errors)
        {
            if (!d.ParseErrors.ContainsKey(field)) messages.AddRange(list);
        }

        var masked = d.NikDigits is null ? null : IdentityNumbers.MaskNik(d.NikDigits);
        if (messages.Count > 0)
        {
            var nikIndex = header.IndexOf(RosterField.Nik);
            var cells = new string?[Math.Max(d.Row.Cells.Length, header.Texts.Length)];
            for (var i = 0; i < cells.Length; i++) cells[i] = i == nikIndex ? null : Typed(d.Row[i]);
            var typedNik = nikIndex >= 0 ? Typed(d.Row[nikIndex]) : null;
            return new Staged(number, RowOutcome.Error, null, null, null, masked, input.FullName, input.RegencyCode, messages.ToArray(),
                JsonSerializer.Serialize(cells), typedNik is null ? null : nik.Protect(typedNik), null, null);
        }

        if (inScope)
        {
            var after = PersonJson.Copy(existing!);
            rules.Apply(input, check, after);
            var changes = PersonJson.Changed(existing!, after, []);
            return changes is null
                ? new Staged(number, RowOutcome.Unchanged, existing!.Id, existing.UpdatedAt, existing.NikHash, existing.NikMasked, after.FullName, after.RegencyCode, null, null, null, null, null)
                : new Staged(number, RowOutcome.Update, existing!.Id, existing.UpdatedAt, existing.NikHash, existing.NikMasked, after.FullName, after.RegencyCode, null, null, null,
                    after, changes);
        }

        var person = PersonRules.NewPerson();
        rules.Apply(input, check, person);
        return new Staged(number, RowOutcome.New, null, null, person.NikHash, person.NikMasked, person.FullName, person.RegencyCode, null, null, null, person, null);
    }

    /// <summary>A cell as the user would type it again: dates as dd/mm/yyyy.</summary>
    private static string? Typed(TabularCell cell) => cell.Kind switch
    {
        CellKind.Empty => null,
        CellKind.Date when cell.Text is { Length: >= 10 } text && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => cell.Text,
    };

    /// <summary>The stager thread: writes checked chunks to the COPY as they come; a failure stops the reader and the checks too.</summary>
    private static void WriteChunks(NpgsqlBinaryImporter copy, Guid sessionId, ChannelReader<Staged[]> chunks, CancellationTokenSource stop)
    {
        try
        {
            while (chunks.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (chunks.TryRead(out var chunk))
                {
                    foreach (var row in chunk) Write(copy, sessionId, row);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stop.Cancel();
            throw;
        }
    }

    // Synchronous writes on the stager's own thread: 30 columns × 100,000 rows of awaits cost more than the occasional blocking flush.
    private static void Write(NpgsqlBinaryImporter copy, Guid sessionId, Staged r)
    {
        copy.StartRow();
        copy.Write(sessionId, NpgsqlDbType.Uuid);
        copy.Write(r.Number, NpgsqlDbType.Integer);
        copy.Write((short)r.Outcome, NpgsqlDbType.Smallint);
        WriteOrNull(copy, r.PersonId, NpgsqlDbType.Integer);
        WriteOrNull(copy, r.PersonVersion, NpgsqlDbType.TimestampTz);
        WriteOrNull(copy, r.NikHash, NpgsqlDbType.Varchar);
        WriteOrNull(copy, r.NikMasked, NpgsqlDbType.Text);
        WriteOrNull(copy, r.Errors, NpgsqlDbType.Array | NpgsqlDbType.Text);
        WriteOrNull(copy, r.Cells, NpgsqlDbType.Jsonb);
        WriteOrNull(copy, r.NikTypedCipher, NpgsqlDbType.Text);
        if (r.Outcome == RowOutcome.New) copy.Write(PersonJson.CreatedUtf8(r.Values!), NpgsqlDbType.Jsonb);
        else WriteOrNull(copy, r.Changes, NpgsqlDbType.Jsonb);
        var p = r.Values;
        // nik_cipher only for a new person: an update never rewrites the NIK.
        WriteOrNull(copy, r.Outcome == RowOutcome.New ? p?.NikCipher : null, NpgsqlDbType.Text);
        WriteOrNull(copy, r.DuplicateOf, NpgsqlDbType.Integer);
        // The columns of PersonColumns, in its order.
        WriteOrNull(copy, p?.Nip, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.FullName ?? r.FullName, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.DiplomaName, NpgsqlDbType.Text);
        WriteOrNull(copy, p is null ? null : (int?)p.Sex, NpgsqlDbType.Integer);
        WriteOrNull(copy, p?.BirthPlace, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.BirthDate, NpgsqlDbType.Date);
        WriteOrNull(copy, p?.Phone, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.Email, NpgsqlDbType.Text);
        WriteOrNull(copy, p is null ? null : (int?)p.EducationLevel, NpgsqlDbType.Integer);
        WriteOrNull(copy, p?.EducationField, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.LibraryScienceEducation, NpgsqlDbType.Boolean);
        WriteOrNull(copy, p?.StaffCategoryCode, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.FunctionalLevelCode, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.EmploymentStatusCode, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.LibraryId, NpgsqlDbType.Integer);
        WriteOrNull(copy, p?.RegencyCode ?? r.RegencyCode, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.ProvinceCode, NpgsqlDbType.Text);
        WriteOrNull(copy, p?.LibraryWorkStart, NpgsqlDbType.Date);
    }

    private static void WriteOrNull<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    private static void WriteOrNull<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    // ---------------------------------------------------------------- apply

    /// <summary>The person's columns an import writes; import_rows has the same columns with the same names.</summary>
    private const string PersonColumns =
        "nip, full_name, diploma_name, sex, birth_place, birth_date, phone, email, education_level, education_field, library_science_education, " +
        "staff_category_code, functional_level_code, employment_status_code, library_id, regency_code, province_code, library_work_start";

    private static string Prefixed(string alias) => string.Join(", ", PersonColumns.Split(", ").Select(c => alias + "." + c));

    private static readonly string UpdateSql = $"""
        WITH changed AS (
            UPDATE people p SET ({PersonColumns}, updated_at) = ({Prefixed("r")}, @now)
            FROM import_rows r
            WHERE r.session_id = @session AND r.outcome = 2 AND p.id = r.person_id AND p.updated_at = r.person_version
            RETURNING p.id, r.number, r.changes)
        INSERT INTO audit_entries (entity_type, entity_id, action, user_id, user_name, at, changes, reason)
        SELECT 'Person', id::text, 'import', @user_id, @user_name, @now, changes, @reason FROM changed ORDER BY number
        """;

    // The rows were numbered (ids reserved) when checked, so a new person and its audit entry come
    // straight from its staged row, in file order (index ix_import_rows_session_id_outcome_number).
    // A conflict skips a person but not its audit entry: the caller compares the counts and rolls
    // the whole transaction back. Likely duplicates are flagged by the rule of
    // PersonRules.FindLikelyDuplicateAsync (same name in any case, same birth date): the lowest id of
    // another such person, already registered (index ix_people_birth_date_upper_full_name) or new in
    // this file (duplicate_of, found when checking; see FlagFirstNamesakesSql for the first of them).
    internal static readonly string InsertSql = $"""
        INSERT INTO people (id, nik_cipher, nik_hash, nik_masked, {PersonColumns}, possible_duplicate_of_id, created_at, updated_at)
        SELECT r.person_id, r.nik_cipher, r.nik_hash, r.nik_masked, {Prefixed("r")},
               least(r.duplicate_of, (SELECT min(o.id) FROM people o WHERE o.birth_date = r.birth_date AND upper(o.full_name) = upper(r.full_name))),
               @now, @now
        FROM import_rows r
        WHERE r.session_id = @session AND r.outcome = 1
        ORDER BY r.number
        ON CONFLICT (nik_hash) DO NOTHING
        """;

    /// <summary>The first new person of each group of namesakes in the file is flagged as a likely duplicate of the second (index ix_import_rows_session_id_duplicates).</summary>
    internal const string FlagFirstNamesakesSql = """
        UPDATE people p SET possible_duplicate_of_id = least(p.possible_duplicate_of_id, t.second)
        FROM (SELECT r.duplicate_of AS first, min(r.person_id) AS second
              FROM import_rows r WHERE r.session_id = @session AND r.duplicate_of IS NOT NULL
              GROUP BY r.duplicate_of) t
        WHERE p.id = t.first
        """;

    internal const string AuditSql = """
        INSERT INTO audit_entries (entity_type, entity_id, action, user_id, user_name, at, changes, reason)
        SELECT 'Person', r.person_id::text, 'import', @user_id, @user_name, @now, r.changes, @reason
        FROM import_rows r
        WHERE r.session_id = @session AND r.outcome = 1
        ORDER BY r.number
        """;

    /// <summary>Marks a checked session as being applied, so that a second click cannot apply it twice.</summary>
    /// <returns>false when the session was not ready (already applied, being applied, cancelled…).</returns>
    public async Task<bool> ClaimAsync(Guid id, CancellationToken ct = default) =>
        await Sessions.Where(s => s.Id == id && s.Status == ImportStatus.Ready).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, ImportStatus.Applying)
            .SetProperty(x => x.Phase, "Menunggu giliran penyimpanan")
            .SetProperty(x => x.ProcessedRows, 0)
            .SetProperty(x => x.ExpectedRows, x => x.NewRows + x.UpdateRows)
            .SetProperty(x => x.Message, (string?)null), ct) > 0;

    /// <summary>Claims and applies a checked session (see <see cref="ApplyClaimedAsync"/>).</summary>
    public async Task<bool> ApplyAsync(Guid id, CancellationToken ct = default) =>
        await ClaimAsync(id, ct) && await ApplyClaimedAsync(id, ct);

    /// <summary>
    /// Writes every new/update row of a claimed session in ONE transaction: if anything fails —
    /// a constraint, a person changed since the preview, the server stopping — nothing is written.
    /// </summary>
    /// <returns>true when applied; false when it failed (the session says why) or was not claimed.</returns>
    public async Task<bool> ApplyClaimedAsync(Guid id, CancellationToken ct = default)
    {
        var session = await Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is not { Status: ImportStatus.Applying }) return false;
        var now = clock.GetUtcNow();

        try
        {
            var timer = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan updateTime = default, insertTime = default, auditTime = default;
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);

            if (session.UpdateRows > 0)
            {
                await ProgressAsync(id, "Memperbarui data yang sudah ada", 0, ct);
                var mark = timer.Elapsed;
                var updated = await ExecuteAsync(conn, tx, UpdateSql, session, now, ct);
                updateTime = timer.Elapsed - mark;
                if (updated != session.UpdateRows)
                {
                    throw new ImportConflictException(
                        $"{session.UpdateRows - updated} data orang di berkas ini telah diubah pengguna lain sejak pratinjau dibuat. " +
                        "Tidak ada data yang disimpan. Unggah ulang berkas agar diperiksa dengan data terbaru.");
                }
            }
            if (session.NewRows > 0)
            {
                await ProgressAsync(id, "Menyimpan data baru", session.UpdateRows, ct);
                var mark = timer.Elapsed;
                var inserted = await ExecuteAsync(conn, tx, InsertSql, session, now, ct);
                if (inserted != session.NewRows)
                {
                    throw new ImportConflictException(
                        $"{session.NewRows - inserted} NIK di berkas ini telah didaftarkan pengguna lain sejak pratinjau dibuat. " +
                        "Tidak ada data yang disimpan. Unggah ulang berkas agar diperiksa dengan data terbaru.");
                }
                await ExecuteAsync(conn, tx, FlagFirstNamesakesSql, session, now, ct);
                insertTime = timer.Elapsed - mark;
                mark = timer.Elapsed;
                await ExecuteAsync(conn, tx, AuditSql, session, now, ct);
                auditTime = timer.Elapsed - mark;
            }

            await using (var done = new NpgsqlCommand(
                "UPDATE import_sessions SET status = @status, applied_at = @now, phase = NULL, message = NULL, processed_rows = expected_rows WHERE id = @session", conn, tx))
            {
                done.Parameters.AddWithValue("status", (int)ImportStatus.Applied);
                done.Parameters.AddWithValue("now", now);
                done.Parameters.AddWithValue("session", id);
                await done.ExecuteNonQueryAsync(ct);
            }
            var mark2 = timer.Elapsed;
            await tx.CommitAsync(ct);
            log.LogInformation(
                "Impor {Session} ({File}) diterapkan: {New} baru, {Update} diperbarui dalam {Total:0} ms (update+audit {UpdateMs:0}, insert+tanda duplikat {InsertMs:0}, audit baru {AuditMs:0}, commit {CommitMs:0})",
                id, session.FileName, session.NewRows, session.UpdateRows, timer.Elapsed.TotalMilliseconds, updateTime.TotalMilliseconds,
                insertTime.TotalMilliseconds, auditTime.TotalMilliseconds, (timer.Elapsed - mark2).TotalMilliseconds);
            // Housekeeping, not part of the import: the user need not wait for it.
            _ = Task.Run(() => AnalyzeIfGrownAsync(session.NewRows), CancellationToken.None);
            return true;
        }
        catch (ImportConflictException e)
        {
            await FailAsync(id, e.Message);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            var value = KeyValue().Match(e.Detail ?? "") is { Success: true } m ? m.Groups["value"].Value : null;
            var what = e.ConstraintName?.Contains("nip", StringComparison.Ordinal) == true ? $"NIP {value}".TrimEnd() : "Salah satu NIK atau NIP";
            await FailAsync(id, $"{what} sudah dipakai orang lain sejak pratinjau dibuat. Tidak ada data yang disimpan. Unggah ulang berkas agar diperiksa dengan data terbaru.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            await FailAsync(id, "Perpustakaan atau kabupaten/kota yang dirujuk sebuah baris sudah dihapus sejak pratinjau dibuat. Tidak ada data yang disimpan. Unggah ulang berkas agar diperiksa ulang.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Penerapan impor {Session} gagal dan dibatalkan", id);
            await FailAsync(id, $"Impor gagal karena kesalahan sistem dan dibatalkan seluruhnya: tidak ada data yang disimpan. Coba lagi; bila terulang, hubungi administrator dengan kode rujukan {id}.");
        }
        return false;
    }

    /// <summary>
    /// Refreshes people's statistics when the import added as many rows as would make autovacuum do
    /// it (50 + 10 % of the rows it last counted) — at once rather than a minute later, because plans
    /// made while the table was much smaller (prepared statements keep theirs) can turn a lookup of
    /// the next file into a scan of the whole table: 45 s instead of 2 s was measured for 100,000 rows.
    /// Runs after the apply has committed, on its own connection; a failure only costs that, so it is logged, not raised.
    /// </summary>
    internal async Task<bool> AnalyzeIfGrownAsync(int added)
    {
        if (added < 50) return false;
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync();
            await using var counted = new NpgsqlCommand("SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'people'::regclass", conn);
            var before = (double)(await counted.ExecuteScalarAsync())!;
            if (added < 50 + 0.1 * before) return false;
            await using var analyze = new NpgsqlCommand("ANALYZE people", conn) { CommandTimeout = 300 };
            await analyze.ExecuteNonQueryAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            log.LogWarning(e, "ANALYZE people setelah impor gagal; statistik diperbarui autovacuum nanti");
            return false;
        }
    }

    [GeneratedRegex(@"\)=\((?<value>[^)]*)\)")]
    private static partial Regex KeyValue();

    /// <returns>Rows affected.</returns>
    private static async Task<int> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, ImportSession session, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 900 };
        cmd.Parameters.AddWithValue("session", session.Id);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("user_id", (object?)session.UserId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("user_name", session.UserName);
        cmd.Parameters.AddWithValue("reason", $"Impor berkas {session.FileName}");
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private Task ProgressAsync(Guid id, string phase, int processed, CancellationToken ct) =>
        Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Phase, phase).SetProperty(x => x.ProcessedRows, processed), ct);

    private Task FailAsync(Guid id, string message) =>
        Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, ImportStatus.Failed)
            .SetProperty(x => x.Message, message)
            .SetProperty(x => x.Phase, (string?)null), CancellationToken.None);

    public async Task<bool> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var n = await Sessions.Where(s => s.Id == id && (s.Status == ImportStatus.Ready || s.Status == ImportStatus.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ImportStatus.Cancelled).SetProperty(x => x.Phase, (string?)null), ct);
        if (n > 0)
        {
            await Rows.Where(r => r.SessionId == id).ExecuteDeleteAsync(ct);
            files.Delete(id);
        }
        return n > 0;
    }

    // ---------------------------------------------------------------- reading results

    public Task<ImportSession?> FindAsync(Guid id, string userId, CancellationToken ct = default) =>
        Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, ct);

    public Task<List<ImportSession>> RecentAsync(string userId, int count, CancellationToken ct = default) =>
        Sessions.AsNoTracking().Where(s => s.UserId == userId).OrderByDescending(s => s.CreatedAt).Take(count).ToListAsync(ct);

    /// <summary>A page of rows in file order, optionally of one outcome, after row number <paramref name="after"/>.</summary>
    public async Task<List<ImportRowView>> RowsAsync(Guid id, RowOutcome? outcome, int after, int size, CancellationToken ct = default)
    {
        var q = Rows.AsNoTracking().Where(r => r.SessionId == id && r.Number > after);
        if (outcome is { } o) q = q.Where(r => r.Outcome == o);
        var rows = await q.OrderBy(r => r.Number).Take(size)
            .Select(r => new { r.Number, r.Outcome, r.NikMasked, r.FullName, r.RegencyCode, r.Errors, Changes = r.Outcome == RowOutcome.Update ? r.Changes : null, r.PersonId })
            .ToListAsync(ct);
        return rows.Select(r => new ImportRowView(r.Number, r.Outcome, r.NikMasked, r.FullName, r.RegencyCode, r.Errors ?? [], PersonJson.ChangedLabels(r.Changes), r.PersonId)).ToList();
    }

    /// <summary>The rejected rows as xlsx: the file's own columns as typed, plus "Alasan".</summary>
    public async Task WriteRejectedAsync(ImportSession session, Stream output, CancellationToken ct = default)
    {
        var headers = session.Headers;
        var nikIndex = -1;
        for (var i = 0; i < headers.Length; i++)
        {
            if (RosterColumns.Normalize(headers[i]) == "nik") nikIndex = i;
        }
        var rows = await Rows.AsNoTracking().Where(r => r.SessionId == session.Id && r.Outcome == RowOutcome.Error).OrderBy(r => r.Number)
            .Select(r => new { r.Number, r.Cells, r.NikTypedCipher, r.Errors }).ToListAsync(ct);
        var columns = headers.Select(h => new XlsxColumn(h, Math.Clamp(h.Length + 4, 12, 40), XlsxFormat.Text)).Append(new XlsxColumn("Alasan", 90)).ToList();
        using var x = XlsxWriter.Create(output);
        x.AddSheet("Ditolak", columns, rows.Select(r =>
        {
            var cells = JsonSerializer.Deserialize<string?[]>(r.Cells ?? "[]") ?? [];
            var values = new object?[headers.Length + 1];
            for (var i = 0; i < headers.Length && i < cells.Length; i++) values[i] = cells[i];
            if (nikIndex >= 0 && r.NikTypedCipher is not null) values[nikIndex] = nik.Unprotect(r.NikTypedCipher);
            values[headers.Length] = $"Baris {r.Number}: {string.Join(" ", r.Errors ?? [])}";
            return (IReadOnlyList<object?>)values;
        }));
    }

    // ---------------------------------------------------------------- house-keeping

    /// <summary>After a restart: queued/interrupted checks run again, interrupted applies (rolled back by the database) are ready again.</summary>
    public async Task<List<Guid>> RecoverAsync(CancellationToken ct = default)
    {
        await Sessions.Where(s => s.Status == ImportStatus.Applying).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, ImportStatus.Ready)
            .SetProperty(x => x.Phase, (string?)null)
            .SetProperty(x => x.Message, "Penyimpanan sebelumnya terhenti karena aplikasi dimulai ulang; tidak ada data yang tersimpan. Tekan \"Impor\" untuk mengulang."), ct);
        return await Sessions.Where(s => s.Status == ImportStatus.Queued || s.Status == ImportStatus.Validating).OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
    }

    /// <summary>Deletes sessions (and their rows, which hold personal data) older than <see cref="ImportOptions.KeepDays"/>.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var before = clock.GetUtcNow().AddDays(-Options.KeepDays);
        var old = await Sessions.Where(s => s.CreatedAt < before && s.Status != ImportStatus.Applying && s.Status != ImportStatus.Validating).Select(s => s.Id).ToListAsync(ct);
        foreach (var id in old) files.Delete(id);
        return old.Count == 0 ? 0 : await Sessions.Where(s => old.Contains(s.Id)).ExecuteDeleteAsync(ct);
    }
}
