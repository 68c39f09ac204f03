using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Infrastructure;

public sealed class EmailOptions
{
    /// <summary>SMTP host; when empty, messages are written to the log for the administrator instead.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "kompeten@localhost";
}

/// <summary>An outside system we fake in tests.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default);
}

public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> log) : IEmailSender
{
    public async Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.SmtpHost))
        {
            log.LogWarning("SMTP belum diatur; e-mail untuk {To} tidak dikirim. Subjek: {Subject}. Isi: {Body}", to, subject, htmlBody);
            return;
        }
        using var client = new SmtpClient(o.SmtpHost, o.SmtpPort) { EnableSsl = o.EnableSsl };
        if (!string.IsNullOrEmpty(o.UserName)) client.Credentials = new NetworkCredential(o.UserName, o.Password);
        using var message = new MailMessage(o.From, to, subject, htmlBody) { IsBodyHtml = true };
        await client.SendMailAsync(message, ct);
    }
}
