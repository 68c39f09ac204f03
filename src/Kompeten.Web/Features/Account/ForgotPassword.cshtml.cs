using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kompeten.Web.Features.Account;

/// <summary>
/// Asks for a reset link. The answer never tells whether the address has an account: the page
/// is the same either way, and the e-mail goes out after the response so a slow mail server
/// cannot give it away by timing either.
/// </summary>
[AllowAnonymous]
public class ForgotPasswordModel(UserManager<AppUser> users, AccountEmails emails, Infrastructure.IEmailSender sender, ILogger<ForgotPasswordModel> log) : PageModel
{
    [BindProperty]
    public ForgotInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class ForgotInput
    {
        [Required(ErrorMessage = "E-mail wajib diisi.")]
        [EmailAddress(ErrorMessage = "Format e-mail tidak valid, contoh: nama@dinas.go.id.")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null)
        {
            var message = await emails.PasswordResetAsync(user);
            _ = SendLaterAsync(message);
        }
        else
        {
            log.LogInformation("Permintaan atur ulang kata sandi untuk e-mail yang tidak terdaftar");
        }
        Sent = true;
        return Page();
    }

    private async Task SendLaterAsync(EmailMessage message)
    {
        await Task.Yield();
        try
        {
            // The sender is a singleton: it outlives the request that started this.
            await sender.SendAsync(message.To, message.Subject, message.HtmlBody);
        }
        catch (Exception e)
        {
            log.LogError(e, "E-mail atur ulang kata sandi untuk {To} gagal dikirim", message.To);
        }
    }
}
