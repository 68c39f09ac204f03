using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Admin.Users;

/// <summary>Sends (or re-sends) an invitation and says on screen what happened to it.</summary>
public sealed class Invitations(AppDbContext db, UserManager<AppUser> users, AccountEmails emails, IOptions<EmailOptions> email, ILogger<Invitations> log)
{
    /// <returns>The message for the administrator; the account exists whatever happens to the e-mail.</returns>
    public async Task<string> SendAsync(AppUser user, string invitedBy)
    {
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        var regionName = user.RegionCode is null ? null
            : await db.Regions.AsNoTracking().Where(r => r.Code == user.RegionCode).Select(r => r.Name).FirstOrDefaultAsync();
        try
        {
            await emails.SendInvitationAsync(user, role is null ? "(tanpa peran)" : Roles.Labels[role], regionName, invitedBy);
        }
        catch (Exception e) when (e is System.Net.Mail.SmtpException or InvalidOperationException or IOException)
        {
            log.LogError(e, "Undangan untuk {Email} gagal dikirim", user.Email);
            return $"Undangan untuk {user.Email} gagal dikirim. Periksa pengaturan SMTP, lalu tekan \"Kirim ulang undangan\".";
        }
        return string.IsNullOrWhiteSpace(email.Value.SmtpHost)
            ? $"Undangan untuk {user.Email} dibuat. SMTP belum diatur, jadi e-mail tidak terkirim: salin tautan undangan dari log server dan sampaikan kepada yang bersangkutan (berlaku 7 hari)."
            : $"Undangan dikirim ke {user.Email}. Tautannya berlaku 7 hari.";
    }
}
