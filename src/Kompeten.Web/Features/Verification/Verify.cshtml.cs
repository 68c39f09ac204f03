using Kompeten.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Verification;

/// <summary>
/// Public check of a certificate by the code in its QR: certificates of attendance from workshops
/// and competency certificates (live status). Shows only what a verifier needs; the holder's name
/// is partly masked. Rate-limited so that codes cannot be harvested.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(VerificationSetup.RateLimitPolicy)]
public class VerifyModel(AppDbContext db, CompetencyVerification competency) : PageModel
{
    public sealed record Finding(string Kind, string HolderMasked, string What, string? Detail, string Dates, string Number, bool Valid, string StatusText, string? Reason);

    public string Code { get; private set; } = "";

    /// <summary>A certificate of attendance.</summary>
    public Finding? Result { get; private set; }

    public CompetencyCertificateView? Competency { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        Code = code.Trim().ToUpperInvariant();
        Response.Headers.CacheControl = "no-store";
        if (Code.Length is 0 or > 40)
        {
            Code = Code.Length > 40 ? Code[..40] : Code;
            Response.StatusCode = 404;
            return Page();
        }
        var training = await db.AttendanceCertificates.AsNoTracking().Where(c => c.VerificationCode == Code)
            .Select(c => new { c.Number, c.RevokedAt, c.RevokedReason, c.Participant!.Person!.FullName, Programme = c.Batch!.Programme!.Name, BatchNumber = c.Batch.Number, c.Batch.StartDate, c.Batch.EndDate, c.Batch.LessonHours, c.Batch.Venue })
            .FirstOrDefaultAsync();
        if (training is not null)
        {
            Result = new Finding("Sertifikat pelatihan", PublicName.Mask(training.FullName),
                $"{training.Programme} – Angkatan {Training.Batch.Roman(training.BatchNumber)}", $"{training.LessonHours} JP · {training.Venue}",
                Training.TrainingScope.DateRange(training.StartDate, training.EndDate), training.Number,
                training.RevokedAt is null, training.RevokedAt is null ? "Sah" : "Dicabut", training.RevokedReason);
            return Page();
        }
        Competency = await competency.FindAsync(Code);
        if (Competency is null) Response.StatusCode = 404;
        return Page();
    }
}
