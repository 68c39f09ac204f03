using System.IO.Compression;
using System.Net;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Training;

/// <summary>Shared bits of the printed documents: the letterhead, styles, Indonesian dates.</summary>
internal static class DocumentParts
{
    public static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    public const string BaseCss = """
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Serif", "Liberation Serif", "Times New Roman", serif; font-size: 11pt; color: #111; margin: 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #333; padding: 4px 6px; vertical-align: top; }
        th { background: #e9ecef; }
        .kop { display: flex; align-items: center; border-bottom: 3px double #000; padding-bottom: 6px; margin-bottom: 12px; text-align: center; }
        .kop div { flex: 1; }
        .kop .gov { font-size: 13pt; font-weight: bold; }
        .kop .agency { font-size: 15pt; font-weight: bold; }
        .small { font-size: 9pt; }
        .center { text-align: center; }
        .right { text-align: right; }
        .page-break { break-before: page; }
        """;

    public static string Letterhead(string province, string agency) => $"""
        <div class="kop"><div>
          <div class="gov">PEMERINTAH PROVINSI {H(province.ToUpperInvariant())}</div>
          <div class="agency">{H(agency.ToUpperInvariant())}</div>
        </div></div>
        """;

    public static async Task<string> ProvinceNameAsync(AppDbContext db, string code) =>
        await db.Regions.Where(r => r.Code == code).Select(r => r.Name).FirstOrDefaultAsync() ?? code;

    /// <summary>"KALIMANTAN SELATAN" → "Kalimantan Selatan" for running text.</summary>
    public static string Title(string name) => KompetenServices.Indonesian.TextInfo.ToTitleCase(name.ToLowerInvariant());
}

/// <summary>The attendance list (daftar hadir) of a session, with a signature column, as PDF.</summary>
public sealed class AttendanceSheet(AppDbContext db, PdfRenderer pdf, VenueClock venue, IOptions<TrainingOptions> options)
{
    public async Task<byte[]?> RenderAsync(int sessionId, CancellationToken ct = default)
    {
        var s = await db.Sessions.AsNoTracking().Where(x => x.Id == sessionId)
            .Select(x => new { x.Title, x.Speaker, x.Date, x.StartTime, x.EndTime, x.BatchId, x.Batch!.Number, x.Batch.ProvinceCode, x.Batch.Venue, Programme = x.Batch.Programme!.Name })
            .FirstOrDefaultAsync(ct);
        if (s is null) return null;
        var rows = await db.Participants.AsNoTracking().Where(p => p.BatchId == s.BatchId && Participant.ActiveStatuses.Contains(p.Status))
            .OrderBy(p => p.RegencyCode).ThenBy(p => p.Person!.FullName)
            .Select(p => new
            {
                p.Person!.FullName, p.Person.Nip, Library = p.Person.Library != null ? p.Person.Library.Name : null, Regency = p.Person.Regency!.Name,
                Scanned = db.AttendanceScans.Where(a => a.SessionId == sessionId && a.ParticipantId == p.Id).Select(a => (DateTimeOffset?)a.ScannedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var province = await DocumentParts.ProvinceNameAsync(db, s.ProvinceCode);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
            @page { size: A4 portrait; margin: 14mm 12mm 14mm 14mm; }
            {{DocumentParts.BaseCss}}
            thead { display: table-header-group; }
            tr { break-inside: avoid; }
            td.sign { height: 30px; width: 24%; }
            td.sign span { display: block; font-size: 8pt; }
            td.sign.even span { margin-left: 45%; }
            </style></head><body>
            {{DocumentParts.Letterhead(DocumentParts.Title(province), options.Value.AgencyName)}}
            <h1 class="center" style="font-size:14pt;margin:0 0 4px">DAFTAR HADIR PESERTA</h1>
            <div class="center" style="margin-bottom:8px">{{DocumentParts.H(s.Programme)}} – Angkatan {{Batch.Roman(s.Number)}}</div>
            <table style="border:0;margin-bottom:8px" class="small">
              <tr><td style="border:0;width:22%">Sesi</td><td style="border:0">: {{DocumentParts.H(s.Title)}}</td></tr>
              <tr><td style="border:0">Narasumber</td><td style="border:0">: {{DocumentParts.H(s.Speaker)}}</td></tr>
              <tr><td style="border:0">Hari/tanggal, waktu</td><td style="border:0">: {{s.Date.ToString("dddd, d MMMM yyyy", KompetenServices.Indonesian)}}, {{s.StartTime:HH\:mm}}–{{s.EndTime:HH\:mm}} {{venue.Label}}</td></tr>
              <tr><td style="border:0">Tempat</td><td style="border:0">: {{DocumentParts.H(s.Venue)}}</td></tr>
            </table>
            <table><thead><tr><th style="width:5%">No</th><th>Nama / NIP</th><th>Instansi</th><th style="width:14%">Kab/Kota</th><th style="width:8%">Pindai</th><th>Tanda tangan</th></tr></thead><tbody>
            """);
        var n = 0;
        foreach (var r in rows)
        {
            n++;
            html.Append($"""
                <tr><td class="center">{n}</td><td>{DocumentParts.H(r.FullName)}{(r.Nip is null ? "" : $"<br><span class=\"small\">NIP {r.Nip}</span>")}</td>
                <td class="small">{DocumentParts.H(r.Library)}</td><td class="small">{DocumentParts.H(r.Regency)}</td>
                <td class="small center">{(r.Scanned is { } at ? venue.ToLocal(at).ToString("HH:mm") : "")}</td>
                <td class="sign {(n % 2 == 0 ? "even" : "odd")}"><span>{n}.</span></td></tr>
                """);
        }
        if (n == 0) html.Append("<tr><td colspan=\"6\" class=\"center\">Belum ada peserta.</td></tr>");
        html.Append("</tbody></table></body></html>");
        return await pdf.RenderAsync(html.ToString(), PageOrientation.Portrait, ct);
    }
}

/// <summary>The invitation letter (surat undangan) of a batch, with the participants per regency and their personal QR codes.</summary>
public sealed class InvitationLetter(AppDbContext db, PdfRenderer pdf, VenueClock venue, IOptions<TrainingOptions> options)
{
    public async Task<byte[]?> RenderAsync(int batchId, CancellationToken ct = default)
    {
        var b = await db.Batches.AsNoTracking().Include(x => x.Programme).Include(x => x.Sessions).FirstOrDefaultAsync(x => x.Id == batchId, ct);
        if (b is null) return null;
        var people = await db.Participants.AsNoTracking().Where(p => p.BatchId == batchId && Participant.ActiveStatuses.Contains(p.Status))
            .OrderBy(p => p.RegencyCode).ThenBy(p => p.Person!.FullName)
            .Select(p => new { p.Person!.FullName, p.Person.Nip, Library = p.Person.Library != null ? p.Person.Library.Name : null, p.RegencyCode, Regency = p.Person.Regency!.Name, p.QrToken, p.Status })
            .ToListAsync(ct);
        var province = DocumentParts.Title(await DocumentParts.ProvinceNameAsync(db, b.ProvinceCode));
        var id = KompetenServices.Indonesian;
        var today = venue.Today.ToString("d MMMM yyyy", id);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
            @page { size: A4 portrait; margin: 16mm 16mm 16mm 20mm; }
            {{DocumentParts.BaseCss}}
            p { margin: 6px 0; text-align: justify; line-height: 1.4; }
            .meta td { border: 0; padding: 1px 4px 1px 0; }
            .sign { margin-left: 55%; margin-top: 18px; }
            tr { break-inside: avoid; }
            img.qr { width: 22mm; height: 22mm; }
            h3 { font-size: 11pt; margin: 12px 0 4px; }
            </style></head><body>
            {{DocumentParts.Letterhead(province, options.Value.AgencyName)}}
            <table class="meta" style="width:auto"><tr><td>Nomor</td><td>: ....../......./{{b.StartDate.Year}}</td></tr>
              <tr><td>Sifat</td><td>: Penting</td></tr><tr><td>Lampiran</td><td>: 1 (satu) berkas</td></tr>
              <tr><td>Hal</td><td>: <strong>Undangan {{DocumentParts.H(b.Programme!.Name)}} Angkatan {{Batch.Roman(b.Number)}}</strong></td></tr></table>
            <p style="margin-top:12px">Yth. Kepala Dinas yang membidangi perpustakaan<br>Kabupaten/Kota se-{{DocumentParts.H(province)}}<br>di tempat</p>
            <p>Dalam rangka meningkatkan kompetensi dan mempersiapkan sertifikasi tenaga perpustakaan, kami mengundang peserta yang namanya tercantum
            dalam lampiran surat ini untuk mengikuti <strong>{{DocumentParts.H(b.Programme.Name)}} Angkatan {{Batch.Roman(b.Number)}}</strong> yang akan dilaksanakan pada:</p>
            <table class="meta" style="width:auto;margin-left:24px"><tr><td>Hari/tanggal</td><td>: {{TrainingScope.DateRange(b.StartDate, b.EndDate)}}</td></tr>
              <tr><td>Tempat</td><td>: {{DocumentParts.H(b.Venue)}}</td></tr><tr><td>Jumlah jam pelajaran</td><td>: {{b.LessonHours}} JP</td></tr></table>
            <p>Peserta menunjukkan kode QR pribadi (lampiran) kepada panitia pada setiap sesi untuk pencatatan kehadiran. Sertifikat diberikan kepada peserta
            yang hadir sekurang-kurangnya {{b.AttendanceRulePercent}}% dari seluruh sesi.</p>
            <p>Demikian undangan ini disampaikan; atas perhatian dan kerja samanya diucapkan terima kasih.</p>
            <div class="sign">{{DocumentParts.H(options.Value.SignedAt)}}, {{today}}<br>{{DocumentParts.H(b.SignerTitle)}}<br><br><br><br>
              <strong><u>{{DocumentParts.H(b.SignerName)}}</u></strong><br>{{(b.SignerNip is null ? "" : "NIP " + b.SignerNip)}}</div>
            """);
        if (b.Sessions.Count > 0)
        {
            html.Append("<h3>Jadwal</h3><table class=\"small\"><thead><tr><th>Waktu</th><th>Materi</th><th>Narasumber</th><th>JP</th></tr></thead><tbody>");
            foreach (var s in b.Sessions.OrderBy(x => x.Date).ThenBy(x => x.StartTime))
            {
                html.Append($"<tr><td>{s.Date.ToString("d MMM", id)} {s.StartTime:HH\\:mm}–{s.EndTime:HH\\:mm}</td><td>{DocumentParts.H(s.Title)}</td><td>{DocumentParts.H(s.Speaker)}</td><td class=\"center\">{s.LessonHours}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append($"<div class=\"page-break\"></div><h2 style=\"font-size:12pt\">Lampiran: Daftar peserta {DocumentParts.H(b.Programme.Name)} Angkatan {Batch.Roman(b.Number)}</h2>");
        foreach (var group in people.GroupBy(p => (p.RegencyCode, p.Regency)))
        {
            html.Append($"<h3>{DocumentParts.H(group.Key.Regency)} ({group.Count()} orang)</h3><table><thead><tr><th style=\"width:5%\">No</th><th>Nama / NIP</th><th>Instansi</th><th style=\"width:26mm\">QR kehadiran</th></tr></thead><tbody>");
            var n = 0;
            foreach (var p in group)
            {
                n++;
                html.Append($"""
                    <tr><td class="center">{n}</td><td>{DocumentParts.H(p.FullName)}{(p.Nip is null ? "" : $"<br><span class=\"small\">NIP {p.Nip}</span>")}<br><span class="small">{EnumLabels.Of(p.Status)}</span></td>
                    <td class="small">{DocumentParts.H(p.Library)}</td><td class="center"><img class="qr" src="{QrCode.PngDataUri(p.QrToken, 4)}" alt=""><br><span class="small">{p.QrToken}</span></td></tr>
                    """);
            }
            html.Append("</tbody></table>");
        }
        if (people.Count == 0) html.Append("<p>Belum ada peserta.</p>");
        html.Append("</body></html>");
        return await pdf.RenderAsync(html.ToString(), PageOrientation.Portrait, ct);
    }
}

/// <summary>Certificates of attendance: A4 landscape PDFs with a QR code to the public verification page, one by one or all in a ZIP.</summary>
public sealed class CertificatePdf(AppDbContext db, PdfRenderer pdf, IOptions<TrainingOptions> options)
{
    public sealed record Data(int Id, string Number, string Code, string Name, string? Nip, string? Library, string Programme, int BatchNumber,
        DateOnly Start, DateOnly End, string Venue, int LessonHours, string ProvinceCode, string? SignerName, string? SignerNip, string? SignerTitle, DateTimeOffset IssuedAt, bool Revoked);

    public static string VerificationUrl(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/v/{code}";

    private IQueryable<Data> Query(System.Linq.Expressions.Expression<Func<AttendanceCertificate, bool>> filter) => db.AttendanceCertificates.AsNoTracking().Where(filter).Select(c => new Data(
        c.Id, c.Number, c.VerificationCode, c.Participant!.Person!.FullName, c.Participant.Person.Nip,
        c.Participant.Person.Library != null ? c.Participant.Person.Library.Name : null,
        c.Batch!.Programme!.Name, c.Batch.Number, c.Batch.StartDate, c.Batch.EndDate, c.Batch.Venue, c.Batch.LessonHours, c.Batch.ProvinceCode,
        c.Batch.SignerName, c.Batch.SignerNip, c.Batch.SignerTitle, c.IssuedAt, c.RevokedAt != null));

    public async Task<(Data Data, byte[] Pdf)?> RenderAsync(int certificateId, string baseUrl, CancellationToken ct = default)
    {
        var data = await Query(c => c.Id == certificateId).FirstOrDefaultAsync(ct);
        if (data is null) return null;
        var province = DocumentParts.Title(await DocumentParts.ProvinceNameAsync(db, data.ProvinceCode));
        return (data, await pdf.RenderAsync(Html(data, baseUrl, province), PageOrientation.Landscape, ct));
    }

    /// <summary>All valid certificates of a batch, rendered side by side (the renderer limits the tabs), in a ZIP.</summary>
    public async Task<byte[]?> ZipAsync(int batchId, string baseUrl, CancellationToken ct = default)
    {
        var all = (await Query(c => c.BatchId == batchId && c.RevokedAt == null).ToListAsync(ct)).OrderBy(c => c.Number, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return null;
        var province = DocumentParts.Title(await DocumentParts.ProvinceNameAsync(db, all[0].ProvinceCode));
        // One page per certificate in one document, printed page by page (see PdfRenderer.RenderPagesAsync).
        var bodies = all.Select(d => Body(d, baseUrl, province)).ToList();
        var pdfs = await pdf.RenderPagesAsync(bodies, Document, PageOrientation.Landscape, ct);
        var files = all.Zip(pdfs, (d, bytes) => (d, bytes));
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (d, bytes) in files)
            {
                var entry = zip.CreateEntry(FileName(d), CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(bytes, ct);
            }
        }
        return buffer.ToArray();
    }

    public static string FileName(Data d)
    {
        var name = new string(d.Name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');
        return $"sertifikat-{d.Number.Split('/')[0]}-{name}.pdf";
    }

    public string Html(Data d, string baseUrl, string province) => Document([Body(d, baseUrl, province)]);

    /// <summary>A4 landscape pages, one per certificate body.</summary>
    public static string Document(IEnumerable<string> bodies) => $$"""
        <!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
        @page { size: A4 landscape; margin: 0; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "DejaVu Serif", "Liberation Serif", serif; color: #1b2a1b; }
        .sheet { width: 297mm; height: 210mm; padding: 10mm; background: #fbfaf3; break-after: page; overflow: hidden; }
        .sheet:last-child { break-after: auto; }
        .frame { height: 100%; border: 3mm double #2e6b34; padding: 10mm 16mm; position: relative; text-align: center; }
        .agency { font-size: 12pt; letter-spacing: .04em; }
        h1 { font-size: 36pt; margin: 6mm 0 0; color: #2e6b34; font-weight: bold; }
        .number { font-size: 11pt; margin-bottom: 6mm; }
        .name { font-size: 26pt; font-weight: bold; margin: 3mm 0 1mm; }
        .lead { font-size: 12pt; }
        .what { font-size: 14pt; font-weight: bold; margin: 2mm 0; }
        .details { font-size: 12pt; line-height: 1.5; }
        .sign { position: absolute; right: 20mm; bottom: 12mm; width: 95mm; text-align: center; font-size: 11pt; }
        .qr { position: absolute; left: 18mm; bottom: 12mm; width: 60mm; text-align: left; font-size: 8pt; }
        .qr img { width: 32mm; height: 32mm; display: block; }
        </style></head><body>{{string.Concat(bodies)}}</body></html>
        """;

    private string Body(Data d, string baseUrl, string province)
    {
        var url = VerificationUrl(baseUrl, d.Code);
        var id = KompetenServices.Indonesian;
        return $$"""
            <div class="sheet"><div class="frame">
            <div class="agency">PEMERINTAH PROVINSI {{DocumentParts.H(province.ToUpperInvariant())}}<br><strong>{{DocumentParts.H(options.Value.AgencyName.ToUpperInvariant())}}</strong></div>
            <h1>SERTIFIKAT</h1>
            <div class="number">Nomor: {{DocumentParts.H(d.Number)}}</div>
            <div class="lead">diberikan kepada</div>
            <div class="name">{{DocumentParts.H(d.Name)}}</div>
            <div class="lead">{{(d.Nip is null ? "" : "NIP " + d.Nip + " · ")}}{{DocumentParts.H(d.Library)}}</div>
            <div class="lead" style="margin-top:4mm">atas partisipasinya sebagai <strong>PESERTA</strong> pada</div>
            <div class="what">{{DocumentParts.H(d.Programme)}} – Angkatan {{Batch.Roman(d.BatchNumber)}}</div>
            <div class="details">{{TrainingScope.DateRange(d.Start, d.End)}} di {{DocumentParts.H(d.Venue)}}<br>sebanyak <strong>{{d.LessonHours}} JP</strong> (jam pelajaran)</div>
            <div class="qr"><img src="{{QrCode.PngDataUri(url, 6)}}" alt="QR verifikasi">Pindai untuk memeriksa keaslian:<br>{{DocumentParts.H(url)}}</div>
            <div class="sign">{{DocumentParts.H(options.Value.SignedAt)}}, {{d.End.ToString("d MMMM yyyy", id)}}<br>{{DocumentParts.H(d.SignerTitle)}}<br><br><br><br>
              <strong><u>{{DocumentParts.H(d.SignerName)}}</u></strong><br>{{(d.SignerNip is null ? "" : "NIP " + d.SignerNip)}}</div>
            </div></div>
            """;
    }
}
