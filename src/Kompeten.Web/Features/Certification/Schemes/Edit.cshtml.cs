using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Certification.Schemes;

/// <summary>
/// One scheme: name, validity, active, required documents; its units → elements → KUK edited in
/// place; and an import of the structure from .xlsx, .xls or .csv (all rows right, or nothing
/// changes), whose form is read within the upload limit by <see cref="UploadFormAttribute"/> (which
/// also checks the antiforgery token of every POST here).
/// </summary>
[Authorize(Policy = Policies.Admin)]
[IgnoreAntiforgeryToken]
[UploadForm("Import")]
public class EditModel(AppDbContext db, IOptions<ImportOptions> importOptions) : PageModel
{
    public Scheme Scheme { get; private set; } = null!;
    public SchemeImport.Report? ImportReport { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int ValidityYears { get; set; }
    [BindProperty] public bool Active { get; set; }
    [BindProperty] public List<string> RequiredDocuments { get; set; } = [];

    /// <summary>The kinds an administrator can require (unit evidence is asked per unit, not here).</summary>
    public static IEnumerable<KeyValuePair<string, string>> RequirableKinds => DocumentKinds.Labels.Where(k => k.Key != DocumentKinds.UnitEvidence);

    private async Task<bool> LoadAsync(int id)
    {
        var scheme = await db.Schemes.AsNoTracking()
            .Include(s => s.Units).ThenInclude(u => u.Elements).ThenInclude(e => e.Criteria)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id);
        if (scheme is null) return false;
        Scheme = scheme;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        (Name, ValidityYears, Active, RequiredDocuments) = (Scheme.Name, Scheme.ValidityYears, Scheme.Active, Scheme.RequiredDocuments);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id)
    {
        var scheme = await db.Schemes.FirstOrDefaultAsync(s => s.Id == id);
        if (scheme is null) return NotFound();
        if (string.IsNullOrWhiteSpace(Name)) ModelState.AddModelError(nameof(Name), "Nama skema wajib diisi.");
        else if (Name.Trim().Length > 200) ModelState.AddModelError(nameof(Name), "Nama skema paling panjang 200 karakter.");
        if (ValidityYears is < 1 or > 10) ModelState.AddModelError(nameof(ValidityYears), "Masa berlaku diisi 1 sampai 10 tahun (umumnya 3 tahun).");
        var unknown = RequiredDocuments.Where(k => !DocumentKinds.Labels.ContainsKey(k) || k == DocumentKinds.UnitEvidence).ToList();
        if (unknown.Count > 0) ModelState.AddModelError(nameof(RequiredDocuments), "Ada jenis dokumen yang tidak dikenal; pilih dari daftar.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(id);
            return Page();
        }
        scheme.Name = Name!.Trim();
        scheme.ValidityYears = ValidityYears;
        scheme.Active = Active;
        // Keep the checklist in the canonical order, whatever order the boxes were ticked in.
        scheme.RequiredDocuments = RequirableKinds.Select(k => k.Key).Where(RequiredDocuments.Contains).ToList();
        await db.SaveChangesAsync();
        TempData["Message"] = "Data skema disimpan.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAddUnitAsync(int id, string? code, string? title)
    {
        if (!await db.Schemes.AnyAsync(s => s.Id == id)) return NotFound();
        if (UnitProblem(code, title) is { } problem) return Back(id, problem);
        code = Clean(code)?.ToUpperInvariant();
        if (code is not null && await db.SchemeUnits.AnyAsync(u => u.SchemeId == id && u.Code == code)) return Back(id, $"Unit dengan kode {code} sudah ada di skema ini.");
        var order = await db.SchemeUnits.Where(u => u.SchemeId == id).MaxAsync(u => (int?)u.SortOrder) ?? 0;
        db.SchemeUnits.Add(new SchemeUnit { SchemeId = id, Code = code, Title = Clean(title)!, SortOrder = order + 10 });
        await db.SaveChangesAsync();
        return Done(id, "Unit ditambahkan.");
    }

    public async Task<IActionResult> OnPostUpdateUnitAsync(int id, int unitId, string? code, string? title, int sortOrder)
    {
        var unit = await db.SchemeUnits.FirstOrDefaultAsync(u => u.Id == unitId && u.SchemeId == id);
        if (unit is null) return NotFound();
        if (UnitProblem(code, title) is { } problem) return Back(id, problem);
        code = Clean(code)?.ToUpperInvariant();
        if (code is not null && await db.SchemeUnits.AnyAsync(u => u.SchemeId == id && u.Code == code && u.Id != unitId)) return Back(id, $"Unit dengan kode {code} sudah ada di skema ini.");
        (unit.Code, unit.Title, unit.SortOrder) = (code, Clean(title)!, sortOrder);
        await db.SaveChangesAsync();
        return Done(id, "Unit disimpan.");
    }

    public async Task<IActionResult> OnPostDeleteUnitAsync(int id, int unitId)
    {
        var unit = await db.SchemeUnits.Include(u => u.Elements).ThenInclude(e => e.Criteria).FirstOrDefaultAsync(u => u.Id == unitId && u.SchemeId == id);
        if (unit is null) return NotFound();
        if (await db.UnitClaims.AnyAsync(c => c.UnitId == unitId) || await db.UnitResults.AnyAsync(r => r.UnitId == unitId) || await db.PortfolioDocuments.AnyAsync(d => d.UnitId == unitId))
        {
            return Back(id, "Unit ini sudah dipakai dalam asesmen mandiri, bukti, atau hasil uji, sehingga tidak dapat dihapus. Ubah judulnya bila perlu, atau nonaktifkan skema.");
        }
        db.PerformanceCriteria.RemoveRange(unit.Elements.SelectMany(e => e.Criteria));
        db.SchemeElements.RemoveRange(unit.Elements);
        db.SchemeUnits.Remove(unit);
        await db.SaveChangesAsync();
        return Done(id, "Unit dihapus.");
    }

    public async Task<IActionResult> OnPostAddElementAsync(int id, int unitId, string? title)
    {
        if (!await db.SchemeUnits.AnyAsync(u => u.Id == unitId && u.SchemeId == id)) return NotFound();
        if (TextProblem(title, "Judul elemen") is { } problem) return Back(id, problem);
        var order = await db.SchemeElements.Where(e => e.UnitId == unitId).MaxAsync(e => (int?)e.SortOrder) ?? 0;
        db.SchemeElements.Add(new SchemeElement { UnitId = unitId, Title = Clean(title)!, SortOrder = order + 10 });
        await db.SaveChangesAsync();
        return Done(id, "Elemen ditambahkan.");
    }

    public async Task<IActionResult> OnPostUpdateElementAsync(int id, int elementId, string? title)
    {
        var element = await ElementOfAsync(id, elementId);
        if (element is null) return NotFound();
        if (TextProblem(title, "Judul elemen") is { } problem) return Back(id, problem);
        element.Title = Clean(title)!;
        await db.SaveChangesAsync();
        return Done(id, "Elemen disimpan.");
    }

    public async Task<IActionResult> OnPostDeleteElementAsync(int id, int elementId)
    {
        var element = await ElementOfAsync(id, elementId);
        if (element is null) return NotFound();
        if (await db.UnitClaims.AnyAsync(c => c.ElementId == elementId)) return Back(id, "Elemen ini sudah dinilai dalam asesmen mandiri peserta, sehingga tidak dapat dihapus.");
        db.PerformanceCriteria.RemoveRange(await db.PerformanceCriteria.Where(c => c.ElementId == elementId).ToListAsync());
        db.SchemeElements.Remove(element);
        await db.SaveChangesAsync();
        return Done(id, "Elemen dihapus.");
    }

    public async Task<IActionResult> OnPostAddCriterionAsync(int id, int elementId, string? text)
    {
        if (await ElementOfAsync(id, elementId) is null) return NotFound();
        if (TextProblem(text, "KUK") is { } problem) return Back(id, problem);
        var order = await db.PerformanceCriteria.Where(c => c.ElementId == elementId).MaxAsync(c => (int?)c.SortOrder) ?? 0;
        db.PerformanceCriteria.Add(new PerformanceCriterion { ElementId = elementId, Text = Clean(text)!, SortOrder = order + 10 });
        await db.SaveChangesAsync();
        return Done(id, "KUK ditambahkan.");
    }

    public async Task<IActionResult> OnPostUpdateCriterionAsync(int id, int criterionId, string? text)
    {
        var criterion = await CriterionOfAsync(id, criterionId);
        if (criterion is null) return NotFound();
        if (TextProblem(text, "KUK") is { } problem) return Back(id, problem);
        criterion.Text = Clean(text)!;
        await db.SaveChangesAsync();
        return Done(id, "KUK disimpan.");
    }

    public async Task<IActionResult> OnPostDeleteCriterionAsync(int id, int criterionId)
    {
        var criterion = await CriterionOfAsync(id, criterionId);
        if (criterion is null) return NotFound();
        db.PerformanceCriteria.Remove(criterion);
        await db.SaveChangesAsync();
        return Done(id, "KUK dihapus.");
    }

    public IActionResult OnGetTemplate(int id) =>
        File(SchemeImport.Template(), XlsxWriter.ContentType, $"templat-unit-skema-{id}.xlsx");

    public async Task<IActionResult> OnPostImportAsync(int id, IFormFile? file)
    {
        if (!await db.Schemes.AnyAsync(s => s.Id == id)) return NotFound();
        if (UploadFormAttribute.Refusal(HttpContext) is { } refused)
        {
            ImportReport = new(0, 0, 0, 0, 0, [new(0, refused.Message)]) { RefusedWith = refused.Status };
        }
        else if (file is null)
        {
            ImportReport = new(0, 0, 0, 0, 0, [new(0, $"Pilih berkas unit ({TabularFile.ExtensionsText}) yang akan diimpor.")]) { RefusedWith = StatusCodes.Status400BadRequest };
        }
        else
        {
            await using var stream = file.OpenReadStream();
            ImportReport = await SchemeImport.RunAsync(db, id, stream, file.FileName, importOptions.Value.Limits);
        }
        if (ImportReport.RefusedWith is { } status) Response.StatusCode = status;
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        (Name, ValidityYears, Active, RequiredDocuments) = (Scheme.Name, Scheme.ValidityYears, Scheme.Active, Scheme.RequiredDocuments);
        return Page();
    }

    private async Task<SchemeElement?> ElementOfAsync(int schemeId, int elementId) =>
        await db.SchemeElements.FirstOrDefaultAsync(e => e.Id == elementId && db.SchemeUnits.Any(u => u.Id == e.UnitId && u.SchemeId == schemeId));

    private async Task<PerformanceCriterion?> CriterionOfAsync(int schemeId, int criterionId) =>
        await db.PerformanceCriteria.FirstOrDefaultAsync(c => c.Id == criterionId &&
            db.SchemeElements.Any(e => e.Id == c.ElementId && db.SchemeUnits.Any(u => u.Id == e.UnitId && u.SchemeId == schemeId)));

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? UnitProblem(string? code, string? title)
    {
        if (Clean(code)?.ToUpperInvariant() is { } c && !SchemeImport.UnitCode().IsMatch(c))
            return $"Kode unit \"{c}\" tidak sesuai format SKKNI (contoh: R.91PRP02.021.1). Kosongkan bila kodenya belum diketahui.";
        return TextProblem(title, "Judul unit");
    }

    private static string? TextProblem(string? text, string what) =>
        Clean(text) is not { } t ? $"{what} wajib diisi." : t.Length > SchemeImport.MaxTitle ? $"{what} paling panjang {SchemeImport.MaxTitle} karakter." : null;

    private RedirectToPageResult Back(int id, string error)
    {
        TempData["Error"] = error;
        return RedirectToPage(new { id });
    }

    private RedirectToPageResult Done(int id, string message)
    {
        TempData["Message"] = message;
        return RedirectToPage(new { id });
    }
}
