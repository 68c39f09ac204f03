using System.Security.Claims;
using System.Text.Json;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin.Users;

/// <summary>
/// Which accounts an administrator may see and change, and which roles and regions they may hand
/// out. A national administrator manages every account; a provincial one only accounts bound to
/// their province or its regencies, never a national administrator, and may grant every role but
/// Admin Nasional. Pages check these on every POST, so a forged form meets the same rule.
/// </summary>
public static class AccountAuthority
{
    private static readonly string[] ProvincialGrants = [Roles.AdminProvinsi, Roles.Operator, Roles.Pendamping, Roles.Peserta, Roles.Pimpinan];

    public static IReadOnlyList<string> GrantableRoles(UserScope admin) => admin.Level switch
    {
        ScopeLevel.National => Roles.All,
        ScopeLevel.Province => ProvincialGrants,
        _ => [],
    };

    /// <summary>Is the account's region inside the administrator's area?</summary>
    public static bool Covers(UserScope admin, string? regionCode) => admin.Level switch
    {
        ScopeLevel.National => true,
        ScopeLevel.Province => regionCode is not null && (regionCode == admin.RegionCode || regionCode.StartsWith(admin.RegionCode + ".", StringComparison.Ordinal)),
        _ => false,
    };

    public static bool CanManage(UserScope admin, string? regionCode, IEnumerable<string> roles) =>
        admin.Level == ScopeLevel.National || (Covers(admin, regionCode) && !roles.Contains(Roles.AdminNasional));

    /// <summary>Accounts the administrator may see; the list and every lookup by id start here.</summary>
    public static IQueryable<AppUser> VisibleUsers(this AppDbContext db, UserScope admin)
    {
        if (admin.Level == ScopeLevel.National) return db.Users;
        if (admin.Level != ScopeLevel.Province) return db.Users.Where(u => false);
        var province = admin.RegionCode!;
        var regencyPrefix = province + ".";
        return db.Users.Where(u => (u.RegionCode == province || u.RegionCode!.StartsWith(regencyPrefix))
            && !db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.AdminNasional)));
    }

    /// <summary>Why the administrator may not grant this role here (answered with 403), or null.</summary>
    public static string? GrantProblem(UserScope admin, string role, string? regionCode)
    {
        if (!Roles.All.Contains(role)) return "Peran tidak dikenal; pilih salah satu peran dari daftar.";
        if (!GrantableRoles(admin).Contains(role))
            return $"Anda tidak berhak memberi peran {Roles.Labels[role]}. Admin Provinsi dapat memberi peran Admin Provinsi, Operator Kab/Kota, Pendamping, Peserta dan Pimpinan; minta Admin Nasional untuk peran lain.";
        return null;
    }

    /// <summary>Why the region is outside the administrator's area (answered with 403), or null.</summary>
    public static string? ScopeProblem(UserScope admin, string? regionCode) =>
        Covers(admin, regionCode) ? null
            : $"Anda hanya dapat mengelola akun di provinsi Anda ({admin.RegionCode}) dan kabupaten/kotanya; pilih wilayah di provinsi itu.";

    /// <summary>
    /// Checks a role and region an administrator wants to set, in the order a user fixes them.
    /// Forbidden: outside what this administrator may grant (403). Problem: a fixable mistake.
    /// </summary>
    public static async Task<(string? Forbidden, string? Problem)> CheckAsync(UserScope admin, AccountInput input, AccountSetup setup)
    {
        if (GrantProblem(admin, input.Role, input.RegionCode) is { } grant) return (grant, null);
        if (input.MismatchProblem is { } mismatch) return (null, mismatch);
        if (await setup.RegionProblemAsync(input.Role, input.RegionCode) is { } fit) return (null, fit);
        if (ScopeProblem(admin, input.RegionCode) is { } scope) return (scope, null);
        return (null, null);
    }

    public static async Task<List<RegionOption>> ProvincesAsync(AppDbContext db, UserScope admin)
    {
        var provinces = db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Province);
        if (admin.Level != ScopeLevel.National) provinces = provinces.Where(r => r.Code == admin.ProvinceCode);
        return await provinces.OrderBy(r => r.Name).Select(r => new RegionOption(r.Code, r.Name)).ToListAsync();
    }

    /// <summary>Regencies of a province the administrator covers; empty for any other.</summary>
    public static async Task<List<RegionOption>> RegenciesAsync(AppDbContext db, UserScope admin, string? provinceCode)
    {
        if (string.IsNullOrEmpty(provinceCode) || !Covers(admin, provinceCode)) return [];
        return await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Regency && r.ParentCode == provinceCode)
            .OrderBy(r => r.Code).Select(r => new RegionOption(r.Code, r.Name)).ToListAsync();
    }

    /// <summary>Accounts are not audited automatically (Identity saves them); their changes are recorded here.</summary>
    public static void Audit(AppDbContext db, ClaimsPrincipal actor, AppUser account, string action, object changes, DateTimeOffset now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = nameof(AppUser),
            EntityId = account.Id,
            Action = action,
            UserId = actor.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = actor.Identity?.Name,
            At = now,
            Changes = JsonSerializer.Serialize(changes),
        });
}

public sealed record RegionOption(string Code, string Name);

/// <summary>What _AccountFields.cshtml needs from the create and edit pages.</summary>
public interface IAccountForm
{
    AccountInput Input { get; }
    IReadOnlyList<string> GrantableRoles { get; }
    List<RegionOption> Provinces { get; }
    List<RegionOption> Regencies { get; }
    bool IsNational { get; }
}

/// <summary>The fields an administrator sets on an account: the region is a regency, or else the province.</summary>
public sealed class AccountInput
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Nama lengkap wajib diisi.")]
    [System.ComponentModel.DataAnnotations.StringLength(200, ErrorMessage = "Nama lengkap paling banyak 200 karakter.")]
    public string FullName { get; set; } = "";

    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Pilih peran akun.")]
    public string Role { get; set; } = Roles.Operator;

    public string? ProvinceCode { get; set; }
    public string? RegencyCode { get; set; }

    public string? RegionCode => !string.IsNullOrWhiteSpace(RegencyCode) ? RegencyCode.Trim()
        : !string.IsNullOrWhiteSpace(ProvinceCode) ? ProvinceCode.Trim() : null;

    /// <summary>A regency left selected after the province was changed (without JavaScript) would silently win.</summary>
    public string? MismatchProblem =>
        !string.IsNullOrWhiteSpace(RegencyCode) && !string.IsNullOrWhiteSpace(ProvinceCode) && Region.ProvinceOf(RegencyCode.Trim()) != ProvinceCode.Trim()
            ? "Kabupaten/kota yang dipilih bukan bagian dari provinsi yang dipilih; pilih ulang kabupaten/kota."
            : null;
}

/// <summary>The badge of an account in the list and on its page (_AccountStatus.cshtml).</summary>
public sealed record AccountStatus(bool HasPassword, DateTimeOffset? LockoutEnd, DateTimeOffset Now)
{
    /// <summary>Lockout end in the agency's time zone, e.g. "14.05".</summary>
    public string LocalLockoutEnd => LockoutEnd is { } end
        ? end.ToAgencyTime().ToString("HH.mm", KompetenServices.Indonesian)
        : "";
}
