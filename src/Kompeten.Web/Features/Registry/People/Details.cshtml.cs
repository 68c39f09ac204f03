using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.People;

[Authorize(Policy = Policies.RegistryRead)]
public class DetailsModel(AppDbContext db, UserScope scope, NikProtector nik, IAuthorizationService authz, TimeProvider clock) : PageModel
{
    public Person Person { get; private set; } = null!;
    public Person? PossibleDuplicate { get; private set; }
    public List<AuditEntry> History { get; private set; } = [];
    public List<ApplicationRow> Applications { get; private set; } = [];

    public sealed record ApplicationRow(int Id, string Scheme, ApplicationStatus Status, int Attempt, DateTimeOffset CreatedAt, DateTimeOffset? LastStep);
    public Dictionary<string, string> Names { get; private set; } = [];
    public List<SelectListItem> Schemes { get; private set; } = [];
    public string? FullNik { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty]
    public HeldCertificateInput Held { get; set; } = new();

    public sealed class HeldCertificateInput
    {
        [Required(ErrorMessage = "Pilih klaster sertifikat.")]
        public int? SchemeId { get; set; }

        [Required(ErrorMessage = "Nomor sertifikat wajib diisi.")]
        [StringLength(80, ErrorMessage = "Nomor sertifikat paling panjang 80 karakter.")]
        public string? Number { get; set; }

        [Required(ErrorMessage = "Tanggal terbit wajib diisi.")]
        public DateOnly? IssuedOn { get; set; }

        /// <summary>Empty: issue date + the scheme's validity.</summary>
        public DateOnly? ValidUntil { get; set; }
    }

    private async Task<bool> LoadAsync(int id)
    {
        var person = await db.People.AsNoTracking()
            .Include(p => p.Library).Include(p => p.Regency)
            .Include(p => p.Certificates).ThenInclude(c => c.Scheme)
            .FirstOrDefaultAsync(p => p.Id == id);
        // Out of scope looks exactly like missing: an id guessed from another regency reveals nothing.
        if (person is null || !scope.Covers(person)) return false;
        Person = person;
        Today = clock.Today();
        if (person.PossibleDuplicateOfId is { } dup)
        {
            PossibleDuplicate = await db.People.AsNoTracking().InScope(scope).FirstOrDefaultAsync(p => p.Id == dup);
        }
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        History = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Registry.Person) && a.EntityId == key)
            .OrderByDescending(a => a.At).Take(100).ToListAsync();
        Applications = await db.Applications.AsNoTracking().Where(a => a.PersonId == id).OrderByDescending(a => a.CreatedAt)
            .Select(a => new ApplicationRow(a.Id, a.Scheme!.Name, a.Status, a.Attempt, a.CreatedAt, a.History.Max(h => (DateTimeOffset?)h.At)))
            .ToListAsync();
        Names = (await db.ReferenceItems.AsNoTracking().ToListAsync()).ToDictionary(r => $"{r.Kind}:{r.Code}", r => r.Name);
        Schemes = await db.Schemes.AsNoTracking().OrderBy(s => s.Name).Select(s => new SelectListItem(s.Name, s.Id.ToString())).ToListAsync();
        return true;
    }

    public string RefName(string kind, string? code) => code is null ? "—" : Names.GetValueOrDefault($"{kind}:{code}") ?? code;

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public NikCell NikCell(bool canReveal) => new(Person.Id, Person.NikMasked, FullNik, canReveal);

    /// <summary>
    /// Shows the full NIK once, to roles allowed to see it, and logs the view (UU PDP). htmx gets
    /// only the NIK cell (<c>_NikCell</c>); a plain post (no JavaScript) gets the whole page.
    /// </summary>
    public async Task<IActionResult> OnPostRevealNikAsync(int id)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.FullNik)).Succeeded) return Forbid();
        var htmx = Request.Headers["HX-Request"] == "true";
        if (htmx)
        {
            // The cell needs the person only, not the page's history, applications and lists.
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id);
            if (person is null || !scope.Covers(person)) return NotFound();
            Person = person;
        }
        else if (!await LoadAsync(id)) return NotFound();
        FullNik = nik.Unprotect(Person.NikCipher);
        db.NikAccessLogs.Add(new Registry.NikAccessLog
        {
            PersonId = id,
            UserId = User.FindFirstValue(ClaimTypes.NameIdentifier)!,
            UserName = User.Identity!.Name!,
            Action = "view",
            Detail = "Halaman data pribadi",
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        // The answer carries a full NIK: no cache (browser back/forward included) keeps a copy.
        Response.Headers.CacheControl = "no-store";
        return htmx ? Partial("_NikCell", NikCell(canReveal: true)) : Page();
    }

    public async Task<IActionResult> OnPostAddCertificateAsync(int id)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        var scheme = Held.SchemeId is { } sid ? await db.Schemes.FindAsync(sid) : null;
        if (Held.SchemeId is not null && scheme is null) ModelState.AddModelError("Held.SchemeId", "Klaster tidak ditemukan.");
        var number = Held.Number?.Trim();
        if (scheme is not null && number is not null && await db.Certificates.AnyAsync(c => c.SchemeId == scheme.Id && c.Number == number))
        {
            ModelState.AddModelError("Held.Number", $"Nomor sertifikat {number} sudah tercatat untuk klaster ini.");
        }
        var validUntil = Held.ValidUntil ?? Held.IssuedOn?.AddYears(scheme?.ValidityYears ?? 3);
        if (Held.IssuedOn is { } issued && validUntil is { } until && until <= issued)
        {
            ModelState.AddModelError("Held.ValidUntil", "Tanggal berlaku sampai harus setelah tanggal terbit.");
        }
        if (Held.IssuedOn > Today) ModelState.AddModelError("Held.IssuedOn", "Tanggal terbit tidak boleh di masa depan.");
        if (!ModelState.IsValid) return Page();
        db.Certificates.Add(new Certificate
        {
            PersonId = id,
            SchemeId = scheme!.Id,
            Number = number!,
            IssuedOn = Held.IssuedOn!.Value,
            ValidUntil = validUntil!.Value,
            Source = CertificateSource.Registry,
            VerificationCode = Certificate.NewVerificationCode(),
        });
        await db.SaveChangesAsync();
        TempData["Message"] = "Sertifikat ditambahkan.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostClearDuplicateAsync(int id)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryWrite)).Succeeded) return Forbid();
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id);
        if (person is null || !scope.Covers(person)) return NotFound();
        person.PossibleDuplicateOfId = null;
        db.AuditReason = "Ditinjau: bukan duplikat";
        await db.SaveChangesAsync();
        TempData["Message"] = "Tanda kemungkinan duplikat dihapus.";
        return RedirectToPage(new { id });
    }
}

/// <summary>The NIK cell: masked with a reveal button for roles that may see the full NIK, or the full NIK once revealed.</summary>
public sealed record NikCell(int PersonId, string Masked, string? Full, bool CanReveal);
