using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.People;

/// <summary>Creates a person (no id) or edits one in the user's scope.</summary>
[Authorize(Policy = Policies.RegistryWrite)]
public class EditModel(AppDbContext db, UserScope scope, PersonRules rules, NikProtector nik, RegistryLists lists) : PageModel
{
    [BindProperty]
    public PersonInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public List<SelectListItem> Regencies { get; private set; } = [];
    public List<SelectListItem> Libraries { get; private set; } = [];
    public List<SelectListItem> StaffCategories { get; private set; } = [];
    public List<SelectListItem> FunctionalLevels { get; private set; } = [];
    public List<SelectListItem> EmploymentStatuses { get; private set; } = [];

    private async Task LoadListsAsync()
    {
        Regencies = await lists.RegenciesAsync(scope, Input.RegencyCode);
        Libraries = await lists.LibrariesAsync(Input.RegencyCode, scope, Input.LibraryId);
        StaffCategories = await lists.ReferenceAsync(ReferenceKind.StaffCategory, Input.StaffCategoryCode);
        FunctionalLevels = await lists.ReferenceAsync(ReferenceKind.FunctionalLevel, Input.FunctionalLevelCode);
        EmploymentStatuses = await lists.ReferenceAsync(ReferenceKind.EmploymentStatus, Input.EmploymentStatusCode);
    }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        if (id is { } existingId)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == existingId);
            if (person is null || !scope.Covers(person)) return NotFound();
            Id = existingId;
            // The form needs the NIK to save it back; viewing it here is an edit, not a logged disclosure of a list.
            Input = PersonInput.From(person, nik.Unprotect(person.NikCipher));
        }
        else if (scope.Level == ScopeLevel.Regency)
        {
            Input.RegencyCode = scope.RegionCode;
        }
        await LoadListsAsync();
        return Page();
    }

    /// <summary>htmx: the libraries of the chosen regency.</summary>
    public async Task<IActionResult> OnGetLibrariesAsync([FromQuery(Name = "Input.RegencyCode")] string? regencyCode)
    {
        var items = await lists.LibrariesAsync(regencyCode, scope);
        var html = "<option value=\"\">(belum/tidak terikat perpustakaan)</option>" +
                   string.Concat(items.Select(i => $"<option value=\"{i.Value}\">{System.Net.WebUtility.HtmlEncode(i.Text)}</option>"));
        return Content(html, "text/html");
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        Person? person = null;
        if (id is { } existingId)
        {
            person = await db.People.FirstOrDefaultAsync(p => p.Id == existingId);
            if (person is null || !scope.Covers(person)) return NotFound();
            Id = existingId;
        }
        // The rules repeat the annotations, so every problem is reported at once (also the NIK
        // check when, say, the e-mail is malformed); messages already in ModelState are not doubled.
        var check = await rules.CheckAsync(Input, id, scope);
        foreach (var (field, messages) in check.Errors)
        {
            var key = field.Length == 0 ? string.Empty : $"{nameof(Input)}.{field}";
            var existing = ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToHashSet() : [];
            foreach (var m in messages.Where(m => !existing.Contains(m))) ModelState.AddModelError(key, m);
        }
        if (ModelState.IsValid && check.IsValid)
        {
            person ??= db.People.Add(PersonRules.NewPerson()).Entity;
            rules.Apply(Input, check, person);
            person.PossibleDuplicateOfId = await rules.FindLikelyDuplicateAsync(person);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" })
            {
                // Another user saved the same NIK/NIP a moment ago.
                ModelState.AddModelError("Input.Nik", "NIK atau NIP ini baru saja didaftarkan oleh pengguna lain. Cari NIK tersebut di registri.");
                await LoadListsAsync();
                return Page();
            }
            TempData["Message"] = person.PossibleDuplicateOfId is null
                ? "Data tersimpan."
                : "Data tersimpan. Perhatian: ada orang lain dengan nama dan tanggal lahir yang sama — tinjau kemungkinan duplikat.";
            return RedirectToPage("Details", new { id = person.Id });
        }
        await LoadListsAsync();
        return Page();
    }
}
