using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Account;

[AllowAnonymous]
public class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, ILogger<LoginModel> log) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "E-mail wajib diisi.")]
        [EmailAddress(ErrorMessage = "Format e-mail tidak valid, contoh: nama@dinas.go.id.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Kata sandi wajib diisi.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            log.LogInformation("{Email} masuk", Input.Email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        var lockedByAdministrator = result.IsLockedOut && AccountLockout.IsLockedByAdministrator((await users.FindByEmailAsync(Input.Email.Trim()))?.LockoutEnd);
        ModelState.AddModelError(string.Empty, lockedByAdministrator
            ? "Akun ini dinonaktifkan oleh administrator. Hubungi administrator Dinas bila Anda memerlukan akses kembali."
            : result.IsLockedOut
            ? "Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi 15 menit lagi atau gunakan \"Lupa kata sandi\"."
            : "E-mail atau kata sandi salah. Periksa kembali, atau gunakan \"Lupa kata sandi\".");
        return Page();
    }
}
