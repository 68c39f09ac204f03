using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>Administrators set a year's certification target for their province or one of its regencies.</summary>
[Authorize(Policy = Policies.Admin)]
public class TargetsModel(AppDbContext db, UserScope scope, TimeProvider clock) : PageModel
{
    public DashboardArea Area { get; private set; } = null!;
    public List<CertificationTarget> Targets { get; private set; } = [];
    public List<SelectListItem> RegionOptions { get; private set; } = [];
    public Dictionary<string, string> RegionNames { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty] public TargetInput Input { get; set; } = new();

    public sealed class TargetInput
    {
        [Required(ErrorMessage = "Pilih wilayah.")]
        public string? RegionCode { get; set; }

        [Required(ErrorMessage = "Tahun wajib diisi.")]
        [Range(2020, 2100, ErrorMessage = "Tahun harus antara 2020 dan 2100.")]
        public int? Year { get; set; }

        [Required(ErrorMessage = "Pilih jenis target.")]
        public TargetKind? Kind { get; set; }

        [Required(ErrorMessage = "Nilai target wajib diisi.")]
        [Range(0.1, 1_000_000, ErrorMessage = "Nilai target harus lebih dari 0.")]
        public decimal? Value { get; set; }

        [StringLength(500, ErrorMessage = "Catatan paling panjang 500 karakter.")]
        public string? Note { get; set; }
    }

    private async Task<IActionResult?> LoadAsync()
    {
        // Targets belong to a province or a regency; the national administrator picks the province.
        var requested = string.IsNullOrWhiteSpace(Region) || Region == DashboardArea.NationalCode ? scope.RegionCode : Region;
        if (requested is null) return RedirectToPage("/Dashboard/Index");
        if (requested.Contains('.')) requested = Registry.Region.ProvinceOf(requested);
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, requested);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden || area!.Level != DashboardLevel.Province) return Forbid();
        Area = area;
        var regions = await db.Regions.AsNoTracking().Where(r => r.Code == area.Code || r.ParentCode == area.Code).OrderBy(r => r.Code)
            .Select(r => new { r.Code, r.Name }).ToListAsync();
        RegionNames = regions.ToDictionary(r => r.Code, r => r.Name);
        RegionOptions = regions.Select(r => new SelectListItem(r.Code == area.Code ? $"{r.Name} (provinsi)" : r.Name, r.Code, r.Code == (Input.RegionCode ?? area.Code))).ToList();
        Targets = await db.CertificationTargets.AsNoTracking().Where(t => RegionNames.Keys.Contains(t.RegionCode))
            .OrderByDescending(t => t.Year).ThenBy(t => t.RegionCode).ToListAsync();
        return null;
    }

    public async Task<IActionResult> OnGetAsync(int? year)
    {
        Input.Year = year ?? clock.Today().Year;
        Input.Kind = TargetKind.AdditionalCertified;
        return await LoadAsync() ?? Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Region ??= Input.RegionCode;
        if (await LoadAsync() is { } refused) return refused;
        if (Input.RegionCode is not null && !RegionNames.ContainsKey(Input.RegionCode))
        {
            ModelState.AddModelError("Input.RegionCode", "Wilayah ini di luar provinsi Anda.");
        }
        if (Input.Kind == TargetKind.PercentCertified && Input.Value > 100)
        {
            ModelState.AddModelError("Input.Value", "Target persentase paling tinggi 100%.");
        }
        if (Input.Kind == TargetKind.AdditionalCertified && Input.Value is { } v && v != decimal.Truncate(v))
        {
            ModelState.AddModelError("Input.Value", "Target jumlah orang harus bilangan bulat, misalnya 50.");
        }
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow();
        var target = await db.CertificationTargets.FirstOrDefaultAsync(t => t.RegionCode == Input.RegionCode && t.Year == Input.Year);
        target ??= db.CertificationTargets.Add(new CertificationTarget { RegionCode = Input.RegionCode!, Year = Input.Year!.Value, CreatedBy = User.Identity!.Name!, CreatedAt = now }).Entity;
        target.Kind = Input.Kind!.Value;
        target.Value = Input.Value!.Value;
        target.Note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim();
        target.UpdatedAt = now;
        await db.SaveChangesAsync();
        TempData["Message"] = $"Target {RegionNames[target.RegionCode]} tersimpan: {target.Describe()}.";
        return RedirectToPage(new { region = Area.Code, year = target.Year });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        if (await LoadAsync() is { } refused) return refused;
        var target = await db.CertificationTargets.FirstOrDefaultAsync(t => t.Id == id);
        if (target is null || !RegionNames.ContainsKey(target.RegionCode)) return NotFound();
        db.CertificationTargets.Remove(target);
        await db.SaveChangesAsync();
        TempData["Message"] = $"Target {RegionNames[target.RegionCode]} {target.Year} dihapus.";
        return RedirectToPage(new { region = Area.Code });
    }
}
