using System.Security.Claims;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Account;

public enum ScopeLevel
{
    /// <summary>No region: sees nothing regional.</summary>
    None = 0,
    National = 1,
    Province = 2,
    Regency = 3,
}

/// <summary>
/// What part of the country a signed-in user may see, from the claims issued at sign-in.
/// Every regional query goes through <see cref="ScopeQueries.InScope{T}"/>.
/// </summary>
public sealed record UserScope(ScopeLevel Level, string? RegionCode, int? PersonId)
{
    public const string RegionClaim = "kompeten:region";
    public const string PersonClaim = "kompeten:person";

    public static readonly UserScope Nothing = new(ScopeLevel.None, null, null);

    public static UserScope From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return Nothing;
        var region = user.FindFirstValue(RegionClaim);
        var personId = int.TryParse(user.FindFirstValue(PersonClaim), out var p) ? p : (int?)null;
        if (user.IsInRole(Roles.AdminNasional)) return new(ScopeLevel.National, null, personId);
        if (string.IsNullOrEmpty(region)) return new(ScopeLevel.None, null, personId);
        return new(region.Contains('.') ? ScopeLevel.Regency : ScopeLevel.Province, region, personId);
    }

    public bool Covers(string regencyCode) => Level switch
    {
        ScopeLevel.National => true,
        ScopeLevel.Province => Region.ProvinceOf(regencyCode) == RegionCode,
        ScopeLevel.Regency => regencyCode == RegionCode,
        _ => false,
    };

    public bool Covers(IRegional record) => Covers(record.RegencyCode);

    public string? ProvinceCode => Level switch
    {
        ScopeLevel.Province => RegionCode,
        ScopeLevel.Regency => Region.ProvinceOf(RegionCode!),
        _ => null,
    };
}

public static class ScopeQueries
{
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, UserScope scope) where T : IRegional => scope.Level switch
    {
        ScopeLevel.National => query,
        ScopeLevel.Province => query.Where(x => x.ProvinceCode == scope.RegionCode),
        ScopeLevel.Regency => query.Where(x => x.RegencyCode == scope.RegionCode),
        _ => query.Where(x => false),
    };

    public static IQueryable<Region> RegenciesInScope(this IQueryable<Region> regions, UserScope scope) => scope.Level switch
    {
        ScopeLevel.National => regions.Where(r => r.Level == RegionLevel.Regency),
        ScopeLevel.Province => regions.Where(r => r.Level == RegionLevel.Regency && r.ParentCode == scope.RegionCode),
        ScopeLevel.Regency => regions.Where(r => r.Code == scope.RegionCode),
        _ => regions.Where(r => false),
    };
}
