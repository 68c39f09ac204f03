using System.Globalization;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Registry.People;

[Authorize(Policy = Policies.RegistryRead)]
public class IndexModel(PeopleQuery query, RegistryLists lists, UserScope scope, Data.AppDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public PeopleFilter Filter { get; set; } = new();

    public PeoplePage Results { get; private set; } = new([], null);
    public List<SelectListItem> Regencies { get; private set; } = [];
    public List<SelectListItem> LibraryTypes { get; private set; } = [];
    public List<SelectListItem> StaffCategories { get; private set; } = [];
    public Dictionary<string, string> StaffNames { get; private set; } = [];
    public List<SelectListItem> TrainedYears { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Results = await query.PageAsync(Filter, scope);
        StaffNames = await lists.ReferenceNamesAsync(ReferenceKind.StaffCategory);
        // htmx asks for the rows only: a filter change replaces them, "Muat lebih banyak" appends them.
        if (Request.Headers["HX-Request"] == "true")
        {
            return Partial("_PeopleRows", this);
        }
        Regencies = await lists.RegenciesAsync(scope, Filter.Regency);
        LibraryTypes = await lists.ReferenceAsync(ReferenceKind.LibraryType, Filter.LibraryType, includeLegacy: true);
        StaffCategories = await lists.ReferenceAsync(ReferenceKind.StaffCategory, Filter.StaffCategory, includeLegacy: true);
        var years = await Training.TrainedPeople.BatchYearsAsync(db, scope);
        if (Filter.TrainedYear is { } chosen && !years.Contains(chosen)) years.Insert(0, chosen);
        TrainedYears = years.Select(y => new SelectListItem($"Dilatih tahun {y}", y.ToString(CultureInfo.InvariantCulture), y == Filter.TrainedYear)).ToList();
        return Page();
    }

    public string NextUrl() => Url.Page("Index", new
    {
        Filter.Q, Filter.Regency, Filter.LibraryType, Filter.StaffCategory, Filter.Certified, Filter.Pipeline, Filter.TrainedYear, Filter.Sort, Filter.Size, After = Results.Next,
    })!;

    public string ExportUrl(bool full) => "/Registry/People/Export" + QueryString.Create(new Dictionary<string, string?>
    {
        ["Q"] = Filter.Q,
        ["Regency"] = Filter.Regency,
        ["LibraryType"] = Filter.LibraryType,
        ["StaffCategory"] = Filter.StaffCategory,
        ["Certified"] = Filter.Certified?.ToString().ToLowerInvariant(),
        ["Pipeline"] = Filter.Pipeline?.ToString(),
        ["TrainedYear"] = Filter.TrainedYear?.ToString(CultureInfo.InvariantCulture),
        ["Sort"] = Filter.Sort,
        ["full"] = full ? "1" : null,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
