using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Account;

/// <summary>
/// The invitee of an administrator-created account sets a first password. The link works once:
/// setting the password changes the security stamp the token was signed with.
/// </summary>
[AllowAnonymous]
public class AcceptInvitationModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, ILogger<AcceptInvitationModel> log) : PageModel
{
    public const string AlreadyUsed =
        "Undangan ini sudah dipakai dan kata sandi akun sudah dibuat. Masuk dengan e-mail dan kata sandi Anda, atau gunakan \"Lupa kata sandi\" bila lupa.";
    public const string Invalid =
        "Tautan undangan ini tidak berlaku: sudah lewat 7 hari, sudah diganti undangan yang lebih baru, atau tidak lengkap tersalin. Minta administrator Dinas mengirim ulang undangan.";

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public NewPasswordInput Input { get; set; } = new();

    public string? LinkProblem { get; private set; }
    public string? Email { get; private set; }
    public string? FullName { get; private set; }

    public async Task OnGetAsync() => await CheckAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, token) = await CheckAsync();
        if (user is null) return Page();
        if (!ModelState.IsValid) return Page();
        var result = await users.AddPasswordAsync(user, Input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.UserAlreadyHasPassword))) LinkProblem = AlreadyUsed;
            foreach (var e in result.Errors) ModelState.AddModelError($"{nameof(Input)}.{nameof(NewPasswordInput.NewPassword)}", e.Description);
            return Page();
        }
        log.LogInformation("{Email} menerima undangan dan membuat kata sandi", user.Email);
        if (await users.IsLockedOutAsync(user))
        {
            TempData["Message"] = "Kata sandi sudah dibuat, tetapi akun sedang dikunci. Hubungi administrator Dinas untuk membukanya.";
            return Redirect("/Account/Login");
        }
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Message"] = "Selamat datang di Kompeten. Kata sandi Anda sudah dibuat; berikutnya masuk dengan e-mail dan kata sandi itu.";
        return Redirect("/");
    }

    /// <returns>The invitee and token when the link can still be used; otherwise sets <see cref="LinkProblem"/>.</returns>
    private async Task<(AppUser? User, string? Token)> CheckAsync()
    {
        var code = AccountEmails.DecodeCode(Code);
        var user = code is null ? null : await users.FindByIdAsync(code.Value.UserId);
        if (user is null)
        {
            LinkProblem = Invalid;
            return (null, null);
        }
        if (await users.HasPasswordAsync(user))
        {
            LinkProblem = AlreadyUsed;
            return (null, null);
        }
        if (!await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, code!.Value.Token))
        {
            LinkProblem = Invalid;
            return (null, null);
        }
        Email = user.Email;
        FullName = user.FullName;
        return (user, code.Value.Token);
    }
}
