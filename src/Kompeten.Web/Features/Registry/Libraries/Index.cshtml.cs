using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.Libraries;

[Authorize(Policy = Policies.RegistryRead)]
public class IndexModel(AppDbContext db, UserScope scope, RegistryLists lists) : PageModel
{
    public sealed record Row(int Id, string Name, string TypeCode, string? Npp, string RegencyName, int Staff);

    public string? Q { get; set; }
    public string? Regency { get; set; }
    public string? Type { get; set; }
    public List<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<SelectListItem> Regencies { get; private set; } = [];
    public List<SelectListItem> Types { get; private set; } = [];
    public Dictionary<string, string> TypeNames { get; private set; } = [];
    public const int Limit = 300;

    public async Task OnGetAsync(string? q, string? regency, string? type)
    {
        (Q, Regency, Type) = (q, regency, type);
        var query = db.Libraries.AsNoTracking().InScope(scope);
        if (!string.IsNullOrWhiteSpace(regency)) query = query.Where(l => l.RegencyCode == regency);
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(l => l.TypeCode == type);
        query = query.Matching(q);
        Total = await query.CountAsync();
        Rows = await query.OrderBy(l => l.RegencyCode).ThenBy(l => l.Name).Take(Limit)
            .Select(l => new Row(l.Id, l.Name, l.TypeCode, l.Npp, l.Regency!.Name, db.People.Count(p => p.LibraryId == l.Id)))
            .ToListAsync();
        Regencies = await lists.RegenciesAsync(scope, regency);
        Types = await lists.ReferenceAsync(ReferenceKind.LibraryType, type);
        TypeNames = await lists.ReferenceNamesAsync(ReferenceKind.LibraryType);
    }
}
