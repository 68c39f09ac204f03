using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>Creates or edits a programme with its budget plan (RAB) and realisation lines.</summary>
[Authorize(Policy = Policies.Admin)]
public class ProgrammeEditModel(AppDbContext db, UserScope scope, TimeProvider clock) : PageModel
{
    public sealed class LineInput
    {
        public int? Id { get; set; }
        public string? Item { get; set; }
        public decimal? Volume { get; set; }
        public string? Unit { get; set; }
        public decimal? UnitCost { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Item) && Volume is null && UnitCost is null && string.IsNullOrWhiteSpace(Unit);
    }

    public sealed class ProgrammeInput
    {
        [Required(ErrorMessage = "Nama program wajib diisi, misalnya \"Bimtek Literasi Informasi Sertifikasi Pustakawan 2026\".")]
        [StringLength(300, ErrorMessage = "Nama program paling panjang 300 karakter.")]
        public string Name { get; set; } = "";

        [Range(2000, 2100, ErrorMessage = "Tahun harus antara 2000 dan 2100.")]
        public int Year { get; set; }

        [StringLength(2000, ErrorMessage = "Tujuan paling panjang 2000 karakter.")]
        public string? Purpose { get; set; }

        [StringLength(8000, ErrorMessage = "Latar belakang paling panjang 8000 karakter.")]
        public string? Background { get; set; }

        public FundingSource Funding { get; set; } = FundingSource.DakNonFisik;

        [StringLength(300, ErrorMessage = "Menu DAK paling panjang 300 karakter.")]
        public string? FundingMenu { get; set; }

        public bool QualifiesAsTrainingCertificate { get; set; }
        public string? ProvinceCode { get; set; }
        public List<LineInput> Plan { get; set; } = [];
        public List<LineInput> Realisation { get; set; } = [];
    }

    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public List<Region> Provinces { get; private set; } = [];
    public bool ChoosesProvince => scope.Level == ScopeLevel.National;

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        Id = id;
        await LoadChoicesAsync();
        if (id is null)
        {
            Input = new ProgrammeInput { Year = clock.Today().Year, ProvinceCode = scope.ProvinceCode ?? "63" };
            return Page();
        }
        var p = await db.Programmes.AsNoTracking().InScope(scope).Include(x => x.BudgetLines).FirstOrDefaultAsync(x => x.Id == id);
        if (p is null) return NotFound();
        Input = new ProgrammeInput
        {
            Name = p.Name, Year = p.Year, Purpose = p.Purpose, Background = p.Background, Funding = p.Funding, FundingMenu = p.FundingMenu,
            QualifiesAsTrainingCertificate = p.QualifiesAsTrainingCertificate, ProvinceCode = p.ProvinceCode,
            Plan = Lines(p, BudgetLineKind.Plan), Realisation = Lines(p, BudgetLineKind.Realisation),
        };
        return Page();
    }

    private static List<LineInput> Lines(Programme p, BudgetLineKind kind) => p.BudgetLines.Where(l => l.Kind == kind).OrderBy(l => l.SortOrder)
        .Select(l => new LineInput { Id = l.Id, Item = l.Item, Volume = l.Volume, Unit = l.Unit, UnitCost = l.UnitCost }).ToList();

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        Id = id;
        await LoadChoicesAsync();
        var province = ChoosesProvince ? Input.ProvinceCode : scope.ProvinceCode;
        if (province is null || !Provinces.Any(p => p.Code == province)) ModelState.AddModelError("Input.ProvinceCode", "Pilih provinsi penyelenggara.");
        if (Input.Funding == FundingSource.DakNonFisik && string.IsNullOrWhiteSpace(Input.FundingMenu))
        {
            ModelState.AddModelError("Input.FundingMenu", "Untuk DAK Non Fisik, tuliskan menu kegiatannya (menu berubah tiap tahun).");
        }
        CheckLines(Input.Plan, "RAB");
        CheckLines(Input.Realisation, "Realisasi");
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow();
        Programme programme;
        if (id is null)
        {
            programme = new Programme { Name = "", ProvinceCode = province!, CreatedAt = now };
            db.Programmes.Add(programme);
        }
        else
        {
            var found = await db.Programmes.InScope(scope).Include(x => x.BudgetLines).FirstOrDefaultAsync(x => x.Id == id);
            if (found is null) return NotFound();
            programme = found;
        }
        programme.Name = Input.Name.Trim();
        programme.Year = Input.Year;
        programme.Purpose = Input.Purpose?.Trim();
        programme.Background = Input.Background?.Trim();
        programme.Funding = Input.Funding;
        programme.FundingMenu = string.IsNullOrWhiteSpace(Input.FundingMenu) ? null : Input.FundingMenu.Trim();
        programme.QualifiesAsTrainingCertificate = Input.QualifiesAsTrainingCertificate;
        programme.UpdatedAt = now;
        Apply(programme, BudgetLineKind.Plan, Input.Plan);
        Apply(programme, BudgetLineKind.Realisation, Input.Realisation);
        await db.SaveChangesAsync();
        TempData["Message"] = id is null ? "Program dibuat. Tambahkan angkatan pertamanya." : "Program disimpan.";
        return Redirect("/Training");
    }

    private void CheckLines(List<LineInput> lines, string label)
    {
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (line.IsBlank) continue;
            if (string.IsNullOrWhiteSpace(line.Item)) ModelState.AddModelError("", $"{label} baris {n}: uraian wajib diisi (atau kosongkan seluruh baris).");
            if (line.Volume is null or <= 0) ModelState.AddModelError("", $"{label} baris {n}: volume harus lebih dari 0.");
            if (string.IsNullOrWhiteSpace(line.Unit)) ModelState.AddModelError("", $"{label} baris {n}: satuan wajib diisi, misalnya OK, OH, paket.");
            if (line.UnitCost is null or < 0) ModelState.AddModelError("", $"{label} baris {n}: harga satuan wajib diisi (Rp, tanpa titik pun boleh).");
        }
    }

    private void Apply(Programme programme, BudgetLineKind kind, List<LineInput> inputs)
    {
        var existing = programme.BudgetLines.Where(l => l.Kind == kind).ToDictionary(l => l.Id);
        var keep = new HashSet<int>();
        var order = 0;
        foreach (var input in inputs.Where(i => !i.IsBlank))
        {
            order++;
            BudgetLine line;
            if (input.Id is { } lineId && existing.TryGetValue(lineId, out var found))
            {
                line = found;
                keep.Add(lineId);
            }
            else
            {
                line = new BudgetLine { Item = "", Unit = "", Kind = kind };
                programme.BudgetLines.Add(line);
            }
            line.SortOrder = order;
            line.Item = input.Item!.Trim();
            line.Volume = input.Volume!.Value;
            line.Unit = input.Unit!.Trim();
            line.UnitCost = input.UnitCost!.Value;
        }
        foreach (var (lineId, line) in existing)
        {
            if (!keep.Contains(lineId)) db.BudgetLines.Remove(line);
        }
    }

    private async Task LoadChoicesAsync() =>
        Provinces = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Province && (scope.Level == ScopeLevel.National || r.Code == scope.ProvinceCode))
            .OrderBy(r => r.Code).ToListAsync();
}
