using System.Security.Claims;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin.Users;

/// <summary>
/// One account: name, role and region; lock and unlock; resend the invitation. Every handler
/// first loads the account through <see cref="AccountAuthority.VisibleUsers"/>: an account outside
/// the administrator's area is answered with 403 whatever the form says.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public class EditModel(
    AppDbContext db,
    UserScope scope,
    AccountSetup setup,
    UserManager<AppUser> users,
    Invitations invitations,
    TimeProvider clock,
    ILogger<EditModel> log) : PageModel, IAccountForm
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public AccountInput Input { get; set; } = new();

    public AppUser Account { get; private set; } = null!;
    public string? CurrentRole { get; private set; }
    public string? RegionName { get; private set; }
    public bool HasPassword { get; private set; }
    public bool IsSelf { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<string> GrantableRoles => AccountAuthority.GrantableRoles(scope);
    public List<RegionOption> Provinces { get; private set; } = [];
    public List<RegionOption> Regencies { get; private set; } = [];
    public bool IsNational => scope.Level == ScopeLevel.National;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await FindAsync() is { } refused) return refused;
        Input = InputFromAccount();
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await FindAsync() is { } refused) return refused;
        if (!ModelState.IsValid) return await PageAsync();
        var roleOrRegionChanged = Input.Role != CurrentRole || Input.RegionCode != Account.RegionCode;
        if (roleOrRegionChanged)
        {
            if (IsSelf)
            {
                ModelState.AddModelError(string.Empty, "Anda tidak dapat mengubah peran atau wilayah akun Anda sendiri; minta administrator lain melakukannya.");
                return await PageAsync();
            }
            var (forbidden, problem) = await AccountAuthority.CheckAsync(scope, Input, setup);
            if (forbidden is not null)
            {
                log.LogWarning("{Admin} ditolak memberi peran {Role} di wilayah {Region} kepada {Email}", User.Identity?.Name, Input.Role, Input.RegionCode, Account.Email);
                ModelState.AddModelError(string.Empty, forbidden);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return await PageAsync();
            }
            if (problem is not null)
            {
                ModelState.AddModelError($"{nameof(Input)}.{nameof(AccountInput.RegencyCode)}", problem);
                return await PageAsync();
            }
        }

        var before = new { Account.FullName, Role = CurrentRole, Region = Account.RegionCode };
        Account.FullName = Input.FullName.Trim();
        Account.RegionCode = Input.RegionCode;
        var result = await users.UpdateAsync(Account);
        if (result.Succeeded && Input.Role != CurrentRole)
        {
            var current = await users.GetRolesAsync(Account);
            result = await users.RemoveFromRolesAsync(Account, current);
            if (result.Succeeded) result = await users.AddToRoleAsync(Account, Input.Role);
        }
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(string.Empty, e.Description);
            return await PageAsync();
        }
        AccountAuthority.Audit(db, User, Account, "update", new { Before = before, After = new { Account.FullName, Input.Role, Region = Account.RegionCode } }, clock.GetUtcNow());
        await db.SaveChangesAsync();
        TempData["Message"] = roleOrRegionChanged
            ? "Perubahan disimpan. Peran dan wilayah baru berlaku paling lambat 5 menit lagi di sesi yang sedang berjalan."
            : "Perubahan disimpan.";
        return RedirectToPage(new { id = Account.Id });
    }

    public async Task<IActionResult> OnPostLockAsync()
    {
        if (await FindAsync() is { } refused) return refused;
        if (IsSelf) return await RefuseAsync("Anda tidak dapat mengunci akun Anda sendiri.");
        await users.SetLockoutEnabledAsync(Account, true);
        await users.SetLockoutEndDateAsync(Account, AccountLockout.ByAdministrator);
        // A new security stamp ends the sessions already open (within the validation interval).
        await users.UpdateSecurityStampAsync(Account);
        AccountAuthority.Audit(db, User, Account, "lock", new { }, clock.GetUtcNow());
        await db.SaveChangesAsync();
        TempData["Message"] = $"Akun {Account.Email} dikunci: tidak dapat masuk atau memakai token API sampai dibuka kembali.";
        return RedirectToPage(new { id = Account.Id });
    }

    public async Task<IActionResult> OnPostUnlockAsync()
    {
        if (await FindAsync() is { } refused) return refused;
        await users.SetLockoutEndDateAsync(Account, null);
        await users.ResetAccessFailedCountAsync(Account);
        AccountAuthority.Audit(db, User, Account, "unlock", new { }, clock.GetUtcNow());
        await db.SaveChangesAsync();
        TempData["Message"] = $"Akun {Account.Email} dibuka kembali dan dapat masuk lagi.";
        return RedirectToPage(new { id = Account.Id });
    }

    public async Task<IActionResult> OnPostResendAsync()
    {
        if (await FindAsync() is { } refused) return refused;
        if (HasPassword)
        {
            return await RefuseAsync("Akun ini sudah aktif (kata sandi sudah dibuat), jadi undangan tidak dikirim lagi. Bila pengguna lupa kata sandi, minta ia memakai \"Lupa kata sandi\" di halaman masuk.");
        }
        // Only the newest invitation link works: the new stamp voids those sent before.
        await users.UpdateSecurityStampAsync(Account);
        AccountAuthority.Audit(db, User, Account, "invite", new { Resent = true }, clock.GetUtcNow());
        await db.SaveChangesAsync();
        TempData["Message"] = await invitations.SendAsync(Account, User.FindFirst("name")?.Value ?? "Administrator Kompeten") + " Tautan undangan sebelumnya tidak berlaku lagi.";
        return RedirectToPage(new { id = Account.Id });
    }

    /// <returns>null when the account exists and is in scope (then <see cref="Account"/> is set); otherwise 404 or 403.</returns>
    private async Task<IActionResult?> FindAsync()
    {
        var exists = await db.Users.AnyAsync(u => u.Id == Id);
        if (!exists) return NotFound();
        var account = await db.VisibleUsers(scope).FirstOrDefaultAsync(u => u.Id == Id);
        if (account is null)
        {
            log.LogWarning("{Admin} ditolak membuka akun {Id} di luar wilayahnya", User.Identity?.Name, Id);
            return Forbid();
        }
        Account = account;
        CurrentRole = (await users.GetRolesAsync(account)).FirstOrDefault();
        if (!AccountAuthority.CanManage(scope, account.RegionCode, CurrentRole is null ? [] : [CurrentRole])) return Forbid();
        HasPassword = account.PasswordHash is not null;
        IsSelf = account.Id == User.FindFirstValue(ClaimTypes.NameIdentifier);
        return null;
    }

    private async Task<IActionResult> RefuseAsync(string message)
    {
        ModelState.AddModelError(string.Empty, message);
        Input = InputFromAccount();
        return await PageAsync();
    }

    private AccountInput InputFromAccount() => new()
    {
        FullName = Account.FullName,
        Role = CurrentRole ?? Roles.Peserta,
        ProvinceCode = Account.RegionCode is null ? null : Registry.Region.ProvinceOf(Account.RegionCode),
        RegencyCode = Account.RegionCode?.Contains('.') == true ? Account.RegionCode : null,
    };

    private async Task<IActionResult> PageAsync()
    {
        Now = clock.GetUtcNow();
        RegionName = Account.RegionCode is null ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == Account.RegionCode).Select(r => r.Name).FirstOrDefaultAsync();
        Provinces = await AccountAuthority.ProvincesAsync(db, scope);
        Regencies = await AccountAuthority.RegenciesAsync(db, scope, Input.ProvinceCode);
        return Page();
    }
}
