using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>The committee's documents: invitation letter, attendance lists, certificates of attendance (issue, download, revoke).</summary>
[Authorize(Policy = Policies.Admin)]
public class DocumentsModel(AppDbContext db, UserScope scope, AttendanceBook attendance, CertificateRegister register, CertificatePdf certificates,
    AttendanceSheet sheets, InvitationLetter invitation, ActivityReport report, Infrastructure.IEmailSender email) : PageModel
{
    public sealed record Row(AttendanceBook.ParticipantAttendance Attendance, ParticipantStatus Status, int? CertificateId, string? Number, string? Code, bool Revoked);

    public BatchHeader Header { get; private set; } = null!;
    public List<Row> Rows { get; private set; } = [];
    public List<(int Id, string Title, DateOnly Date)> Sessions { get; private set; } = [];
    public int RulePercent { get; private set; }

    public string BaseUrl => Infrastructure.PublicUrl.Root(HttpContext.RequestServices.GetRequiredService<IConfiguration>(), Request);

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var header = await TrainingPages.HeaderAsync(db, id, scope);
        if (header is null) return NotFound();
        Header = header;
        RulePercent = await db.Batches.Where(b => b.Id == id).Select(b => b.AttendanceRulePercent).FirstAsync();
        Sessions = (await db.Sessions.AsNoTracking().Where(s => s.BatchId == id).OrderBy(s => s.SortOrder).Select(s => new { s.Id, s.Title, s.Date }).ToListAsync())
            .Select(s => (s.Id, s.Title, s.Date)).ToList();
        var summary = await attendance.SummaryAsync(id);
        var status = await db.Participants.Where(p => p.BatchId == id).ToDictionaryAsync(p => p.Id, p => p.Status);
        var certs = await db.AttendanceCertificates.AsNoTracking().Where(c => c.BatchId == id).ToDictionaryAsync(c => c.ParticipantId);
        Rows = summary.Select(a => certs.TryGetValue(a.ParticipantId, out var c)
            ? new Row(a, status[a.ParticipantId], c.Id, c.Number, c.VerificationCode, c.RevokedAt != null)
            : new Row(a, status[a.ParticipantId], null, null, null, false)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnGetInvitationAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } h) return NotFound();
        var bytes = await invitation.RenderAsync(id);
        return bytes is null ? NotFound() : File(bytes, "application/pdf", $"undangan-angkatan-{h.Number}.pdf");
    }

    public async Task<IActionResult> OnGetReportAsync(int id, string? format)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } h) return NotFound();
        var data = await report.LoadAsync(id);
        if (data is null) return NotFound();
        return format == "xlsx"
            ? File(report.Xlsx(data), XlsxWriter.ContentType, $"laporan-kegiatan-angkatan-{h.Number}.xlsx")
            : File(await report.PdfAsync(data), "application/pdf", $"laporan-kegiatan-angkatan-{h.Number}.pdf");
    }

    public async Task<IActionResult> OnGetSheetAsync(int id, int sessionId)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null || !await db.Sessions.AnyAsync(s => s.Id == sessionId && s.BatchId == id)) return NotFound();
        var bytes = await sheets.RenderAsync(sessionId);
        return bytes is null ? NotFound() : File(bytes, "application/pdf", $"daftar-hadir-sesi-{sessionId}.pdf");
    }

    public async Task<IActionResult> OnGetCertificateAsync(int id, int certificateId)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null || !await db.AttendanceCertificates.AnyAsync(c => c.Id == certificateId && c.BatchId == id)) return NotFound();
        var rendered = await certificates.RenderAsync(certificateId, BaseUrl);
        return rendered is { } r ? File(r.Pdf, "application/pdf", CertificatePdf.FileName(r.Data)) : NotFound();
    }

    public async Task<IActionResult> OnGetZipAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } h) return NotFound();
        var zip = await certificates.ZipAsync(id, BaseUrl);
        if (zip is null)
        {
            TempData["Error"] = "Belum ada sertifikat yang terbit untuk angkatan ini. Tekan \"Terbitkan sertifikat\" dulu.";
            return Redirect($"/Training/Batches/{id}/Documents");
        }
        return File(zip, "application/zip", $"sertifikat-angkatan-{h.Number}.zip");
    }

    /// <summary>E-mails every active participant who has an address their invitation and personal code.</summary>
    public async Task<IActionResult> OnPostMailAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } h) return NotFound();
        var people = await db.Participants.AsNoTracking().Where(p => p.BatchId == id && Participant.ActiveStatuses.Contains(p.Status))
            .Select(p => new { p.Id, p.Person!.FullName, p.Person.Email, p.QrToken }).ToListAsync();
        var sent = 0;
        foreach (var p in people.Where(p => !string.IsNullOrWhiteSpace(p.Email)))
        {
            var card = $"{BaseUrl}/Training/Participants/{p.Id}/Card";
            await email.SendAsync(p.Email!, $"Undangan {h.ProgrammeName} {h.Name}",
                $"<p>Yth. {System.Net.WebUtility.HtmlEncode(p.FullName)},</p><p>Anda terdaftar sebagai peserta {System.Net.WebUtility.HtmlEncode(h.ProgrammeName)} {h.Name}, " +
                $"{TrainingScope.DateRange(h.StartDate, h.EndDate)} di {System.Net.WebUtility.HtmlEncode(h.Venue)}.</p>" +
                $"<p>Kode kehadiran Anda: <strong>{p.QrToken}</strong>. Tunjukkan QR-nya kepada panitia di setiap sesi; kartu QR dapat dibuka setelah masuk ke Kompeten: {card}</p>");
            sent++;
        }
        TempData["Message"] = $"Undangan dikirim ke {sent} peserta yang memiliki alamat e-mail; {people.Count - sent} peserta tanpa e-mail dapat dikirimi lewat tombol WhatsApp di kartu QR-nya.";
        return Redirect($"/Training/Batches/{id}/Documents");
    }

    public async Task<IActionResult> OnPostIssueAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        TempData["Message"] = (await register.IssueAsync(id)).Message;
        return Redirect($"/Training/Batches/{id}/Documents");
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, int certificateId, string? reason)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null || !await db.AttendanceCertificates.AnyAsync(c => c.Id == certificateId && c.BatchId == id)) return NotFound();
        var problem = await register.RevokeAsync(certificateId, reason);
        if (problem is null) TempData["Message"] = "Sertifikat dicabut; halaman verifikasi kini menampilkan status dicabut.";
        else TempData["Error"] = problem;
        return Redirect($"/Training/Batches/{id}/Documents");
    }
}
