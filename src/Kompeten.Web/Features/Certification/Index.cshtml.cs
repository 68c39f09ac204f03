using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Verification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// /Certification: a candidate's own applications and certificates; for operators and
/// administrators the applications in their scope with a status filter; notifications; and the
/// way to every other certification screen the user may open.
/// </summary>
public class IndexModel(AppDbContext db, CertificationAccess access, TimeProvider clock) : PageModel
{
    public sealed record Row(int Id, string Name, string Scheme, ApplicationStatus Status, string RegencyCode, DateTimeOffset LastChange, bool HasMentor, AssessmentPurpose Purpose);
    public sealed record HeldCertificate(int Id, string Scheme, string Number, DateOnly IssuedOn, DateOnly ValidUntil, CertificateStatus Status, string Code, bool RenewalOpen);

    public CertificationAccess Access => access;
    public List<Row> Rows { get; private set; } = [];
    public Dictionary<ApplicationStatus, int> Counts { get; private set; } = [];
    public List<HeldCertificate> Certificates { get; private set; } = [];
    public List<Notification> Notifications { get; private set; } = [];
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public ApplicationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public async Task OnGetAsync()
    {
        var visible = access.Visible(db.Applications.AsNoTracking());
        Counts = await visible.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        var query = visible;
        if (Status is { } s) query = query.Where(a => a.Status == s);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = LikePattern.Containing(Q.Trim());
            query = query.Where(a => EF.Functions.ILike(a.Person!.FullName, pattern, LikePattern.Escape) || EF.Functions.ILike(a.DiplomaName ?? "", pattern, LikePattern.Escape));
        }
        Rows = (await query
                .Select(a => new
                {
                    a.Id, Name = a.DiplomaName ?? a.Person!.FullName, Scheme = a.Scheme!.Name, a.Status, a.RegencyCode,
                    LastChange = a.History.Max(h => (DateTimeOffset?)h.At) ?? a.CreatedAt, HasMentor = a.MentorUserId != null, a.Purpose,
                })
                .OrderByDescending(r => r.LastChange).Take(PageSize).ToListAsync())
            .Select(a => new Row(a.Id, a.Name, a.Scheme, a.Status, a.RegencyCode, a.LastChange, a.HasMentor, a.Purpose))
            .ToList();

        if (access.IsCandidate)
        {
            var today = clock.Today();
            var personId = access.Scope.PersonId;
            var renewing = await db.Applications.AsNoTracking()
                .Where(a => a.PersonId == personId && a.RenewsCertificateId != null && a.Status != ApplicationStatus.Withdrawn)
                .Select(a => a.RenewsCertificateId!.Value).ToListAsync();
            Certificates = (await db.Certificates.AsNoTracking().Where(c => c.PersonId == personId).OrderByDescending(c => c.IssuedOn)
                    .Select(c => new { c.Id, Scheme = c.Scheme!.Name, c.Number, c.IssuedOn, c.ValidUntil, c.RevokedAt, c.VerificationCode }).ToListAsync())
                .Select(c => new HeldCertificate(c.Id, c.Scheme, c.Number, c.IssuedOn, c.ValidUntil, CompetencyVerification.StatusOf(c.RevokedAt, c.ValidUntil, today),
                    c.VerificationCode, renewing.Contains(c.Id)))
                .ToList();
        }
        Notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId)
            .OrderBy(n => n.ReadAt != null).ThenByDescending(n => n.At).Take(10).ToListAsync();
    }

    public async Task<IActionResult> OnPostReadNotificationsAsync()
    {
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == access.UserId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now));
        return RedirectToPage();
    }

    public static string StatusColor(ApplicationStatus s) => s switch
    {
        ApplicationStatus.Draft => "secondary",
        ApplicationStatus.Submitted or ApplicationStatus.Resubmitted => "primary",
        ApplicationStatus.RevisionRequested => "warning",
        ApplicationStatus.Ready or ApplicationStatus.Verified => "info",
        ApplicationStatus.Scheduled => "dark",
        ApplicationStatus.Certified => "success",
        ApplicationStatus.NotYetCompetent => "danger",
        _ => "light",
    };

    public static string StatusText(ApplicationStatus s) => RegistryLists.Display(s);
}
