using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Admin;

/// <summary>Loads the Kalsel demo data once and shows the demo accounts (passwords only right after loading).</summary>
[Authorize(Policy = Policies.Admin)]
public class DemoModel(DemoData demo, UserScope scope) : PageModel
{
    public DemoSummary Summary { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync() => Summary = await demo.StatusAsync(HttpContext.RequestAborted);

    public async Task OnPostAsync()
    {
        // The demo creates Kalsel accounts and records: an administrator of another province may not.
        if (scope.Level != ScopeLevel.National && scope.RegionCode != DemoData.ProvinceCode)
        {
            Error = "Data demo Kalimantan Selatan hanya dapat dimuat oleh Admin Nasional atau Admin Provinsi Kalimantan Selatan.";
            Summary = await demo.StatusAsync(HttpContext.RequestAborted);
            return;
        }
        Summary = await demo.LoadAsync(printAccounts: false, HttpContext.RequestAborted);
        // The page carries passwords: no copy in any cache (the same values antiforgery sets, so it does not warn).
        if (Summary.Status == DemoStatus.LoadedNow)
        {
            Response.Headers.CacheControl = "no-cache, no-store";
            Response.Headers.Pragma = "no-cache";
        }
    }
}
