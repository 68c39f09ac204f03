using System.Net;
using System.Text;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Kompeten.Web.Features.Account;

/// <summary>
/// The password-reset and invitation e-mails. Each carries one absolute link whose only query
/// parameter is an opaque "code" (user id + Identity token, base64url), so the link holds nothing
/// but URL-safe characters and survives being copied out of a log line (HTML and JSON log
/// formatters leave it unchanged). Without SMTP the sender writes the whole message to the log,
/// as one line: the bodies have no line breaks.
/// </summary>
public sealed class AccountEmails(
    UserManager<AppUser> users,
    IEmailSender sender,
    IHttpContextAccessor http,
    IConfiguration config,
    ILogger<AccountEmails> log)
{
    public const string ResetPasswordPath = "/Account/ResetPassword";
    public const string AcceptInvitationPath = "/Account/AcceptInvitation";

    /// <summary>Composes the reset e-mail; sending is left to the caller (see ForgotPassword).</summary>
    public async Task<EmailMessage> PasswordResetAsync(AppUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = Link(ResetPasswordPath, user.Id, token);
        var body = $"""
            <p>Yth. {WebUtility.HtmlEncode(user.FullName)},</p>
            <p>Kami menerima permintaan untuk mengatur ulang kata sandi akun Kompeten Anda ({WebUtility.HtmlEncode(user.Email)}).
            Buka tautan berikut dalam 24 jam untuk membuat kata sandi baru (tautan hanya dapat dipakai sekali):</p>
            <p><a href="{link}">{link}</a></p>
            <p>Jika Anda tidak meminta ini, abaikan e-mail ini; kata sandi Anda tidak berubah.</p>
            """.ReplaceLineEndings(" ");
        return new EmailMessage(user.Email!, "Atur ulang kata sandi Kompeten", body, link);
    }

    /// <summary>Sends an invitation whose link lets the invitee set a first password (valid 7 days).</summary>
    public async Task<EmailMessage> SendInvitationAsync(AppUser user, string roleLabel, string? regionName, string invitedBy, CancellationToken ct = default)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        var link = Link(AcceptInvitationPath, user.Id, token);
        var where = regionName is null ? "" : $" untuk wilayah {WebUtility.HtmlEncode(regionName)}";
        var body = $"""
            <p>Yth. {WebUtility.HtmlEncode(user.FullName)},</p>
            <p>{WebUtility.HtmlEncode(invitedBy)} membuatkan akun Kompeten untuk Anda dengan peran {WebUtility.HtmlEncode(roleLabel)}{where}.
            Buka tautan berikut dalam 7 hari untuk membuat kata sandi Anda:</p>
            <p><a href="{link}">{link}</a></p>
            <p>Setelah itu, masuk dengan e-mail {WebUtility.HtmlEncode(user.Email)} dan kata sandi tersebut.
            Jika tautan sudah kedaluwarsa, minta administrator mengirim ulang undangan.</p>
            """.ReplaceLineEndings(" ");
        var message = new EmailMessage(user.Email!, "Undangan akun Kompeten", body, link);
        await sender.SendAsync(message.To, message.Subject, message.HtmlBody, ct);
        return message;
    }

    private string Link(string path, string userId, string token) => $"{BaseUrl()}{path}?code={EncodeCode(userId, token)}";

    private string BaseUrl()
    {
        if (string.IsNullOrWhiteSpace(config["Kompeten:PublicUrl"]))
            log.LogDebug("Kompeten:PublicUrl belum diatur; tautan e-mail memakai alamat permintaan.");
        return PublicUrl.Root(config, http.HttpContext?.Request);
    }

    public static string EncodeCode(string userId, string token) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(userId + "\n" + token));

    /// <returns>null when the code is missing or damaged (for example cut off while copying).</returns>
    public static (string UserId, string Token)? DecodeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code.Trim()));
            var parts = text.Split('\n', 2);
            return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed record EmailMessage(string To, string Subject, string HtmlBody, string Link);
