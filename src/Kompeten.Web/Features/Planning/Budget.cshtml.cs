using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Planning;

/// <summary>
/// The budget of a province per year and funding source: pagu lines and unit costs entered by the
/// administrator; commitments and realisation computed from funded certification (and batch RAB
/// once training lands). Nationally: the provinces added up, read-only.
/// </summary>
[Authorize(Policy = Policies.BudgetRead)]
public class BudgetModel(AppDbContext db, BudgetQuery query, UserScope scope, IAuthorizationService authz, TimeProvider clock) : PageModel
{
    public BudgetView View { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    /// <summary>The agency's current year; the year picker is built around it.</summary>
    public int ThisYear { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public CostInput Costs { get; set; } = new();
    [BindProperty] public LineInput Line { get; set; } = new();

    public sealed class CostInput
    {
        [Required(ErrorMessage = "Biaya sertifikasi per kandidat wajib diisi.")]
        [Range(0, 1_000_000_000, ErrorMessage = "Biaya sertifikasi per kandidat harus antara Rp 0 dan Rp 1 miliar.")]
        public decimal? FeePerCandidate { get; set; }

        [Required(ErrorMessage = "Biaya per peserta workshop wajib diisi (isi 0 bila tidak ada).")]
        [Range(0, 1_000_000_000, ErrorMessage = "Biaya per peserta workshop harus antara Rp 0 dan Rp 1 miliar.")]
        public decimal? CostPerWorkshopParticipant { get; set; }

        [StringLength(500)] public string? Note { get; set; }
    }

    public sealed class LineInput
    {
        [Required(ErrorMessage = "Pilih sumber dana.")]
        public string? FundingSource { get; set; }

        [StringLength(200, ErrorMessage = "Menu/uraian paling panjang 200 karakter.")]
        public string? Menu { get; set; }

        [Required(ErrorMessage = "Jumlah pagu wajib diisi.")]
        [Range(1, 1_000_000_000_000, ErrorMessage = "Jumlah pagu harus lebih dari Rp 0.")]
        public decimal? Amount { get; set; }

        [StringLength(500)] public string? Note { get; set; }
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var requested = Region is { } r && r.Contains('.') ? Registry.Region.ProvinceOf(r) : Region;
        var (access, area) = await DashboardAreas.ResolveAsync(db, scope, requested);
        if (access == AreaAccess.Unknown) return NotFound();
        if (access == AreaAccess.Forbidden) return Forbid();
        if (area!.Level == DashboardLevel.Regency)
        {
            (access, area) = await DashboardAreas.ResolveAsync(db, scope, area.ProvinceCode);
            if (access != AreaAccess.Allowed) return Forbid();
        }
        var today = clock.Today();
        ThisYear = today.Year;
        var year = DashboardAreas.ValidYear(Year, today);
        Year = year;
        View = await query.LoadAsync(area!, year);
        CanEdit = area!.Level == DashboardLevel.Province && (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        return null;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        Costs.FeePerCandidate = View.FeePerCandidate;
        Costs.CostPerWorkshopParticipant = View.CostPerWorkshopParticipant;
        return Page();
    }

    public async Task<IActionResult> OnPostCostsAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        if (!CanEdit) return Forbid();
        ModelState.Clear();
        if (!TryValidateModel(Costs, nameof(Costs))) return Page();
        var province = View.Area.Code;
        var setting = await db.CostSettings.FirstOrDefaultAsync(c => c.ProvinceCode == province && c.Year == Year);
        setting ??= db.CostSettings.Add(new CostSetting { ProvinceCode = province, Year = Year!.Value, UpdatedBy = "" }).Entity;
        setting.FeePerCandidate = Costs.FeePerCandidate!.Value;
        setting.CostPerWorkshopParticipant = Costs.CostPerWorkshopParticipant!.Value;
        setting.Note = string.IsNullOrWhiteSpace(Costs.Note) ? null : Costs.Note.Trim();
        setting.UpdatedBy = User.Identity!.Name!;
        setting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
        TempData["Message"] = $"Biaya satuan {Year} tersimpan: sertifikasi {Rupiah.Full(setting.FeePerCandidate)} per kandidat, workshop {Rupiah.Full(setting.CostPerWorkshopParticipant)} per peserta.";
        return RedirectToPage(new { region = province, year = Year });
    }

    public async Task<IActionResult> OnPostLineAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        if (!CanEdit) return Forbid();
        ModelState.Clear();
        if (TryValidateModel(Line, nameof(Line)) && !FundingSources.Labels.ContainsKey(Line.FundingSource!))
        {
            ModelState.AddModelError("Line.FundingSource", "Sumber dana tidak dikenal.");
        }
        if (!ModelState.IsValid) return Page();
        db.BudgetAllocations.Add(new BudgetAllocation
        {
            ProvinceCode = View.Area.Code,
            Year = Year!.Value,
            FundingSource = Line.FundingSource!,
            Menu = string.IsNullOrWhiteSpace(Line.Menu) ? null : Line.Menu.Trim(),
            Amount = Line.Amount!.Value,
            Note = string.IsNullOrWhiteSpace(Line.Note) ? null : Line.Note.Trim(),
            UpdatedBy = User.Identity!.Name!,
            UpdatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        TempData["Message"] = $"Pagu {FundingSources.Label(Line.FundingSource!)} {Year} sebesar {Rupiah.Full(Line.Amount!.Value)} ditambahkan.";
        return RedirectToPage(new { region = View.Area.Code, year = Year });
    }

    public async Task<IActionResult> OnPostDeleteLineAsync(int id)
    {
        if (await LoadAsync() is { } refused) return refused;
        if (!CanEdit) return Forbid();
        var line = await db.BudgetAllocations.FirstOrDefaultAsync(l => l.Id == id && l.ProvinceCode == View.Area.Code);
        if (line is null) return NotFound();
        db.BudgetAllocations.Remove(line);
        await db.SaveChangesAsync();
        TempData["Message"] = $"Pagu {FundingSources.Label(line.FundingSource)} {line.Year} dihapus.";
        return RedirectToPage(new { region = View.Area.Code, year = line.Year });
    }
}
