using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin.Users;

/// <summary>An administrator creates an account without a password and e-mails an invitation to set one.</summary>
[Authorize(Policy = Policies.Admin)]
public class CreateModel(
    AppDbContext db,
    UserScope scope,
    AccountSetup setup,
    UserManager<AppUser> users,
    Invitations invitations,
    TimeProvider clock,
    ILogger<CreateModel> log) : PageModel, IAccountForm
{
    [BindProperty]
    public AccountInput Input { get; set; } = new();

    [BindProperty]
    [Required(ErrorMessage = "E-mail wajib diisi; undangan dikirim ke alamat ini.")]
    [EmailAddress(ErrorMessage = "Format e-mail tidak valid, contoh: nama@dinas.go.id.")]
    [StringLength(256, ErrorMessage = "E-mail paling banyak 256 karakter.")]
    public string Email { get; set; } = "";

    public IReadOnlyList<string> GrantableRoles => AccountAuthority.GrantableRoles(scope);
    public List<RegionOption> Provinces { get; private set; } = [];
    public List<RegionOption> Regencies { get; private set; } = [];
    public bool IsNational => scope.Level == ScopeLevel.National;

    public async Task OnGetAsync()
    {
        Input.ProvinceCode = scope.ProvinceCode;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return await PageAsync();
        var (forbidden, problem) = await AccountAuthority.CheckAsync(scope, Input, setup);
        if (forbidden is not null)
        {
            log.LogWarning("{Admin} ditolak membuat akun {Role} di wilayah {Region}", User.Identity?.Name, Input.Role, Input.RegionCode);
            ModelState.AddModelError(string.Empty, forbidden);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await PageAsync();
        }
        if (problem is not null)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(AccountInput.RegencyCode)}", problem);
            return await PageAsync();
        }

        var address = Email.Trim();
        var created = await setup.CreateAsync(address, Input.FullName.Trim(), Input.Role, Input.RegionCode, password: null);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors) ModelState.AddModelError(e.Code.Contains("Email") || e.Code.Contains("UserName") ? nameof(Email) : string.Empty, e.Description);
            return await PageAsync();
        }
        var user = (await users.FindByEmailAsync(address))!;
        AccountAuthority.Audit(db, User, user, "invite", new { Email = address, user.FullName, Input.Role, Region = Input.RegionCode }, clock.GetUtcNow());
        await db.SaveChangesAsync();

        TempData["Message"] = $"Akun {user.Email} dibuat. " + await invitations.SendAsync(user, User.FindFirst("name")?.Value ?? "Administrator Kompeten");
        return RedirectToPage("Edit", new { id = user.Id });
    }

    public async Task<IActionResult> OnGetRegenciesAsync([FromQuery(Name = "Input.ProvinceCode")] string? provinceCode) =>
        Partial("_RegencyOptions", await AccountAuthority.RegenciesAsync(db, scope, provinceCode));

    private async Task<IActionResult> PageAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Provinces = await AccountAuthority.ProvincesAsync(db, scope);
        Regencies = await AccountAuthority.RegenciesAsync(db, scope, Input.ProvinceCode);
    }
}
