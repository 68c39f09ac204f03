using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Account.Manage;

/// <summary>The signed-in user's own account: name, and changing the password.</summary>
public class IndexModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, ILogger<IndexModel> log) : PageModel
{
    [BindProperty]
    public ProfileInput Profile { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    public string Email { get; private set; } = "";
    public string RoleLabel { get; private set; } = "";
    public string? RegionName { get; private set; }

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Nama lengkap wajib diisi.")]
        [StringLength(200, ErrorMessage = "Nama lengkap paling banyak 200 karakter; singkat gelar bila perlu.")]
        public string FullName { get; set; } = "";
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Ketik kata sandi yang Anda pakai sekarang.")]
        [DataType(DataType.Password)]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Kata sandi baru wajib diisi.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Kata sandi baru minimal 10 karakter.")]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Ketik ulang kata sandi baru.")]
        [Compare(nameof(NewPassword), ErrorMessage = "Konfirmasi tidak sama dengan kata sandi baru; ketik ulang keduanya.")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Profile.FullName = user.FullName;
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ValidateOnly(Profile, nameof(Profile)))
        {
            await LoadAsync(user);
            return Page();
        }
        user.FullName = Profile.FullName.Trim();
        var result = await users.UpdateAsync(user);
        if (!AddErrors(result, $"{nameof(Profile)}.{nameof(ProfileInput.FullName)}"))
        {
            await LoadAsync(user);
            return Page();
        }
        await signIn.RefreshSignInAsync(user); // the name in the menu comes from the cookie
        TempData["Message"] = "Nama sudah disimpan.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Profile.FullName = user.FullName;
        if (!ValidateOnly(Password, nameof(Password)))
        {
            await LoadAsync(user);
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, Password.CurrentPassword, Password.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                if (e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                    ModelState.AddModelError($"{nameof(Password)}.{nameof(PasswordInput.CurrentPassword)}", "Kata sandi saat ini salah; ketik kata sandi yang Anda pakai untuk masuk.");
                else
                    ModelState.AddModelError($"{nameof(Password)}.{nameof(PasswordInput.NewPassword)}", e.Description);
            }
            await LoadAsync(user);
            return Page();
        }
        // The new security stamp ends the account's other sessions; this one stays signed in.
        await signIn.RefreshSignInAsync(user);
        log.LogInformation("{Email} mengganti kata sandi", user.Email);
        TempData["Message"] = "Kata sandi sudah diganti. Sesi di perangkat lain akan berakhir dalam beberapa menit.";
        return RedirectToPage();
    }

    /// <summary>
    /// Each form posts alone, so the other form's fields are absent rather than wrong; and with its
    /// prefix absent the binder may have validated this form under no prefix. Validate it afresh.
    /// </summary>
    private bool ValidateOnly(object form, string prefix)
    {
        ModelState.Clear();
        return TryValidateModel(form, prefix);
    }

    private bool AddErrors(IdentityResult result, string key)
    {
        foreach (var e in result.Errors) ModelState.AddModelError(key, e.Description);
        return result.Succeeded;
    }

    private async Task LoadAsync(AppUser user)
    {
        Email = user.Email ?? "";
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        RoleLabel = role is null ? "(tanpa peran)" : Roles.Labels.GetValueOrDefault(role, role);
        RegionName = user.RegionCode is null ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Name).FirstOrDefaultAsync() ?? user.RegionCode;
    }
}
