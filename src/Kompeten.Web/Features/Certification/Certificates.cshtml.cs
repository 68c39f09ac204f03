using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Every competency certificate of people in scope — created from results or entered in the
/// registry — with its live status (valid / expiring ≤ 180 days / expired / revoked); revoke with a
/// reason; start re-certification from an expiring one.
/// </summary>
[Authorize(Policy = Policies.RegistryRead)]
public class CertificatesModel(AppDbContext db, CertificationAccess access, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, int PersonId, string Holder, string RegencyCode, string Scheme, string Number, DateOnly IssuedOn, DateOnly ValidUntil,
        CertificateSource Source, CertificateStatus Status, string Code, string? RevokedReason, bool Renewing);

    public List<Row> Rows { get; private set; } = [];
    public Dictionary<CertificateStatus, int> Counts { get; private set; } = [];
    public const int PageSize = 300;

    [BindProperty(SupportsGet = true)] public CertificateStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? SchemeId { get; set; }
    public List<Scheme> Schemes { get; private set; } = [];
    public CertificationAccess Access => access;

    public async Task OnGetAsync()
    {
        var today = clock.Today();
        var expiring = today.AddDays(Certificate.ExpiringWithinDays);
        var people = db.People.AsNoTracking().InScope(access.Scope);
        var query = db.Certificates.AsNoTracking().Where(c => people.Any(p => p.Id == c.PersonId));
        IQueryable<Certificate> With(IQueryable<Certificate> q, CertificateStatus status) => status switch
        {
            CertificateStatus.Valid => q.Where(c => c.RevokedAt == null && c.ValidUntil > expiring),
            CertificateStatus.Expiring => q.Where(c => c.RevokedAt == null && c.ValidUntil >= today && c.ValidUntil <= expiring),
            CertificateStatus.Expired => q.Where(c => c.RevokedAt == null && c.ValidUntil < today),
            CertificateStatus.Revoked => q.Where(c => c.RevokedAt != null),
            _ => q,
        };
        Counts = [];
        foreach (var status in Enum.GetValues<CertificateStatus>()) Counts[status] = await With(query, status).CountAsync();
        if (Status is { } wanted) query = With(query, wanted);
        if (SchemeId is { } sid) query = query.Where(c => c.SchemeId == sid);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = LikePattern.Containing(Q.Trim());
            query = query.Where(c => EF.Functions.ILike(c.Person!.FullName, pattern, LikePattern.Escape) || EF.Functions.ILike(c.Number, pattern, LikePattern.Escape));
        }
        Rows = (await query.OrderBy(c => c.ValidUntil).Take(PageSize)
                .Select(c => new
                {
                    c.Id, c.PersonId, c.Person!.FullName, c.Person.RegencyCode, Scheme = c.Scheme!.Name, c.Number, c.IssuedOn, c.ValidUntil, c.Source, c.RevokedAt,
                    c.VerificationCode, c.RevokedReason,
                    Renewing = db.Applications.Any(a => a.RenewsCertificateId == c.Id && a.Status != ApplicationStatus.Withdrawn),
                })
                .ToListAsync())
            .Select(c => new Row(c.Id, c.PersonId, c.FullName, c.RegencyCode, c.Scheme, c.Number, c.IssuedOn, c.ValidUntil, c.Source,
                CompetencyVerification.StatusOf(c.RevokedAt, c.ValidUntil, today), c.VerificationCode, c.RevokedReason, c.Renewing))
            .ToList();
        Schemes = await db.Schemes.AsNoTracking().OrderBy(s => s.Name).ToListAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int certificateId, string? reason)
    {
        if (!access.IsAdmin) return Forbid();
        var certificate = await db.Certificates.Include(c => c.Person).FirstOrDefaultAsync(c => c.Id == certificateId);
        if (certificate is null || !access.Administers(certificate.Person!.RegencyCode)) return NotFound();
        if (certificate.RevokedAt is not null) TempData["Error"] = $"Sertifikat No. {certificate.Number} sudah dicabut sebelumnya.";
        else if (string.IsNullOrWhiteSpace(reason)) TempData["Error"] = "Tuliskan alasan pencabutan sertifikat (misalnya keputusan LSP nomor …).";
        else
        {
            certificate.RevokedAt = clock.GetUtcNow();
            certificate.RevokedReason = reason.Trim();
            db.AuditReason = "Pencabutan sertifikat: " + certificate.RevokedReason;
            await db.SaveChangesAsync();
            TempData["Message"] = $"Sertifikat No. {certificate.Number} dicabut. Verifikasi publik kini menampilkan status dicabut.";
        }
        return RedirectToPage(new { Status, Q, SchemeId });
    }
}
