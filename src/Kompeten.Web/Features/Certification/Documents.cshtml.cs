using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// The only way a portfolio file leaves the store: to the candidate, the operator of their
/// regency, their assigned mentor, or administrators of the province. Anyone else gets 404.
/// Served with the sniffed type, no sniffing by the browser, and a sandbox CSP.
/// </summary>
[Authorize(Policy = Policies.Certification)]
public class DocumentsModel(AppDbContext db, CertificationAccess access, IFileStore files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id)
    {
        var document = await db.PortfolioDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id);
        if (document is null) return NotFound();
        var app = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == document.ApplicationId);
        if (app is null || !access.CanSee(app)) return NotFound();
        var stream = await files.OpenAsync(document.Sha256);
        if (stream is null) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentSecurityPolicy = "sandbox";
        Response.Headers.CacheControl = "private, no-store";
        // Shown in the browser (PDF viewer, image), not forced to download.
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(Preparation.DownloadName(document));
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(stream, document.ContentType);
    }
}
