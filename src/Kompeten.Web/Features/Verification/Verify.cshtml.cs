using Kompeten.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Verification;

/// <summary>
/// Public check of a certificate by the code in its QR: certificates of attendance from workshops
/// and competency certificates. Shows only what a verifier needs; the holder's name is partly masked.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(VerificationSetup.RateLimitPolicy)]
public class VerifyModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Finding(string Kind, string HolderMasked, string What, string? Detail, string Dates, string Number, bool Valid, string StatusText, string? Reason);

    public string Code { get; private set; } = "";
    public Finding? Result { get; private set; }

    public async Task OnGetAsync(string code)
    {
        Code = code.Trim().ToUpperInvariant();
        if (Code.Length is 0 or > 40)
        {
            Response.StatusCode = 404;
            return;
        }
        var training = await db.AttendanceCertificates.AsNoTracking().Where(c => c.VerificationCode == Code)
            .Select(c => new { c.Number, c.RevokedAt, c.RevokedReason, c.Participant!.Person!.FullName, Programme = c.Batch!.Programme!.Name, BatchNumber = c.Batch.Number, c.Batch.StartDate, c.Batch.EndDate, c.Batch.LessonHours, c.Batch.Venue })
            .FirstOrDefaultAsync();
        if (training is not null)
        {
            Result = new Finding("Sertifikat pelatihan", MaskName(training.FullName),
                $"{training.Programme} – Angkatan {Training.Batch.Roman(training.BatchNumber)}", $"{training.LessonHours} JP · {training.Venue}",
                Training.TrainingScope.DateRange(training.StartDate, training.EndDate), training.Number,
                training.RevokedAt is null, training.RevokedAt is null ? "Sah" : "Dicabut", training.RevokedReason);
            return;
        }
        var competency = await db.Certificates.AsNoTracking().Where(c => c.VerificationCode == Code)
            .Select(c => new { c.Number, c.RevokedAt, c.RevokedReason, c.IssuedOn, c.ValidUntil, c.Person!.FullName, Scheme = c.Scheme!.Name })
            .FirstOrDefaultAsync();
        if (competency is not null)
        {
            var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
            var valid = competency.RevokedAt is null && competency.ValidUntil >= today;
            Result = new Finding("Sertifikat kompetensi", MaskName(competency.FullName), $"Skema {competency.Scheme}", null,
                $"{Training.TrainingScope.Date(competency.IssuedOn)} – {Training.TrainingScope.Date(competency.ValidUntil)}", competency.Number,
                valid, competency.RevokedAt is not null ? "Dicabut" : valid ? "Berlaku" : "Masa berlaku habis", competency.RevokedReason);
            return;
        }
        Response.StatusCode = 404;
    }

    /// <summary>"Siti Aminah" → "Si** Am****": enough to match the person in front of you, not to find them.</summary>
    public static string MaskName(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
    {
        var keep = word.Length <= 3 ? 1 : 2;
        return word[..keep] + new string('*', word.Length - keep);
    }));
}
