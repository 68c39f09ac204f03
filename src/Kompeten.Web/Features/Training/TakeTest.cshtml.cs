using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>A participant takes the batch's pre-test or post-test on their phone; only their own place.</summary>
[Authorize]
public class TakeTestModel(AppDbContext db, UserScope scope, TestScores scores) : PageModel
{
    public List<TestQuestion> Questions { get; private set; } = [];
    public TestKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public decimal? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int participantId, TestKind kind) => await LoadAsync(participantId, kind) ? Page() : NotFound();

    private async Task<bool> LoadAsync(int participantId, TestKind kind)
    {
        var place = await db.Participants.AsNoTracking().Where(p => p.Id == participantId && p.PersonId == scope.PersonId && scope.PersonId != null)
            .Select(p => new { p.BatchId, p.Batch!.Number, Programme = p.Batch.Programme!.Name }).FirstOrDefaultAsync();
        if (place is null) return false;
        Kind = kind;
        Title = $"{EnumLabels.Of(kind)} · {place.Programme} Angkatan {Batch.Roman(place.Number)}";
        Questions = await db.TestQuestions.AsNoTracking().Where(q => q.BatchId == place.BatchId).OrderBy(q => q.SortOrder).ToListAsync();
        Done = await db.TestSubmissions.Where(t => t.ParticipantId == participantId && t.Kind == kind).Select(t => (decimal?)t.Score).FirstOrDefaultAsync();
        return true;
    }

    public async Task<IActionResult> OnPostAsync(int participantId, TestKind kind, Dictionary<int, string> answers)
    {
        if (!await LoadAsync(participantId, kind)) return NotFound();
        var (score, problem) = await scores.SubmitOnlineAsync(participantId, kind, answers);
        if (problem is not null)
        {
            ModelState.AddModelError("", problem);
            return Page();
        }
        TempData["Message"] = $"{EnumLabels.Of(kind)} terkirim. Nilai Anda: {TrainingScope.Number(score!.Value)}.";
        return Redirect("/Training/Me");
    }
}
