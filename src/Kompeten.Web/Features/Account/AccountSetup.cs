using Kompeten.Web.Data;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Account;

/// <summary>Creates roles and accounts with the region rules of <see cref="Roles"/>.</summary>
public sealed class AccountSetup(UserManager<AppUser> users, RoleManager<IdentityRole> roles, AppDbContext db, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    public async Task<bool> AnyAdministratorAsync() =>
        (await users.GetUsersInRoleAsync(Roles.AdminNasional)).Count > 0 || (await users.GetUsersInRoleAsync(Roles.AdminProvinsi)).Count > 0;

    /// <summary>Checks that the region fits the role: a province for provincial roles, a regency for operators.</summary>
    public async Task<string?> RegionProblemAsync(string role, string? regionCode)
    {
        var level = Roles.RequiredRegionLevel(role);
        if (level is null) return regionCode is null ? null : "Admin Nasional tidak terikat wilayah; kosongkan wilayah.";
        if (string.IsNullOrWhiteSpace(regionCode)) return $"Peran {Roles.Labels[role]} wajib memiliki wilayah.";
        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == regionCode);
        if (region is null) return $"Kode wilayah {regionCode} tidak dikenal.";
        if (region.Level != level)
        {
            return level == RegionLevel.Province
                ? $"Peran {Roles.Labels[role]} terikat pada provinsi (misalnya 63), bukan kabupaten/kota."
                : $"Peran {Roles.Labels[role]} terikat pada kabupaten/kota (misalnya 63.01), bukan provinsi.";
        }
        return null;
    }

    /// <param name="password">null creates an account without a password (an invitation sets it).</param>
    public async Task<IdentityResult> CreateAsync(string email, string fullName, string role, string? regionCode, string? password, int? personId = null)
    {
        await EnsureRolesAsync();
        var problem = await RegionProblemAsync(role, regionCode);
        if (problem is not null) return IdentityResult.Failed(new IdentityError { Code = "Region", Description = problem });
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = fullName,
            RegionCode = regionCode,
            PersonId = personId,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded) return created;
        return await users.AddToRoleAsync(user, role);
    }
}
