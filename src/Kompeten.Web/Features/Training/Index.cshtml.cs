using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>Programmes and their batches in the user's province; participants are sent to their own page.</summary>
[Authorize]
public class IndexModel(AppDbContext db, UserScope scope, IAuthorizationService authz) : PageModel
{
    public sealed record BatchRow(int Id, int Number, DateOnly StartDate, DateOnly EndDate, string Venue, BatchStatus Status, int SeatsTaken, int Capacity, int FromMyRegency)
    {
        public string Name => $"Angkatan {Batch.Roman(Number)}";
    }

    public sealed record ProgrammeRow(int Id, string Name, int Year, FundingSource Funding, string? FundingMenu, decimal Planned, decimal Realised, List<BatchRow> Batches);

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public List<ProgrammeRow> Programmes { get; private set; } = [];
    public List<int> Years { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public bool IsOperator { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await authz.AuthorizeAsync(User, Policies.RegistryRead)).Succeeded)
        {
            return scope.PersonId is null ? Forbid() : RedirectToPage("/Training/Me");
        }
        IsAdmin = (await authz.AuthorizeAsync(User, Policies.Admin)).Succeeded;
        IsOperator = scope.Level == ScopeLevel.Regency;
        var programmes = db.Programmes.AsNoTracking().InScope(scope);
        Years = await programmes.Select(p => p.Year).Distinct().OrderByDescending(y => y).ToListAsync();
        if (Year is { } y) programmes = programmes.Where(p => p.Year == y);
        var myRegency = IsOperator ? scope.RegionCode : null;
        Programmes = await programmes.OrderByDescending(p => p.Year).ThenBy(p => p.Name)
            .Select(p => new ProgrammeRow(p.Id, p.Name, p.Year, p.Funding, p.FundingMenu,
                p.BudgetLines.Where(l => l.Kind == BudgetLineKind.Plan).Sum(l => l.Total),
                p.BudgetLines.Where(l => l.Kind == BudgetLineKind.Realisation).Sum(l => l.Total),
                p.Batches.OrderBy(b => b.Number).Select(b => new BatchRow(b.Id, b.Number, b.StartDate, b.EndDate, b.Venue, b.Status, b.SeatsTaken, b.Capacity,
                    db.Participants.Count(x => x.BatchId == b.Id && x.RegencyCode == myRegency && Participant.ActiveStatuses.Contains(x.Status)))).ToList()))
            .ToListAsync();
        return Page();
    }
}
