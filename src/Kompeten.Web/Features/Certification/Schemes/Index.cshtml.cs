using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Schemes;

/// <summary>The schemes (klaster) of LSP Pustakawan: list and create; each is edited on its own page.</summary>
[Authorize(Policy = Policies.Admin)]
public class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(int Id, string Key, string Name, string SourceStatus, int ValidityYears, bool Active, int Units, int Elements, int Applications);

    public List<Row> Rows { get; private set; } = [];

    [BindProperty]
    public NewScheme Input { get; set; } = new();

    public sealed class NewScheme
    {
        [Required(ErrorMessage = "Nama skema wajib diisi, misalnya \"Klaster Layanan Dasar Perpustakaan\".")]
        [StringLength(200, ErrorMessage = "Nama skema paling panjang 200 karakter.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Kode singkat wajib diisi, misalnya \"layanan-dasar\".")]
        [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Kode singkat hanya huruf kecil, angka, dan tanda hubung, misalnya \"layanan-dasar\".")]
        [StringLength(60, ErrorMessage = "Kode singkat paling panjang 60 karakter.")]
        public string? Key { get; set; }
    }

    private async Task LoadAsync() => Rows = await db.Schemes.AsNoTracking().OrderByDescending(s => s.Active).ThenBy(s => s.Name)
        .Select(s => new Row(s.Id, s.Key, s.Name, s.SourceStatus, s.ValidityYears, s.Active, s.Units.Count, s.Units.SelectMany(u => u.Elements).Count(),
            db.Applications.Count(a => a.SchemeId == s.Id)))
        .ToListAsync();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (Input.Key is { } key && await db.Schemes.AnyAsync(s => s.Key == key))
        {
            ModelState.AddModelError("Input.Key", $"Kode singkat \"{key}\" sudah dipakai skema lain; pilih kode lain.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var scheme = new Scheme { Key = Input.Key!, Name = Input.Name!.Trim(), SourceStatus = "confirm" };
        db.Schemes.Add(scheme);
        await db.SaveChangesAsync();
        TempData["Message"] = $"Skema {scheme.Name} dibuat. Tambahkan unit kompetensinya di bawah ini.";
        return RedirectToPage("Edit", new { id = scheme.Id });
    }
}
