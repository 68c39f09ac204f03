using Dapper;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Reminds holders and their regency operators 180, 90 and 30 days before a certificate expires.
/// Each (certificate, threshold, recipient) is claimed by inserting its row under a unique key
/// inside the same transaction as the in-app notification; only the instance whose insert wins
/// notifies, so with any number of app instances a reminder goes out exactly once.
/// </summary>
public sealed class CertificateReminders(AppDbContext db, IEmailSender email, TimeProvider clock, ILogger<CertificateReminders> log)
{
    public static readonly int[] Thresholds = [180, 90, 30];

    public sealed record Due(int CertificateId, string Number, string SchemeName, DateOnly ValidUntil, int PersonId, string HolderName, string? HolderEmail, string RegencyCode, int Threshold);

    /// <returns>How many reminders this call sent.</returns>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var today = clock.Today();
        var horizon = today.AddDays(Thresholds.Max());
        var candidates = await db.Certificates.AsNoTracking()
            .Where(c => c.RevokedAt == null && c.ValidUntil >= today && c.ValidUntil <= horizon)
            .Select(c => new { c.Id, c.Number, Scheme = c.Scheme!.Name, c.ValidUntil, c.PersonId, c.Person!.FullName, c.Person.Email, c.Person.RegencyCode })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var c in candidates)
        {
            var daysLeft = c.ValidUntil.DayNumber - today.DayNumber;
            // Only the nearest threshold crossed: a certificate found 20 days before expiry gets the 30-day reminder, not three at once.
            var threshold = Thresholds.Where(t => daysLeft <= t).Min();
            var due = new Due(c.Id, c.Number, c.Scheme, c.ValidUntil, c.PersonId, c.FullName, c.Email, c.RegencyCode, threshold);
            sent += await RemindAsync(due, ct);
        }
        return sent;
    }

    private async Task<int> RemindAsync(Due due, CancellationToken ct)
    {
        var holderAccount = await db.Users.AsNoTracking().Where(u => u.PersonId == due.PersonId).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(ct);
        var operatorRoleId = await db.Roles.Where(r => r.Name == Roles.Operator).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var operators = await db.Users.AsNoTracking()
            .Where(u => u.RegionCode == due.RegencyCode && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == operatorRoleId))
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);

        var recipients = new List<(string Key, string? UserId, string? Email, string Text)>();
        var when = $"{due.ValidUntil:dd-MM-yyyy} ({due.Threshold} hari lagi atau kurang)";
        var holderText = $"Sertifikat {due.SchemeName} No. {due.Number} Anda berakhir {when}. Ajukan sertifikasi ulang dari halaman Sertifikasi.";
        if (holderAccount is not null) recipients.Add(($"user:{holderAccount.Id}", holderAccount.Id, holderAccount.Email, holderText));
        else if (!string.IsNullOrWhiteSpace(due.HolderEmail)) recipients.Add(($"email:{due.HolderEmail}", null, due.HolderEmail, holderText));
        foreach (var o in operators)
        {
            recipients.Add(($"user:{o.Id}", o.Id, o.Email, $"Sertifikat {due.SchemeName} milik {due.HolderName} (No. {due.Number}) berakhir {when}."));
        }

        var sent = 0;
        foreach (var r in recipients)
        {
            var now = clock.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var conn = db.Database.GetDbConnection();
            var claimed = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                INSERT INTO certificate_reminders (certificate_id, days_before, recipient, sent_at)
                VALUES (@CertificateId, @Threshold, @Recipient, @Now)
                ON CONFLICT (certificate_id, days_before, recipient) DO NOTHING
                RETURNING id
                """,
                new { due.CertificateId, due.Threshold, Recipient = r.Key, Now = now }, tx.GetDbTransaction(), cancellationToken: ct));
            if (claimed is null)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            if (r.UserId is not null)
            {
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO notifications (user_id, text, link, at) VALUES (@UserId, @Text, @Link, @Now)",
                    new { r.UserId, r.Text, Link = "/Certification", Now = now }, tx.GetDbTransaction(), cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            sent++;
            if (r.Email is not null)
            {
                try
                {
                    await email.SendAsync(r.Email, $"Pengingat: sertifikat berakhir {due.ValidUntil:dd-MM-yyyy}", $"<p>{System.Net.WebUtility.HtmlEncode(r.Text)}</p>", ct);
                }
                catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException)
                {
                    // The in-app notification stands; a failed e-mail is logged rather than retried twice.
                    log.LogWarning(e, "E-mail pengingat sertifikat {Certificate} ke {Email} gagal", due.CertificateId, r.Email);
                }
            }
        }
        return sent;
    }
}

/// <summary>Runs the reminders periodically (default hourly; Kompeten:Reminders:IntervalMinutes, 0 turns it off).</summary>
public sealed class CertificateReminderWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<CertificateReminderWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = config.GetValue("Kompeten:Reminders:IntervalMinutes", 60);
        if (minutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<CertificateReminders>().RunAsync(stoppingToken);
                if (sent > 0) log.LogInformation("{Count} pengingat sertifikat terkirim", sent);
                var mentors = await scope.ServiceProvider.GetRequiredService<MentorReminders>().RunAsync(stoppingToken);
                if (mentors > 0) log.LogInformation("{Count} pengingat pendamping dibuat", mentors);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Pengingat sertifikat gagal dijalankan; dicoba lagi pada putaran berikutnya");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
