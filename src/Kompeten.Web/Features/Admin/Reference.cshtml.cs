using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin;

/// <summary>Administrators edit the reference lists (library types, staff categories, functional levels, employment statuses).</summary>
[Authorize(Policy = Policies.Admin)]
public class ReferenceModel(AppDbContext db) : PageModel
{
    public List<ReferenceItem> Items { get; private set; } = [];

    [BindProperty]
    public ItemInput Input { get; set; } = new();

    public sealed class ItemInput
    {
        public int? Id { get; set; }

        [Required(ErrorMessage = "Pilih daftar.")]
        public string? Kind { get; set; }

        [Required(ErrorMessage = "Kode wajib diisi.")]
        [RegularExpression("^[a-z0-9-]{2,60}$", ErrorMessage = "Kode hanya huruf kecil, angka dan tanda hubung (2–60 karakter), misalnya 'umum-desa'.")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Nama wajib diisi.")]
        [StringLength(200, ErrorMessage = "Nama paling panjang 200 karakter.")]
        public string? Name { get; set; }

        public int SortOrder { get; set; }
        public bool Active { get; set; } = true;
        public bool Legacy { get; set; }
    }

    public async Task OnGetAsync() => Items = await db.ReferenceItems.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.SortOrder).ToListAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.Kind is not null && !ReferenceKind.Labels.ContainsKey(Input.Kind)) ModelState.AddModelError("Input.Kind", "Daftar tidak dikenal.");
        ReferenceItem? item = null;
        if (Input.Id is { } id)
        {
            item = await db.ReferenceItems.FindAsync(id);
            if (item is null) return NotFound();
            // Records keep the code; changing it would orphan them, so only name/order/flags change.
            Input.Code = item.Code;
            Input.Kind = item.Kind;
            ModelState.Remove("Input.Code");
            ModelState.Remove("Input.Kind");
        }
        else if (Input.Kind is not null && Input.Code is not null && await db.ReferenceItems.AnyAsync(r => r.Kind == Input.Kind && r.Code == Input.Code))
        {
            ModelState.AddModelError("Input.Code", $"Kode '{Input.Code}' sudah ada di daftar ini.");
        }
        if (!ModelState.IsValid)
        {
            await OnGetAsync();
            return Page();
        }
        item ??= db.ReferenceItems.Add(new ReferenceItem { Kind = Input.Kind!, Code = Input.Code!, Name = "" }).Entity;
        item.Name = Input.Name!.Trim();
        item.SortOrder = Input.SortOrder;
        item.Active = Input.Active;
        item.Legacy = Input.Legacy;
        await db.SaveChangesAsync();
        TempData["Message"] = $"'{item.Name}' tersimpan.";
        return RedirectToPage();
    }
}
