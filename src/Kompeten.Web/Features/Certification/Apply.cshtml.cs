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
/// "Ajukan sertifikasi": (operators and administrators first pick the person) every active
/// scheme with the eligibility outcome explained, then a draft application prefilled from the
/// registry. Also the start of re-certification from an expiring certificate (?renews=id).
/// </summary>
[Authorize(Policy = Policies.CertificationPrepare)]
public class ApplyModel(AppDbContext db, CertificationAccess access, Preparation preparation, TimeProvider clock) : PageModel
{
    public sealed record SchemeOption(Scheme Scheme, EligibilityResult Eligibility, int? OpenApplicationId);
    public sealed record PersonHit(int Id, string Name, string NikMasked, string RegencyCode);

    public Person? Person { get; private set; }
    public List<SchemeOption> Options { get; private set; } = [];
    public List<PersonHit> People { get; private set; } = [];
    public Certificate? Renews { get; private set; }
    public CertificationAccess Access => access;

    [BindProperty(SupportsGet = true)] public int? PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "renews")] public int? RenewsId { get; set; }

    private async Task<IActionResult?> LoadAsync()
    {
        if (RenewsId is { } rid)
        {
            Renews = await db.Certificates.AsNoTracking().Include(c => c.Scheme).FirstOrDefaultAsync(c => c.Id == rid);
            if (Renews is null) return NotFound();
            PersonId = Renews.PersonId;
        }
        if (!access.IsOperator && !access.IsAdmin)
        {
            // A participant applies for themselves only; an account not linked to the registry cannot search it.
            if (access.Scope.PersonId is null)
            {
                ViewData["Error"] = "Akun Anda belum terhubung dengan data Anda di registri. Minta operator kabupaten/kota Anda menghubungkannya, lalu coba lagi.";
                PersonId = null;
                Q = null;
                return null;
            }
            PersonId = access.Scope.PersonId;
        }
        if (PersonId is null)
        {
            if (!string.IsNullOrWhiteSpace(Q))
            {
                var pattern = LikePattern.Containing(Q.Trim());
                People = await db.People.AsNoTracking().InScope(access.Scope).Where(p => EF.Functions.ILike(p.FullName, pattern, LikePattern.Escape))
                    .OrderBy(p => p.FullName).Take(20).Select(p => new PersonHit(p.Id, p.FullName, p.NikMasked, p.RegencyCode)).ToListAsync();
            }
            return null;
        }
        Person = await db.People.AsNoTracking().Include(p => p.Library).FirstOrDefaultAsync(p => p.Id == PersonId);
        if (Person is null || !access.CanActFor(Person) || (Renews is not null && Renews.PersonId != Person.Id)) return NotFound();
        var schemes = await db.Schemes.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync();
        var open = await db.Applications.AsNoTracking()
            .Where(a => a.PersonId == Person.Id && a.Status != ApplicationStatus.Certified && a.Status != ApplicationStatus.Withdrawn)
            .Select(a => new { a.SchemeId, a.Id }).ToListAsync();
        var input = await preparation.EligibilityInputAsync(Person);
        Options = schemes.Select(s => new SchemeOption(s, Eligibility.Evaluate(input, s, preparation.Today), open.FirstOrDefault(o => o.SchemeId == s.Id)?.Id))
            .OrderByDescending(o => Renews is not null && o.Scheme.Id == Renews.SchemeId).ThenByDescending(o => o.Eligibility.Eligible).ThenBy(o => o.Scheme.Name)
            .ToList();
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostCreateAsync(int schemeId, AssessmentPurpose purpose)
    {
        if (await LoadAsync() is { } notFound) return notFound;
        if (Person is null) return RedirectToPage();
        var option = Options.FirstOrDefault(o => o.Scheme.Id == schemeId);
        if (option is null) return Refuse("Klaster tidak ditemukan atau sedang tidak aktif; pilih klaster dari daftar.");
        if (option.OpenApplicationId is { } existing)
        {
            TempData["Error"] = "Sudah ada pengajuan yang berjalan untuk klaster ini; lanjutkan pengajuan tersebut.";
            return RedirectToPage("Applications/Details", new { id = existing });
        }
        if (!option.Eligibility.Eligible)
        {
            return Refuse($"Belum memenuhi syarat {option.Scheme.Name}. {option.Eligibility.Summary} Lengkapi riwayat kerja atau pelatihan, lalu coba lagi.");
        }
        if (Renews is not null)
        {
            var today = clock.Today();
            var status = CompetencyVerification.StatusOf(Renews.RevokedAt, Renews.ValidUntil, today);
            if (Renews.SchemeId != schemeId) return Refuse("Sertifikasi ulang harus pada klaster yang sama dengan sertifikat lama.");
            if (status is not (CertificateStatus.Expiring or CertificateStatus.Expired))
                return Refuse($"Sertifikasi ulang baru dapat diajukan {Certificate.ExpiringWithinDays} hari sebelum masa berlaku berakhir (sertifikat ini berlaku s.d. {Renews.ValidUntil:dd-MM-yyyy}).");
            purpose = AssessmentPurpose.Recertification;
        }
        if (!Enum.IsDefined(purpose)) purpose = AssessmentPurpose.Certification;
        var references = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceKind.FunctionalLevel).ToDictionaryAsync(r => r.Code, r => r.Name);
        var application = new Application
        {
            PersonId = Person.Id,
            SchemeId = schemeId,
            Purpose = purpose,
            RenewsCertificateId = Renews?.Id,
            DiplomaName = Registry.Person.NormalizeName(Person.DiplomaName ?? Person.FullName),
            Institution = Person.Library?.Name,
            Position = Person.FunctionalLevelCode is { } f && Preparation.IsFunctional(Person) ? references.GetValueOrDefault(f, f) : null,
            RegencyCode = Person.RegencyCode,
            ProvinceCode = Person.ProvinceCode,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Applications.Add(application);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" })
        {
            return Refuse("Sudah ada pengajuan yang berjalan untuk klaster ini (baru saja dibuat); muat ulang halaman.");
        }
        TempData["Message"] = "Draf pengajuan dibuat. Lengkapi FR.APL.01, asesmen mandiri FR.APL.02, dan dokumen portofolio, lalu ajukan ke pendamping.";
        return RedirectToPage("Applications/Details", new { id = application.Id });
    }

    private PageResult Refuse(string message)
    {
        ViewData["Error"] = message;
        return Page();
    }
}
