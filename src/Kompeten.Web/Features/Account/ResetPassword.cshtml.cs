using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Account;

/// <summary>Sets a new password from the link of <see cref="ForgotPasswordModel"/>.</summary>
[AllowAnonymous]
public class ResetPasswordModel(UserManager<AppUser> users, TimeProvider clock, ILogger<ResetPasswordModel> log) : PageModel
{
    public const string LinkInvalid =
        "Tautan ini sudah tidak berlaku: sudah dipakai, sudah lewat 24 jam, atau tidak lengkap tersalin. Minta tautan baru lewat \"Lupa kata sandi\".";

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    /// <summary>Set when the link cannot be used; the page then shows it instead of the form.</summary>
    public string? LinkProblem { get; private set; }

    public async Task OnGetAsync()
    {
        var (user, token) = await FindAsync();
        if (user is null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token!))
        {
            LinkProblem = LinkInvalid;
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, token) = await FindAsync();
        if (user is null)
        {
            LinkProblem = LinkInvalid;
            return Page();
        }
        if (!ModelState.IsValid) return Page();
        var result = await users.ResetPasswordAsync(user, token!, Input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))) LinkProblem = LinkInvalid;
            foreach (var e in result.Errors.Where(e => e.Code != nameof(IdentityErrorDescriber.InvalidToken)))
                ModelState.AddModelError($"{nameof(Input)}.{nameof(NewPasswordInput.NewPassword)}", e.Description);
            return Page();
        }
        // Proving control of the mailbox lifts the automatic lock after wrong passwords, never an administrator's.
        if (AccountLockout.IsLocked(user.LockoutEnd, clock.GetUtcNow()) && !AccountLockout.IsLockedByAdministrator(user.LockoutEnd))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }
        await users.ResetAccessFailedCountAsync(user);
        log.LogInformation("{Email} membuat kata sandi baru lewat tautan atur ulang", user.Email);
        TempData["Message"] = "Kata sandi baru sudah disimpan. Silakan masuk dengan kata sandi itu.";
        return Redirect("/Account/Login");
    }

    private async Task<(AppUser? User, string? Token)> FindAsync()
    {
        if (AccountEmails.DecodeCode(Code) is not { } code) return (null, null);
        return (await users.FindByIdAsync(code.UserId), code.Token);
    }
}

public sealed class NewPasswordInput
{
    [Required(ErrorMessage = "Kata sandi baru wajib diisi.")]
    [StringLength(200, MinimumLength = 10, ErrorMessage = "Kata sandi baru minimal 10 karakter.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Ketik ulang kata sandi baru.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Konfirmasi tidak sama dengan kata sandi baru; ketik ulang keduanya.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}
