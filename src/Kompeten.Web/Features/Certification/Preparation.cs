using Kompeten.Web.Data;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>One line of the "what is still missing" checklist of an application.</summary>
public sealed record ChecklistItem(string Label, bool Done, string? Hint = null);

/// <summary>
/// The candidate's side of an application: eligibility from the registry and declared history,
/// the checklist that must be complete before submitting, and portfolio uploads checked by
/// content (never by name) and stored in the file store.
/// </summary>
public sealed class Preparation(AppDbContext db, IFileStore files, TimeProvider clock)
{
    public DateOnly Today => clock.Today();

    public async Task<EligibilityInput> EligibilityInputAsync(Person person, CancellationToken ct = default)
    {
        var experience = await db.WorkExperiences.AsNoTracking().Where(w => w.PersonId == person.Id).ToListAsync(ct);
        var trainings = await db.TrainingRecords.AsNoTracking().Where(t => t.PersonId == person.Id).ToListAsync(ct);
        var attended = await WorkshopEvidenceAsync(person.Id, ct);
        return new EligibilityInput(
            person.EducationLevel,
            person.LibraryScienceEducation,
            person.EducationField,
            [.. trainings.Select(t => new TrainingEvidence(t.Title, t.Date, t.CompetencyBased)), .. attended],
            experience.Select(w => new ExperienceSpan(w.From, w.To, w.SchemeKeys)).ToList(),
            person.LibraryWorkStart);
    }

    /// <summary>
    /// Kompeten's own certificates of attendance that count as a competency-based library training
    /// certificate (route b): only from programmes an administrator marked as qualifying, never revoked.
    /// </summary>
    public Task<List<TrainingEvidence>> WorkshopEvidenceAsync(int personId, CancellationToken ct = default) =>
        db.AttendanceCertificates.AsNoTracking()
            .Where(c => c.Participant!.PersonId == personId && c.RevokedAt == null && c.Batch!.Programme!.QualifiesAsTrainingCertificate)
            .OrderByDescending(c => c.Batch!.EndDate)
            .Select(c => new TrainingEvidence(c.Batch!.Programme!.Name, c.Batch.EndDate, true, "sertifikat kehadiran Kompeten No. " + c.Number))
            .ToListAsync(ct);

    public async Task<EligibilityResult> EligibilityAsync(Person person, Scheme scheme, CancellationToken ct = default) =>
        Eligibility.Evaluate(await EligibilityInputAsync(person, ct), scheme, Today);

    /// <summary>The scheme's required documents; the functional-position decree only for functional librarians.</summary>
    public static IReadOnlyList<string> RequiredKinds(Scheme scheme, Person person) => scheme.RequiredDocuments
        .Where(k => k != DocumentKinds.FunctionalDecree || IsFunctional(person))
        .ToList();

    public static bool IsFunctional(Person person) => person.FunctionalLevelCode is { Length: > 0 } code && code != "tidak-ada";

    /// <summary>Everything the candidate must complete before submitting to the mentor.</summary>
    public async Task<List<ChecklistItem>> ChecklistAsync(Application app, CancellationToken ct = default)
    {
        var person = app.Person ?? await db.People.AsNoTracking().FirstAsync(p => p.Id == app.PersonId, ct);
        var scheme = app.Scheme?.Units.Count > 0 ? app.Scheme : await db.Schemes.AsNoTracking().Include(s => s.Units).FirstAsync(s => s.Id == app.SchemeId, ct);
        var documents = await db.PortfolioDocuments.AsNoTracking().Where(d => d.ApplicationId == app.Id && !d.Superseded).ToListAsync(ct);
        var claims = await db.UnitClaims.AsNoTracking().Where(c => c.ApplicationId == app.Id && c.ElementId == null).ToListAsync(ct);
        var items = new List<ChecklistItem>();

        var eligibility = await EligibilityAsync(person, scheme, ct);
        items.Add(new("Memenuhi syarat klaster", eligibility.Eligible, eligibility.Eligible ? eligibility.Summary : "Lengkapi riwayat kerja atau pelatihan: " + eligibility.Summary));
        items.Add(new("FR.APL.01: nama sesuai ijazah (huruf kapital)", !string.IsNullOrWhiteSpace(app.DiplomaName), "Isi nama persis seperti tertulis di ijazah."));
        foreach (var kind in RequiredKinds(scheme, person))
        {
            items.Add(new($"Dokumen: {DocumentKinds.Labels.GetValueOrDefault(kind, kind)}", documents.Any(d => d.Kind == kind), "Unggah berkas PDF, JPG, atau PNG (maks. 10 MB)."));
        }
        foreach (var unit in scheme.Units.OrderBy(u => u.SortOrder))
        {
            var claim = claims.FirstOrDefault(c => c.UnitId == unit.Id);
            var label = $"FR.APL.02: {unit.Code} {unit.Title}".Replace("  ", " ");
            if (claim is null) items.Add(new(label, false, "Pilih \"kompeten\" atau \"belum kompeten\" untuk unit ini."));
            else if (claim.Competent)
            {
                var hasEvidence = claim.EvidenceDocumentIds.Any(id => documents.Any(d => d.Id == id)) || documents.Any(d => d.Kind == DocumentKinds.UnitEvidence && d.UnitId == unit.Id);
                items.Add(new(label + " — bukti", hasEvidence, "Klaim kompeten harus menunjuk bukti: unggah bukti untuk unit ini atau pilih dokumen yang sudah diunggah."));
            }
            else items.Add(new(label, true, "Dinyatakan belum kompeten."));
        }
        return items;
    }

    public sealed record UploadResult(PortfolioDocument? Document, string? Error);

    /// <summary>A document over <see cref="UploadSniffer.MaxBytes"/>: its size when known (the name too), the limit, and how to make it smaller.</summary>
    public static string TooLarge(string? name, long? bytes) =>
        (bytes is { } b ? $"Berkas{(name is null ? "" : $" \"{name}\"")} berukuran {b / 1024d / 1024d:0.0} MB; batas" : "Berkas lebih besar dari batas")
        + $" {UploadSniffer.MaxBytes / 1024 / 1024} MB per berkas. " +
        "Perkecil berkas (misalnya pindai ulang dengan resolusi 150 dpi atau simpan sebagai PDF terkompresi) lalu unggah lagi.";

    /// <summary>Checks and stores an upload; the previous file of the same kind is kept but superseded.</summary>
    public async Task<UploadResult> UploadAsync(Application app, string kind, int? unitId, IFormFile? file, string actor, CancellationToken ct = default)
    {
        if (file is null || file.Length == 0) return new(null, "Pilih berkas yang akan diunggah; berkas kosong tidak dapat disimpan.");
        var safe = UploadSniffer.SafeName(file.FileName);
        if (file.Length > UploadSniffer.MaxBytes) return new(null, TooLarge(safe, file.Length));
        if (!DocumentKinds.Labels.ContainsKey(kind)) return new(null, "Jenis dokumen tidak dikenal; pilih jenis dokumen dari daftar.");
        if (kind == DocumentKinds.UnitEvidence)
        {
            if (unitId is null || !await db.SchemeUnits.AnyAsync(u => u.Id == unitId && u.SchemeId == app.SchemeId, ct))
                return new(null, "Bukti kompetensi harus diunggah pada salah satu unit klaster ini.");
        }
        else unitId = null;

        string? contentType;
        await using (var head = file.OpenReadStream())
        {
            var buffer = new byte[16];
            var read = await head.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            contentType = UploadSniffer.Sniff(buffer.AsSpan(0, read));
        }
        if (contentType is null)
        {
            return new(null, $"Berkas \"{safe}\" bukan PDF, JPG, atau PNG — isi berkas yang diperiksa, bukan namanya. " +
                "Simpan atau pindai dokumen sebagai PDF, JPG, atau PNG lalu unggah lagi.");
        }
        string hash;
        await using (var content = file.OpenReadStream()) hash = await files.SaveAsync(content, ct);

        var replaced = kind == DocumentKinds.UnitEvidence ? [] : await db.PortfolioDocuments
            .Where(d => d.ApplicationId == app.Id && d.Kind == kind && !d.Superseded).Select(d => d.Id).ToListAsync(ct);
        if (replaced.Count > 0)
        {
            await db.PortfolioDocuments.Where(d => replaced.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Superseded, true), ct);
        }
        var document = new PortfolioDocument
        {
            ApplicationId = app.Id,
            Kind = kind,
            UnitId = unitId,
            OriginalName = safe,
            ContentType = contentType,
            Size = file.Length,
            Sha256 = hash,
            UploadedBy = actor,
            UploadedAt = clock.GetUtcNow(),
        };
        db.PortfolioDocuments.Add(document);
        await db.SaveChangesAsync(ct);
        if (replaced.Count > 0)
        {
            // Claims that pointed at the replaced file now point at its replacement.
            foreach (var claim in await db.UnitClaims.Where(c => c.ApplicationId == app.Id).ToListAsync(ct))
            {
                if (!claim.EvidenceDocumentIds.Any(replaced.Contains)) continue;
                claim.EvidenceDocumentIds = [.. claim.EvidenceDocumentIds.Where(id => !replaced.Contains(id)).Append(document.Id).Distinct()];
            }
            await db.SaveChangesAsync(ct);
        }
        if (unitId is not null)
        {
            var claim = await db.UnitClaims.FirstOrDefaultAsync(c => c.ApplicationId == app.Id && c.UnitId == unitId && c.ElementId == null, ct);
            if (claim is not null && !claim.EvidenceDocumentIds.Contains(document.Id))
            {
                claim.EvidenceDocumentIds = [.. claim.EvidenceDocumentIds, document.Id];
                await db.SaveChangesAsync(ct);
            }
        }
        return new(document, null);
    }

    /// <summary>The name a download gets: the uploaded name with the extension of what the bytes really are.</summary>
    public static string DownloadName(PortfolioDocument d) =>
        Path.GetFileNameWithoutExtension(d.OriginalName) + UploadSniffer.Extensions.GetValueOrDefault(d.ContentType, "");
}
