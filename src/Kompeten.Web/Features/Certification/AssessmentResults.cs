using System.Text.RegularExpressions;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Records assessment results for candidates of an event — on screen or from an import — all at
/// once or not at all. K (Kompeten) creates the certificate: a number, the issue date, valid until
/// issue + the scheme's validity, a fresh verification code; BK moves the application to
/// "Belum Kompeten", from which "siapkan uji ulang" starts a re-sit.
/// </summary>
public sealed class AssessmentResults(AppDbContext db, TimeProvider clock)
{
    public sealed record UnitOutcome(int UnitId, bool Competent);

    /// <param name="Row">Where the entry came from, for messages (spreadsheet row; 0 on screen).</param>
    public sealed record Entry(int ApplicationId, IReadOnlyList<UnitOutcome> Units, bool Competent, int Row = 0);

    public sealed record Outcome(List<string> Errors, List<Certificate> Certificates)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>Checks every entry; applies them in one transaction only when none has an error.</summary>
    public async Task<Outcome> RecordAsync(int eventId, IReadOnlyList<Entry> entries, DateOnly issuedOn, string actor, bool dryRun = false, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var ids = entries.Select(e => e.ApplicationId).ToList();
        var apps = await db.Applications.Include(a => a.Person).Include(a => a.Scheme).ThenInclude(s => s!.Units)
            .Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        if (entries.Count == 0) errors.Add("Belum ada hasil yang diisi; isi hasil per unit dan hasil keseluruhan.");
        foreach (var group in entries.GroupBy(e => e.ApplicationId).Where(g => g.Count() > 1))
        {
            errors.Add($"Hasil untuk pengajuan #{group.Key} tercantum lebih dari sekali.");
        }
        foreach (var e in entries)
        {
            var where = e.Row > 0 ? $"Baris {e.Row}: " : "";
            if (!apps.TryGetValue(e.ApplicationId, out var app) || app.AssessmentEventId != eventId)
            {
                errors.Add($"{where}pengajuan #{e.ApplicationId} tidak terjadwal pada uji kompetensi ini.");
                continue;
            }
            var name = app.DiplomaName ?? app.Person!.FullName;
            if (app.Status != ApplicationStatus.Scheduled)
            {
                errors.Add($"{where}{name}: hasil sudah dicatat atau status {RegistryLists.Display(app.Status)}; hasil hanya dapat dicatat untuk peserta terjadwal.");
                continue;
            }
            var units = app.Scheme!.Units;
            var unknown = e.Units.Where(u => units.All(s => s.Id != u.UnitId)).ToList();
            if (unknown.Count > 0) errors.Add($"{where}{name}: ada unit yang bukan bagian dari {app.Scheme.Name}.");
            var missing = units.Where(s => e.Units.All(u => u.UnitId != s.Id)).OrderBy(s => s.SortOrder).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{where}{name}: hasil unit belum lengkap — {string.Join(", ", missing.Select(UnitLabel))}. Isi K atau BK untuk setiap unit.");
            }
            var notYet = e.Units.Where(u => !u.Competent).Select(u => units.FirstOrDefault(s => s.Id == u.UnitId)).OfType<SchemeUnit>().ToList();
            if (e.Competent && notYet.Count > 0)
            {
                errors.Add($"{where}{name}: hasil keseluruhan K tetapi unit {string.Join(", ", notYet.Select(UnitLabel))} BK. Periksa kembali berita acara asesor.");
            }
        }
        if (errors.Count > 0 || dryRun) return new(errors, []);

        var now = clock.GetUtcNow();
        var certificates = new List<Certificate>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var e in entries)
        {
            var app = apps[e.ApplicationId];
            foreach (var u in e.Units)
            {
                db.UnitResults.Add(new UnitResult { ApplicationId = app.Id, UnitId = u.UnitId, Competent = u.Competent, Attempt = app.Attempt });
            }
            db.AssessmentOutcomes.Add(new AssessmentOutcome { ApplicationId = app.Id, EventId = eventId, Attempt = app.Attempt, Competent = e.Competent, RecordedBy = actor, RecordedAt = now });
            app.RecordResult(e.Competent, actor, now);
            if (e.Competent)
            {
                var certificate = new Certificate
                {
                    PersonId = app.PersonId,
                    SchemeId = app.SchemeId,
                    Number = NumberFor(app, issuedOn),
                    IssuedOn = issuedOn,
                    ValidUntil = issuedOn.AddYears(app.Scheme!.ValidityYears),
                    Source = CertificateSource.Assessment,
                    ApplicationId = app.Id,
                    VerificationCode = Certificate.NewVerificationCode(),
                };
                db.Certificates.Add(certificate);
                certificates.Add(certificate);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new([], certificates);
    }

    /// <summary>Kompeten's register number until the LSP's own is entered: year, scheme, application.</summary>
    public static string NumberFor(Application app, DateOnly issuedOn) => $"KPT/{issuedOn:yyyy}/{app.SchemeId:00}/{app.Id:00000}";

    public static string UnitLabel(SchemeUnit u) => u.Code is { Length: > 0 } code ? code : u.Title;
}

/// <summary>
/// Results from a spreadsheet (columns NIK, Kode unit, K/BK, Keseluruhan): every row checked, every
/// problem reported with its row number, and nothing applied unless the whole file is right.
/// </summary>
public sealed partial class ResultsImport(AppDbContext db, NikProtector nik, AssessmentResults results, IOptions<ImportOptions> options)
{
    public sealed record RowError(int Row, string Message);

    public sealed record Report(int Rows, int Candidates, int Competent, int NotYetCompetent, List<RowError> Errors, bool Applied, bool DryRun)
    {
        public bool Succeeded => Errors.Count == 0;

        /// <summary>The HTTP status of a file refused before any row was read: 413 over the size limit, else 400.</summary>
        public int? RefusedWith { get; init; }
    }

    public static readonly string[] Headers = ["NIK", "Kode unit", "K/BK", "Keseluruhan"];

    private static readonly (string Key, string[] Names)[] Columns =
    [
        ("nik", ["NIK"]),
        ("unit", ["Kode unit", "Unit", "Kode", "Unit code"]),
        ("result", ["K/BK", "Hasil unit", "Hasil", "Result"]),
        ("overall", ["Keseluruhan", "Hasil keseluruhan", "Rekomendasi", "Overall"]),
    ];

    [GeneratedRegex(@"^\d{16}$")]
    private static partial Regex SixteenDigits();

    /// <summary>A file that cannot be read, or is over the upload limits, is refused (<see cref="Report.RefusedWith"/>) and nothing is changed.</summary>
    public async Task<Report> RunAsync(AssessmentEvent ev, Stream file, DateOnly issuedOn, bool dryRun, string actor, CancellationToken ct = default)
    {
        var errors = new List<RowError>();
        ImportSheet sheet;
        try
        {
            // The upload's own name is not passed down; the content decides xlsx, xls or csv.
            sheet = ImportSheet.Read(file, "hasil uji", options.Value.Limits);
        }
        catch (TabularFileException e)
        {
            return new(0, 0, 0, 0, [new(0, e.Message)], false, dryRun) { RefusedWith = e.StatusCode };
        }
        var rows = sheet.Rows;
        if (sheet.HeaderRow == 0)
        {
            return new(0, 0, 0, 0, [new(0, $"Berkas tidak berisi apa pun. Isi baris judul ({string.Join(", ", Headers)}) dan satu baris per peserta per unit, misalnya pada templat.")], false, dryRun);
        }
        var col = sheet.Locate(Columns, out var missingColumns);
        if (missingColumns.Count > 0)
        {
            return new(rows.Count, 0, 0, 0, [new(sheet.HeaderRow, $"Kolom {string.Join(", ", missingColumns)} tidak ditemukan di baris judul. Gunakan kolom: {string.Join(", ", Headers)}.")], false, dryRun);
        }
        if (rows.Count == 0) return new(0, 0, 0, 0, [new(sheet.HeaderRow + 1, "Berkas tidak berisi baris hasil; isi satu baris per peserta per unit di bawah baris judul.")], false, dryRun);

        var scheduled = await db.Applications.AsNoTracking()
            .Where(a => a.AssessmentEventId == ev.Id && a.Status == ApplicationStatus.Scheduled)
            .Select(a => new { a.Id, a.Person!.NikHash, a.SchemeId, Units = a.Scheme!.Units.Select(u => new { u.Id, u.Code, u.Title }).ToList() })
            .ToListAsync(ct);
        var byHash = scheduled.ToDictionary(a => a.NikHash);

        var perCandidate = new Dictionary<int, (int FirstRow, bool? Overall, List<AssessmentResults.UnitOutcome> Units)>();
        foreach (var row in rows)
        {
            var n = row.Number;
            var rawNik = row[col["nik"]].Text;
            if (ImportSheet.IsImpreciseNumber(row, col["nik"]))
            {
                errors.Add(new(n, "NIK tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom NIK sebagai Teks lalu ketik ulang NIK."));
                continue;
            }
            var digits = rawNik is null ? "" : new string(rawNik.Where(c => !char.IsWhiteSpace(c) && c != '\'').ToArray());
            if (digits.Length == 0) { errors.Add(new(n, "NIK kosong; isi 16 digit NIK peserta.")); continue; }
            if (!SixteenDigits().IsMatch(digits)) { errors.Add(new(n, $"NIK \"{Mask(digits)}\" tidak valid; NIK terdiri dari 16 digit angka.")); continue; }
            if (!byHash.TryGetValue(nik.Hash(digits), out var app))
            {
                errors.Add(new(n, $"NIK {IdentityNumbers.MaskNik(digits)} tidak dikenal sebagai peserta terjadwal pada uji kompetensi ini. Periksa NIK atau jadwalkan pesertanya terlebih dahulu."));
                continue;
            }
            var unitText = row[col["unit"]].Text;
            var unit = unitText is null ? null : app.Units.FirstOrDefault(u =>
                string.Equals(u.Code, unitText, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Title, unitText, StringComparison.OrdinalIgnoreCase));
            var rowOk = true;
            if (unit is null)
            {
                errors.Add(new(n, unitText is null ? "Kode unit kosong; isi kode unit kompetensi." : $"Kode unit \"{unitText}\" tidak dikenal pada klaster peserta ini. Periksa penulisan kode unit."));
                rowOk = false;
            }
            var resultText = row[col["result"]].Text;
            var unitResult = ParseResult(resultText);
            if (unitResult is null)
            {
                errors.Add(new(n, $"Hasil unit \"{resultText}\" tidak dikenal; tulis K (Kompeten) atau BK (Belum Kompeten)."));
                rowOk = false;
            }
            var overallText = row[col["overall"]].Text;
            var overall = ParseResult(overallText);
            if (overall is null)
            {
                errors.Add(new(n, $"Hasil keseluruhan \"{overallText}\" tidak dikenal; tulis K (Kompeten) atau BK (Belum Kompeten)."));
                rowOk = false;
            }
            if (!rowOk) continue;
            if (!perCandidate.TryGetValue(app.Id, out var acc)) acc = (n, overall, []);
            if (acc.Overall != overall)
            {
                errors.Add(new(n, $"Hasil keseluruhan berbeda dengan baris {acc.FirstRow} untuk NIK yang sama; satu peserta hanya punya satu hasil keseluruhan."));
                continue;
            }
            if (acc.Units.Any(u => u.UnitId == unit!.Id))
            {
                errors.Add(new(n, $"Unit \"{unitText}\" untuk NIK ini sudah tercantum di baris sebelumnya; hapus salah satunya."));
                continue;
            }
            acc.Units.Add(new(unit!.Id, unitResult!.Value));
            perCandidate[app.Id] = acc;
        }

        var entries = perCandidate.Select(kv => new AssessmentResults.Entry(kv.Key, kv.Value.Units, kv.Value.Overall!.Value, kv.Value.FirstRow)).ToList();
        if (errors.Count == 0)
        {
            var outcome = await results.RecordAsync(ev.Id, entries, issuedOn, actor, dryRun, ct);
            errors.AddRange(outcome.Errors.Select(e => new RowError(0, e)));
        }
        var applied = errors.Count == 0 && !dryRun;
        return new(rows.Count, entries.Count, entries.Count(e => e.Competent), entries.Count(e => !e.Competent), errors.OrderBy(e => e.Row).ToList(), applied, dryRun);
    }

    public static bool? ParseResult(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "K" or "KOMPETEN" => true,
        "BK" or "BELUM KOMPETEN" => false,
        _ => null,
    };

    private static string Mask(string s) => s.Length <= 6 ? s : s[..6] + "…";

    /// <summary>An empty template with the expected columns, formatted as text so a typed NIK keeps its 16 digits.</summary>
    public static byte[] Template() => XlsxWriter.ToBytes(x => x.AddSheet("Hasil", XlsxColumn.Fitting(Headers, XlsxFormat.Text), []));
}
