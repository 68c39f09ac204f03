using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Kompeten.Web.Features.Verification;

/// <summary>Public verification of a certificate by the code in its QR link. Rate-limited: codes must not be harvested.</summary>
[AllowAnonymous]
[EnableRateLimiting(Certification.CertificationServices.VerifyRateLimit)]
public class VerifyModel(CompetencyVerification competency) : PageModel
{
    public string Code { get; private set; } = "";
    public CompetencyCertificateView? Competency { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        Code = code.Length > 40 ? code[..40] : code;
        Competency = await competency.FindAsync(code);
        if (Competency is null) Response.StatusCode = StatusCodes.Status404NotFound;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
