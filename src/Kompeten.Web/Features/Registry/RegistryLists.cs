using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>Select lists for registry forms and filters, limited to what the user's scope allows.</summary>
public sealed class RegistryLists(AppDbContext db)
{
    public async Task<List<SelectListItem>> RegenciesAsync(UserScope scope, string? selected = null) =>
        (await db.Regions.AsNoTracking().RegenciesInScope(scope).OrderBy(r => r.Code).Select(r => new { r.Code, r.Name }).ToListAsync())
        .Select(r => new SelectListItem($"{r.Code} {r.Name}", r.Code, r.Code == selected)).ToList();

    public async Task<List<SelectListItem>> ReferenceAsync(string kind, string? selected = null, bool includeLegacy = false) =>
        (await db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == kind && r.Active && (includeLegacy || !r.Legacy || r.Code == selected))
            .OrderBy(r => r.SortOrder).Select(r => new { r.Code, r.Name }).ToListAsync())
        .Select(r => new SelectListItem(r.Name, r.Code, r.Code == selected)).ToList();

    public async Task<Dictionary<string, string>> ReferenceNamesAsync(string kind) =>
        await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == kind).ToDictionaryAsync(r => r.Code, r => r.Name);

    /// <summary>The libraries of one regency; none for a regency outside the user's scope (a typed or tampered code reveals nothing).</summary>
    public async Task<List<SelectListItem>> LibrariesAsync(string? regencyCode, UserScope scope, int? selected = null) =>
        string.IsNullOrEmpty(regencyCode) || !scope.Covers(regencyCode)
            ? []
            : (await db.Libraries.AsNoTracking().Where(l => l.RegencyCode == regencyCode).OrderBy(l => l.Name).Select(l => new { l.Id, l.Name }).ToListAsync())
                .Select(l => new SelectListItem(l.Name, l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Id == selected)).ToList();

    public static List<SelectListItem> EnumItems<T>(T? selected) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => new SelectListItem(Display(v), v.ToString(), selected is { } s && s.Equals(v))).ToList();

    public static string Display<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.DisplayAttribute), false)
            .OfType<System.ComponentModel.DataAnnotations.DisplayAttribute>().FirstOrDefault()?.Name ?? value.ToString();
}
