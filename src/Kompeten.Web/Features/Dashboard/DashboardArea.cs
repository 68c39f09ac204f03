using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Dashboard;

public enum DashboardLevel
{
    /// <summary>All provinces; rows are provinces.</summary>
    National = 1,
    /// <summary>One province; rows are its regencies/cities.</summary>
    Province = 2,
    /// <summary>One regency/city: a single row and its detail.</summary>
    Regency = 3,
}

public enum AreaAccess
{
    Allowed,
    /// <summary>No such region.</summary>
    Unknown,
    /// <summary>Exists, but outside the user's scope.</summary>
    Forbidden,
}

/// <summary>
/// The part of the country a dashboard, planner or export shows. Built only through
/// <see cref="Resolve"/>, which is where the user's scope is enforced; the SQL then filters by
/// <see cref="ProvinceCode"/>/<see cref="RegencyCode"/> of this area and nothing else.
/// </summary>
public sealed record DashboardArea(DashboardLevel Level, string Code, string Name, string? ProvinceCode, string? RegencyCode)
{
    public const string NationalCode = "ID";
    public const string NationalName = "Indonesia";

    public static readonly DashboardArea National = new(DashboardLevel.National, NationalCode, NationalName, null, null);

    /// <summary>What the rows of this area are called on screen.</summary>
    public string RowLabel => Level == DashboardLevel.National ? "Provinsi" : "Kabupaten/Kota";

    /// <summary>The area above this one, if the user may see it (for the "back" link).</summary>
    public string? ParentCode => Level switch
    {
        DashboardLevel.Province => NationalCode,
        DashboardLevel.Regency => ProvinceCode,
        _ => null,
    };

    /// <summary>The area a user lands on: their whole scope.</summary>
    public static string? DefaultCode(UserScope scope) => scope.Level switch
    {
        ScopeLevel.National => NationalCode,
        ScopeLevel.Province or ScopeLevel.Regency => scope.RegionCode,
        _ => null,
    };

    /// <summary>Whether the scope may see the area with this code (national "ID", a province, or a regency).</summary>
    public static bool Allows(UserScope scope, string code) => scope.Level switch
    {
        ScopeLevel.National => true,
        ScopeLevel.Province => code == scope.RegionCode || (code.Contains('.') && Region.ProvinceOf(code) == scope.RegionCode),
        ScopeLevel.Regency => code == scope.RegionCode,
        _ => false,
    };

    /// <param name="requested">"ID", a province or regency code; null for the user's whole scope.</param>
    /// <param name="findRegion">Looks a region up by code (name, level).</param>
    public static async Task<(AreaAccess Access, DashboardArea? Area)> Resolve(UserScope scope, string? requested,
        Func<string, Task<(string Name, RegionLevel Level)?>> findRegion)
    {
        var code = string.IsNullOrWhiteSpace(requested) ? DefaultCode(scope) : requested.Trim();
        if (code is null) return (AreaAccess.Forbidden, null);
        if (code.Equals(NationalCode, StringComparison.OrdinalIgnoreCase))
        {
            return scope.Level == ScopeLevel.National ? (AreaAccess.Allowed, National) : (AreaAccess.Forbidden, null);
        }
        if (code.Length > 13) return (AreaAccess.Unknown, null);
        var region = await findRegion(code);
        if (region is null) return (AreaAccess.Unknown, null);
        if (!Allows(scope, code)) return (AreaAccess.Forbidden, null);
        return region.Value.Level == RegionLevel.Province
            ? (AreaAccess.Allowed, new DashboardArea(DashboardLevel.Province, code, region.Value.Name, code, null))
            : (AreaAccess.Allowed, new DashboardArea(DashboardLevel.Regency, code, region.Value.Name, Region.ProvinceOf(code), code));
    }
}
