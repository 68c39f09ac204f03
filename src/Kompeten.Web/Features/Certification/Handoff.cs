using System.Globalization;
using System.IO.Compression;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// What the province hands to the LSP and BNSP for one assessment event: the candidate list
/// (xlsx), APL-01/APL-02 PDFs, a ZIP of every candidate's documents with consistent names, and
/// the BNSP result list. All carry NIKs: every download is written to the NIK access log.
/// </summary>
public sealed class Handoff(AppDbContext db, NikProtector nik, ApplicationForms forms, IFileStore files, TimeProvider clock)
{
    public static readonly string[] CandidateListHeaders =
        ["No", "Nama (sesuai ijazah)", "NIK", "Tempat lahir", "Tanggal lahir", "Jenis kelamin", "Institusi", "Klaster", "Telepon/WA", "E-mail", "Kabupaten/Kota"];

    public static readonly string[] BnspHeaders = ["No", "NIK", "Nama (sesuai ijazah)", "Tempat lahir", "Tanggal lahir", "Jenis kelamin", "Klaster", "Hasil (K/BK)", "Nomor sertifikat"];

    private sealed record Candidate(int ApplicationId, int PersonId, string Name, string Nik, string? BirthPlace, DateOnly BirthDate, Sex Sex,
        string? Institution, string Scheme, string? Phone, string? Email, string? Regency);

    private async Task<List<Candidate>> CandidatesAsync(int eventId, CancellationToken ct)
    {
        var rows = await db.Applications.AsNoTracking()
            .Where(a => a.AssessmentEventId == eventId && Application.OnEvent.Contains(a.Status))
            .Select(a => new
            {
                a.Id, a.PersonId, a.DiplomaName, a.Person!.FullName, a.Person.NikCipher, a.Person.BirthPlace, a.Person.BirthDate, a.Person.Sex,
                Institution = a.Institution ?? a.Person.Library!.Name, Scheme = a.Scheme!.Name, a.Person.Phone, a.Person.Email, Regency = a.Person.Regency!.Name,
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new Candidate(r.Id, r.PersonId, r.DiplomaName ?? Person.NormalizeName(r.FullName), nik.Unprotect(r.NikCipher), r.BirthPlace, r.BirthDate, r.Sex,
                r.Institution, r.Scheme, r.Phone, r.Email, r.Regency))
            .OrderBy(r => r.Scheme).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<(byte[] Bytes, int Count)> CandidateListAsync(int eventId, CancellationToken ct = default)
    {
        var candidates = await CandidatesAsync(eventId, ct);
        return (CandidateList(candidates), candidates.Count);
    }

    private static byte[] CandidateList(List<Candidate> candidates)
    {
        var n = 0;
        return XlsxWriter.ToBytes(x => x.AddSheet("Daftar peserta", XlsxColumn.Fitting(CandidateListHeaders, XlsxFormat.Text), candidates.Select(c => (IReadOnlyList<object?>)
            [++n, c.Name, c.Nik, c.BirthPlace, Date(c.BirthDate), RegistryLists.Display(c.Sex), c.Institution, c.Scheme, c.Phone, c.Email, c.Regency])));
    }

    /// <summary>Dates as dd-MM-yyyy text, as the LSP and BNSP forms write them: the same in any locale's spreadsheet.</summary>
    private static string Date(DateOnly d) => d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    public async Task<(byte[] Bytes, int Count)> BnspListAsync(int eventId, CancellationToken ct = default)
    {
        var candidates = await CandidatesAsync(eventId, ct);
        var ids = candidates.Select(c => c.ApplicationId).ToList();
        var outcomes = await db.AssessmentOutcomes.AsNoTracking().Where(o => o.EventId == eventId && ids.Contains(o.ApplicationId))
            .ToDictionaryAsync(o => o.ApplicationId, ct);
        var numbers = await db.Certificates.AsNoTracking().Where(c => c.ApplicationId != null && ids.Contains(c.ApplicationId.Value))
            .ToDictionaryAsync(c => c.ApplicationId!.Value, c => c.Number, ct);
        var n = 0;
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Hasil uji", XlsxColumn.Fitting(BnspHeaders, XlsxFormat.Text), candidates.Select(c => (IReadOnlyList<object?>)
        [
            ++n, c.Nik, c.Name, c.BirthPlace, Date(c.BirthDate), RegistryLists.Display(c.Sex), c.Scheme,
            outcomes.TryGetValue(c.ApplicationId, out var o) ? (o.Competent ? "K" : "BK") : "belum ada hasil",
            numbers.GetValueOrDefault(c.ApplicationId),
        ])));
        return (bytes, candidates.Count);
    }

    /// <summary>The document's file name inside the candidate's folder: "02_KTP.pdf", "10_BUKTI_R.91PRP02.021.1_1.pdf".</summary>
    public static string EntryName(PortfolioDocument d, IReadOnlyList<string> kindOrder, IReadOnlyDictionary<int, string> unitLabels, int evidenceIndex)
    {
        var extension = UploadSniffer.Extensions.GetValueOrDefault(d.ContentType, ".bin");
        if (d.Kind == DocumentKinds.UnitEvidence)
        {
            var unit = d.UnitId is { } u ? unitLabels.GetValueOrDefault(u, $"UNIT{u}") : "UNIT";
            return $"{kindOrder.Count + 1:00}_BUKTI_{ApplicationForms.FileSafe(unit)}_{evidenceIndex}{extension}";
        }
        var index = kindOrder.ToList().IndexOf(d.Kind);
        var position = index >= 0 ? index + 1 : kindOrder.Count + 1;
        return $"{position:00}_{ApplicationForms.FileSafe(KindFileLabels.GetValueOrDefault(d.Kind, d.Kind))}{extension}";
    }

    public static readonly IReadOnlyDictionary<string, string> KindFileLabels = new Dictionary<string, string>
    {
        [DocumentKinds.Photo] = "PAS_FOTO",
        [DocumentKinds.IdentityCard] = "KTP",
        [DocumentKinds.Diploma] = "IJAZAH",
        [DocumentKinds.Transcript] = "TRANSKRIP",
        [DocumentKinds.EmploymentDecree] = "SK_KERJA",
        [DocumentKinds.FunctionalDecree] = "SK_FUNGSIONAL",
        [DocumentKinds.Recommendation] = "REKOMENDASI_ATASAN",
        [DocumentKinds.Cv] = "CV",
        [DocumentKinds.TrainingCertificate] = "SERTIFIKAT_PELATIHAN",
    };

    public static string FolderName(string nik, string name) => $"{nik}_{ApplicationForms.FileSafe(name)}";

    /// <summary>
    /// The ZIP: daftar-peserta.xlsx at the root, then per candidate "{NIK}_{NAMA}/" with APL-01.pdf,
    /// APL-02.pdf and the documents numbered in the order of the scheme's checklist.
    /// </summary>
    public async Task<int> WriteZipAsync(int eventId, Stream output, CancellationToken ct = default)
    {
        var candidates = await CandidatesAsync(eventId, ct);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await AddAsync(zip, "daftar-peserta.xlsx", CandidateList(candidates), ct);
        foreach (var c in candidates)
        {
            var data = await forms.LoadAsync(c.ApplicationId, ct);
            if (data is null) continue;
            var folder = FolderName(c.Nik, c.Name);
            await AddAsync(zip, $"{folder}/APL-01.pdf", await forms.Apl01PdfAsync(data, ct), ct);
            await AddAsync(zip, $"{folder}/APL-02.pdf", await forms.Apl02PdfAsync(data, ct), ct);
            // Numbered in the order of the scheme's checklist, then any optional kinds present; unit evidence last.
            var order = data.Scheme.RequiredDocuments
                .Concat(DocumentKinds.Defaults.Append(DocumentKinds.TrainingCertificate).Where(k => data.Documents.Any(d => d.Kind == k)))
                .Distinct().ToList();
            var unitLabels = data.Scheme.Units.ToDictionary(u => u.Id, AssessmentResults.UnitLabel);
            var perUnit = new Dictionary<int, int>();
            foreach (var doc in data.Documents.OrderBy(d => d.Kind == DocumentKinds.UnitEvidence).ThenBy(d => d.Id))
            {
                var evidenceIndex = doc.UnitId is { } u ? perUnit[u] = perUnit.GetValueOrDefault(u) + 1 : 0;
                await using var stream = await files.OpenAsync(doc.Sha256, ct);
                if (stream is null) continue;
                var entry = zip.CreateEntry($"{folder}/{EntryName(doc, order, unitLabels, evidenceIndex)}", CompressionLevel.Fastest);
                await using var target = entry.Open();
                await stream.CopyToAsync(target, ct);
            }
        }
        return candidates.Count;
    }

    private static async Task AddAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var target = entry.Open();
        await target.WriteAsync(bytes, ct);
    }

    /// <summary>Writes the NIK access log row of a hand-off download (UU PDP: who exported whose NIK, when, why).</summary>
    public async Task LogAsync(string userId, string userName, string detail, int count, int? personId = null, CancellationToken ct = default)
    {
        db.NikAccessLogs.Add(new NikAccessLog
        {
            PersonId = personId,
            UserId = userId,
            UserName = userName,
            Action = "handoff",
            Detail = detail,
            RecordCount = count,
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}
