using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.Libraries;

[Authorize(Policy = Policies.RegistryWrite)]
public class EditModel(AppDbContext db, UserScope scope, LibraryRules rules, RegistryLists lists) : PageModel
{
    [BindProperty]
    public LibraryInput Input { get; set; } = new() { Ownership = LibraryOwnership.Negeri };

    public int? Id { get; private set; }
    public List<SelectListItem> Regencies { get; private set; } = [];
    public List<SelectListItem> Types { get; private set; } = [];

    private async Task LoadListsAsync()
    {
        Regencies = await lists.RegenciesAsync(scope, Input.RegencyCode);
        Types = await lists.ReferenceAsync(ReferenceKind.LibraryType, Input.TypeCode);
    }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        if (id is { } existing)
        {
            var library = await db.Libraries.AsNoTracking().FirstOrDefaultAsync(l => l.Id == existing);
            if (library is null || !scope.Covers(library)) return NotFound();
            Id = existing;
            Input = LibraryInput.From(library);
        }
        else if (scope.Level == ScopeLevel.Regency)
        {
            Input.RegencyCode = scope.RegionCode;
        }
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        Library? library = null;
        if (id is { } existing)
        {
            library = await db.Libraries.FirstOrDefaultAsync(l => l.Id == existing);
            if (library is null || !scope.Covers(library)) return NotFound();
            Id = existing;
        }
        if (ModelState.IsValid)
        {
            var errors = await rules.CheckAsync(Input, id, scope);
            if (errors.Count == 0)
            {
                library ??= db.Libraries.Add(LibraryRules.NewLibrary()).Entity;
                rules.Apply(Input, library);
                errors = await rules.SaveAsync(library, id, scope);
                if (errors.Count == 0)
                {
                    TempData["Message"] = "Data perpustakaan tersimpan.";
                    return RedirectToPage("Index", new { regency = library.RegencyCode });
                }
            }
            // The form is shown again with what the user typed (Input), not the normalised values.
            foreach (var (field, messages) in errors)
                foreach (var m in messages) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", m);
        }
        await LoadListsAsync();
        return Page();
    }
}
