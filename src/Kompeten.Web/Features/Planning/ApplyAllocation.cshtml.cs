using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Planning;

/// <summary>Applies a draft workshop allocation to a new batch in one step (administrators of the allocation's province).</summary>
[Authorize(Policy = Policies.Admin)]
public class ApplyAllocationModel(AppDbContext db, UserScope scope, AllocationBatch apply, TimeProvider clock) : PageModel
{
    public sealed class BatchInput
    {
        [Required(ErrorMessage = "Pilih program untuk angkatan baru.")]
        public int? ProgrammeId { get; set; }

        [Required(ErrorMessage = "Tanggal mulai wajib diisi.")]
        public DateOnly? StartDate { get; set; }

        [Required(ErrorMessage = "Tanggal selesai wajib diisi.")]
        public DateOnly? EndDate { get; set; }

        [Required(ErrorMessage = "Tempat wajib diisi, misalnya \"Aula Dispersip Kalsel, Banjarbaru\".")]
        [StringLength(300, ErrorMessage = "Tempat paling panjang 300 karakter.")]
        public string? Venue { get; set; }

        [Range(0, 5000, ErrorMessage = "Kuota umum antara 0 dan 5000.")]
        public int PoolSeats { get; set; }

        [StringLength(200, ErrorMessage = "Keterangan kuota umum paling panjang 200 karakter.")]
        public string? PoolLabel { get; set; }
    }

    [BindProperty] public BatchInput Input { get; set; } = new();

    public QuotaAllocation Allocation { get; private set; } = null!;
    public Dictionary<string, string> Names { get; private set; } = [];
    public List<(int Id, string Name, int Year)> Programmes { get; private set; } = [];
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } result) return result;
        var today = clock.Today();
        Input.StartDate ??= today.AddMonths(1);
        Input.EndDate ??= Input.StartDate.Value.AddDays(2);
        Input.ProgrammeId ??= Programmes.FirstOrDefault(p => p.Year == Allocation.Year).Id is var pid and > 0 ? pid : Programmes.FirstOrDefault().Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } result) return result;
        if (Refusal is not null || !ModelState.IsValid) return Page();
        var outcome = await apply.ApplyAsync(id, new AllocationBatchInput(Input.ProgrammeId!.Value, Input.StartDate!.Value, Input.EndDate!.Value,
            Input.Venue!, Input.PoolSeats, Input.PoolLabel), ct);
        switch (outcome.Outcome)
        {
            case AllocationBatchOutcome.Created:
                TempData["Message"] = outcome.Message;
                return Redirect($"/Training/Batches/{outcome.BatchId}");
            case AllocationBatchOutcome.NotFound:
                return NotFound();
            case AllocationBatchOutcome.Forbidden:
                Refusal = outcome.Message;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            case AllocationBatchOutcome.AlreadyApplied:
                Refusal = outcome.Message;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                ModelState.AddModelError("", outcome.Message);
                return Page();
        }
    }

    /// <summary>Loads the allocation; another province's allocation is refused before anything of it is shown.</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var allocation = await db.QuotaAllocations.AsNoTracking().Include(a => a.Lines).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (allocation is null) return NotFound();
        var refusal = apply.Refusal(allocation);
        if (refusal?.Outcome == AllocationBatchOutcome.Forbidden)
        {
            Allocation = new QuotaAllocation { RegionCode = "", Title = "Draf provinsi lain", Basis = "", CreatedBy = "" };
            Refusal = refusal.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        Allocation = allocation;
        Refusal = refusal?.Message;
        if (refusal?.Outcome == AllocationBatchOutcome.AlreadyApplied) Response.StatusCode = StatusCodes.Status409Conflict;
        Names = await db.Regions.AsNoTracking().Where(r => r.ParentCode == allocation.RegionCode).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        Programmes = (await db.Programmes.AsNoTracking().InScope(scope).Where(p => p.ProvinceCode == allocation.RegionCode)
                .OrderByDescending(p => p.Year).ThenBy(p => p.Name).Select(p => new { p.Id, p.Name, p.Year }).ToListAsync(ct))
            .Select(p => (p.Id, p.Name, p.Year)).ToList();
        return null;
    }
}
