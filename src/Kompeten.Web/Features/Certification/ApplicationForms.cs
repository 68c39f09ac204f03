using System.Globalization;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static System.Net.WebUtility;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// FR.APL.01 (application) and FR.APL.02 (self-assessment) as printable HTML, rendered to PDF by
/// Chromium for the LSP. They carry the full NIK: callers log each rendering (NikAccessLog "handoff").
/// </summary>
public sealed class ApplicationForms(AppDbContext db, NikProtector nik, PdfRenderer pdf)
{
    public sealed record FormData(
        Application App, Person Person, Scheme Scheme, string Nik, string? LibraryName, string? RegencyName,
        Dictionary<string, string> References, List<UnitClaim> Claims, List<PortfolioDocument> Documents, AssessmentEvent? Event);

    public async Task<FormData?> LoadAsync(int applicationId, CancellationToken ct = default)
    {
        var app = await db.Applications.AsNoTracking()
            .Include(a => a.Person).ThenInclude(p => p!.Library)
            .Include(a => a.Person).ThenInclude(p => p!.Regency)
            .Include(a => a.Scheme).ThenInclude(s => s!.Units).ThenInclude(u => u.Elements)
            .Include(a => a.Claims)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (app is null) return null;
        var documents = await db.PortfolioDocuments.AsNoTracking().Where(d => d.ApplicationId == app.Id && !d.Superseded).OrderBy(d => d.Id).ToListAsync(ct);
        var references = await db.ReferenceItems.AsNoTracking().ToDictionaryAsync(r => $"{r.Kind}:{r.Code}", r => r.Name, ct);
        var ev = app.AssessmentEventId is { } eid ? await db.AssessmentEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eid, ct) : null;
        return new FormData(app, app.Person!, app.Scheme!, nik.Unprotect(app.Person!.NikCipher), app.Person.Library?.Name, app.Person.Regency?.Name,
            references, app.Claims, documents, ev);
    }

    public Task<byte[]> Apl01PdfAsync(FormData d, CancellationToken ct = default) => pdf.RenderAsync(Apl01Html(d), ct: ct);
    public Task<byte[]> Apl02PdfAsync(FormData d, CancellationToken ct = default) => pdf.RenderAsync(Apl02Html(d), ct: ct);

    private const string Style = """
        <style>
          @page { size: A4; margin: 15mm; }
          body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; }
          h1 { font-size: 14pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #555; }
          .sub { color: #444; margin-bottom: 4mm; }
          table { width: 100%; border-collapse: collapse; }
          td, th { border: 1px solid #777; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
          th { background: #eee; } td.k { width: 38%; background: #fafafa; }
          .sign { margin-top: 12mm; display: flex; justify-content: space-between; }
          .sign div { width: 45%; } .line { margin-top: 18mm; border-top: 1px solid #111; }
          .elem { color: #333; padding-left: 6mm; }
        </style>
        """;

    private static string E(string? s) => HtmlEncode(s ?? "—");

    private static string Date(DateOnly d) => d.ToString("d MMMM yyyy", KompetenServices.Indonesian);

    public static string Apl01Html(FormData d)
    {
        var p = d.Person;
        string Ref(string kind, string? code) => code is null ? "—" : d.References.GetValueOrDefault($"{kind}:{code}", code);
        var rows = new (string, string)[]
        {
            ("Nama lengkap (sesuai ijazah)", d.App.DiplomaName ?? Person.NormalizeName(p.FullName)),
            ("NIK", d.Nik),
            ("Tempat, tanggal lahir", $"{p.BirthPlace ?? "—"}, {Date(p.BirthDate)}"),
            ("Jenis kelamin", RegistryLists.Display(p.Sex)),
            ("Kabupaten/Kota", d.RegencyName ?? p.RegencyCode),
            ("Telepon/WA", p.Phone ?? "—"),
            ("E-mail", p.Email ?? "—"),
            ("Pendidikan terakhir", $"{RegistryLists.Display(p.EducationLevel)} {p.EducationField}{(p.LibraryScienceEducation ? " (ilmu perpustakaan)" : "")}"),
        };
        var work = new (string, string)[]
        {
            ("Nama institusi / perpustakaan", d.App.Institution ?? d.LibraryName ?? "—"),
            ("Jabatan", d.App.Position ?? Ref(ReferenceKind.FunctionalLevel, p.FunctionalLevelCode)),
            ("Kategori tenaga", Ref(ReferenceKind.StaffCategory, p.StaffCategoryCode)),
            ("Status kepegawaian", Ref(ReferenceKind.EmploymentStatus, p.EmploymentStatusCode)),
            ("NIP", p.Nip ?? "—"),
        };
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>FR.APL.01</title>").Append(Style).Append("</head><body>");
        sb.Append("<h1>FR.APL.01. PERMOHONAN SERTIFIKASI KOMPETENSI</h1>");
        sb.Append($"<div class=\"sub\">Skema: <b>{E(d.Scheme.Name)}</b> · No. pengajuan {d.App.Id}</div>");
        sb.Append("<h2>Bagian 1: Rincian Data Pemohon</h2>").Append(Table(rows));
        sb.Append("<h2>Data Pekerjaan Sekarang</h2>").Append(Table(work));
        sb.Append("<h2>Bagian 2: Data Sertifikasi</h2>").Append(Table([
            ("Skema sertifikasi (klaster)", d.Scheme.Name),
            ("Tujuan asesmen", RegistryLists.Display(d.App.Purpose)),
            ("Uji kompetensi", d.Event is null ? "—" : $"{d.Event.Name}, {d.Event.TestSite}, {Date(d.Event.StartDate)}"),
        ]));
        sb.Append("<table><tr><th>No.</th><th>Kode unit</th><th>Judul unit kompetensi</th></tr>");
        var i = 0;
        foreach (var u in d.Scheme.Units.OrderBy(u => u.SortOrder)) sb.Append($"<tr><td>{++i}</td><td>{E(u.Code)}</td><td>{E(u.Title)}</td></tr>");
        sb.Append("</table>");
        sb.Append("<h2>Bagian 3: Bukti Kelengkapan Pemohon</h2><table><tr><th>No.</th><th>Dokumen</th><th>Berkas</th></tr>");
        i = 0;
        foreach (var doc in d.Documents.Where(x => x.Kind != DocumentKinds.UnitEvidence))
        {
            sb.Append($"<tr><td>{++i}</td><td>{E(DocumentKinds.Labels.GetValueOrDefault(doc.Kind, doc.Kind))}</td><td>{E(doc.OriginalName)}</td></tr>");
        }
        sb.Append("</table>");
        sb.Append($"<div class=\"sign\"><div>Pemohon<div class=\"line\">{E(d.App.DiplomaName)}</div></div><div>Admin LSP<div class=\"line\">&nbsp;</div></div></div>");
        sb.Append("</body></html>");
        return sb.ToString();
    }

    public static string Apl02Html(FormData d)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>FR.APL.02</title>").Append(Style).Append("</head><body>");
        sb.Append("<h1>FR.APL.02. ASESMEN MANDIRI</h1>");
        sb.Append($"<div class=\"sub\">Skema: <b>{E(d.Scheme.Name)}</b> · Nama peserta: <b>{E(d.App.DiplomaName)}</b> · NIK {E(d.Nik)}</div>");
        sb.Append("<table><tr><th>Unit kompetensi / elemen</th><th style=\"width:16%\">Penilaian</th><th style=\"width:30%\">Bukti</th></tr>");
        foreach (var u in d.Scheme.Units.OrderBy(u => u.SortOrder))
        {
            var claim = d.Claims.FirstOrDefault(c => c.UnitId == u.Id && c.ElementId == null);
            var evidence = d.Documents.Where(x => (claim?.EvidenceDocumentIds.Contains(x.Id) ?? false) || (x.Kind == DocumentKinds.UnitEvidence && x.UnitId == u.Id))
                .Select(x => x.OriginalName).Distinct().ToList();
            sb.Append($"<tr><td><b>{E(u.Code)}</b> {E(u.Title)}{(claim?.Note is { Length: > 0 } note ? $"<div class=\"elem\">Catatan: {E(note)}</div>" : "")}</td>");
            sb.Append($"<td>{Verdict(claim)}</td><td>{(evidence.Count == 0 ? "—" : string.Join("<br>", evidence.Select(E)))}</td></tr>");
            foreach (var el in u.Elements.OrderBy(e => e.SortOrder))
            {
                var ec = d.Claims.FirstOrDefault(c => c.UnitId == u.Id && c.ElementId == el.Id);
                sb.Append($"<tr><td class=\"elem\">Elemen: {E(el.Title)}</td><td>{Verdict(ec)}</td><td></td></tr>");
            }
        }
        sb.Append("</table>");
        sb.Append($"<div class=\"sign\"><div>Peserta<div class=\"line\">{E(d.App.DiplomaName)}</div></div><div>Asesor<div class=\"line\">&nbsp;</div></div></div>");
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static string Verdict(UnitClaim? c) => c is null ? "belum diisi" : c.Competent ? "K (kompeten)" : "BK (belum kompeten)";

    private static string Table(IEnumerable<(string Key, string Value)> rows) =>
        "<table>" + string.Concat(rows.Select(r => $"<tr><td class=\"k\">{E(r.Key)}</td><td>{E(r.Value)}</td></tr>")) + "</table>";

    /// <summary>"Siti Aminah, S.IP" → "SITI_AMINAH_S.IP": safe in file and folder names on every system (no separators, no leading dot).</summary>
    public static string FileSafe(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : c is '-' or '.' ? c : '_');
        }
        var s = string.Join('_', sb.ToString().Split('_', StringSplitOptions.RemoveEmptyEntries)).Trim('.');
        return s.Length == 0 ? "X" : s.Length > 60 ? s[..60] : s;
    }
}
