using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// The committee's pre/post test page: the question set, scores entered or imported, and the learning
/// gain. The import's form is read within the upload limit by <see cref="UploadFormAttribute"/>, which
/// also checks the antiforgery token of every POST here.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[IgnoreAntiforgeryToken]
[UploadForm("Import")]
public class TestsModel(AppDbContext db, UserScope scope, TestScores scores, IOptions<ImportOptions> importOptions) : PageModel
{
    public sealed class QuestionInput
    {
        [Required(ErrorMessage = "Tulis pertanyaannya.")]
        [StringLength(2000, ErrorMessage = "Pertanyaan paling panjang 2000 karakter.")]
        public string Text { get; set; } = "";

        [Required(ErrorMessage = "Pilihan A wajib diisi.")] public string OptionA { get; set; } = "";
        [Required(ErrorMessage = "Pilihan B wajib diisi.")] public string OptionB { get; set; } = "";
        public string? OptionC { get; set; }
        public string? OptionD { get; set; }

        [Required(ErrorMessage = "Pilih jawaban yang benar.")]
        [RegularExpression("^[ABCD]$", ErrorMessage = "Jawaban benar harus A, B, C atau D.")]
        public string Correct { get; set; } = "A";
    }

    public BatchHeader Header { get; private set; } = null!;
    public List<TestQuestion> Questions { get; private set; } = [];
    public TestScores.BatchScores Scores { get; private set; } = new([]);

    /// <summary>Why an imported file was refused as a whole (shown above the import form).</summary>
    public string? ImportError { get; private set; }

    [BindProperty]
    public QuestionInput Question { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    private async Task<bool> LoadAsync(int id)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is not { } header) return false;
        Header = header;
        Questions = await db.TestQuestions.AsNoTracking().Where(q => q.BatchId == id).OrderBy(q => q.SortOrder).ToListAsync();
        Scores = await scores.ForBatchAsync(id);
        return true;
    }

    public async Task<IActionResult> OnPostQuestionAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Question.Correct == "C" && string.IsNullOrWhiteSpace(Question.OptionC) || Question.Correct == "D" && string.IsNullOrWhiteSpace(Question.OptionD))
        {
            ModelState.AddModelError("Question.Correct", "Jawaban benar menunjuk pilihan yang kosong; isi pilihannya atau pilih jawaban lain.");
        }
        if (!ModelState.IsValid) return Page();
        db.TestQuestions.Add(new TestQuestion
        {
            BatchId = id, SortOrder = Questions.Count + 1, Text = Question.Text.Trim(), OptionA = Question.OptionA.Trim(), OptionB = Question.OptionB.Trim(),
            OptionC = string.IsNullOrWhiteSpace(Question.OptionC) ? null : Question.OptionC.Trim(), OptionD = string.IsNullOrWhiteSpace(Question.OptionD) ? null : Question.OptionD.Trim(),
            Correct = Question.Correct,
        });
        await db.SaveChangesAsync();
        TempData["Message"] = "Soal ditambahkan.";
        return Redirect($"/Training/Batches/{id}/Tests");
    }

    public async Task<IActionResult> OnPostDeleteQuestionAsync(int id, int questionId)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        if (await db.TestSubmissions.AnyAsync(t => t.Source == TestSource.Online && t.Participant!.BatchId == id))
        {
            TempData["Error"] = "Soal tidak dapat dihapus karena sudah ada peserta yang mengerjakan tes secara daring.";
        }
        else
        {
            await db.TestQuestions.Where(q => q.Id == questionId && q.BatchId == id).ExecuteDeleteAsync();
            TempData["Message"] = "Soal dihapus.";
        }
        return Redirect($"/Training/Batches/{id}/Tests");
    }

    /// <summary>Scores typed into the table: fields pre[participantId] and post[participantId]; empty clears.</summary>
    public async Task<IActionResult> OnPostScoresAsync(int id, Dictionary<int, string?> pre, Dictionary<int, string?> post)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        var current = (await scores.ForBatchAsync(id)).Rows.ToDictionary(r => r.ParticipantId);
        var problems = new List<string>();
        var saved = 0;
        foreach (var (kind, values) in new[] { (TestKind.Pre, pre), (TestKind.Post, post) })
        {
            foreach (var (participantId, text) in values)
            {
                if (!current.TryGetValue(participantId, out var row)) continue;
                decimal? score = null;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                    {
                        problems.Add($"{row.Name}: nilai {EnumLabels.Of(kind)} \"{text}\" bukan angka.");
                        continue;
                    }
                    score = parsed;
                }
                if (score == (kind == TestKind.Pre ? row.Pre : row.Post)) continue;
                var problem = await scores.SetScoreAsync(id, participantId, kind, score, TestSource.Entered);
                if (problem is null) saved++;
                else problems.Add($"{row.Name}: {problem}");
            }
        }
        if (problems.Count > 0) TempData["Error"] = string.Join(" ", problems);
        TempData["Message"] = $"{saved} nilai disimpan.";
        return Redirect($"/Training/Batches/{id}/Tests");
    }

    public async Task<IActionResult> OnPostImportAsync(int id, IFormFile? file)
    {
        if (await TrainingPages.HeaderAsync(db, id, scope) is null) return NotFound();
        if (UploadFormAttribute.Refusal(HttpContext) is { } refused) return await RefuseImportAsync(id, refused.Message, refused.Status);
        if (file is null) return await RefuseImportAsync(id, $"Pilih berkas nilai ({TabularFile.ExtensionsText}) dengan kolom kode, pre, post.", StatusCodes.Status400BadRequest);
        TestScores.ImportResult result;
        await using (var stream = file.OpenReadStream())
        {
            result = await scores.ImportAsync(id, stream, file.FileName, importOptions.Value.Limits);
        }
        if (result.RefusedWith is { } status) return await RefuseImportAsync(id, result.Problems[0], status);
        TempData["Message"] = $"{result.Rows} baris dibaca, {result.Saved} nilai disimpan.";
        if (result.Problems.Count > 0) TempData["Error"] = string.Join(" ", result.Problems.Take(20)) + (result.Problems.Count > 20 ? $" (dan {result.Problems.Count - 20} masalah lain)" : "");
        return Redirect($"/Training/Batches/{id}/Tests");
    }

    /// <summary>The page again with the refused file's message; nothing was saved.</summary>
    private async Task<IActionResult> RefuseImportAsync(int id, string message, int status)
    {
        await LoadAsync(id);
        ModelState.Clear(); // the question form was bound from the upload's form too; its "required" errors are not this post's
        ImportError = message;
        Response.StatusCode = status;
        return Page();
    }
}
