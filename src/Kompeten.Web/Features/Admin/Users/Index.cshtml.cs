using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin.Users;

/// <summary>The accounts an administrator manages, by name, filtered by region and a search text; 50 per page (keyset).</summary>
[Authorize(Policy = Policies.Admin)]
public class IndexModel(AppDbContext db, UserScope scope, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>"" all; "-" accounts without region (national administrators); a province or regency code.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AfterName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AfterId { get; set; }

    public sealed record UserRow(string Id, string FullName, string? Email, string? Role, string? RegionCode, string? RegionName, DateTimeOffset? LockoutEnd, bool HasPassword);

    public List<UserRow> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }
    public List<(string Code, string Label)> RegionFilter { get; private set; } = [];
    public bool IsNational => scope.Level == ScopeLevel.National;
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow();
        await LoadFilterAsync();
        var users = db.VisibleUsers(scope).AsNoTracking();

        var region = Region?.Trim();
        if (region == "-") users = users.Where(u => u.RegionCode == null);
        else if (!string.IsNullOrEmpty(region) && AccountAuthority.Covers(scope, region))
        {
            var prefix = region + ".";
            users = region.Contains('.')
                ? users.Where(u => u.RegionCode == region)
                : users.Where(u => u.RegionCode == region || u.RegionCode!.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var pattern = LikePattern.Containing(Q.Trim());
            users = users.Where(u => EF.Functions.ILike(u.FullName, pattern, LikePattern.Escape) || EF.Functions.ILike(u.Email!, pattern, LikePattern.Escape));
        }
        if (AfterName is not null && AfterId is not null)
        {
            users = users.Where(u => string.Compare(u.FullName, AfterName) > 0 || (u.FullName == AfterName && string.Compare(u.Id, AfterId) > 0));
        }

        Rows = await users.OrderBy(u => u.FullName).ThenBy(u => u.Id)
            .Select(u => new UserRow(
                u.Id,
                u.FullName,
                u.Email,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                u.RegionCode,
                db.Regions.Where(r => r.Code == u.RegionCode).Select(r => r.Name).FirstOrDefault(),
                u.LockoutEnd,
                u.PasswordHash != null))
            .Take(PageSize + 1)
            .ToListAsync();
        HasMore = Rows.Count > PageSize;
        if (HasMore) Rows.RemoveAt(PageSize);
    }

    /// <summary>
    /// A provincial administrator: the province and its regencies. A national one: every province,
    /// plus the regencies of the province being looked at (514 regencies at once would help nobody).
    /// </summary>
    private async Task LoadFilterAsync()
    {
        var provinces = await AccountAuthority.ProvincesAsync(db, scope);
        var open = scope.Level == ScopeLevel.Province ? scope.RegionCode
            : string.IsNullOrEmpty(Region) || Region == "-" ? null
            : Region.Split('.')[0];
        var regencies = await AccountAuthority.RegenciesAsync(db, scope, open);
        if (IsNational) RegionFilter.Add(("-", "Tanpa wilayah (Admin Nasional)"));
        foreach (var p in provinces)
        {
            RegionFilter.Add((p.Code, p.Name + (scope.Level == ScopeLevel.Province ? " (seluruh provinsi)" : "")));
            if (p.Code == open) RegionFilter.AddRange(regencies.Select(r => (r.Code, "\u2014 " + r.Name)));
        }
    }
}
