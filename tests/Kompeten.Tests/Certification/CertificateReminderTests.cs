using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Certification;

public class CertificateReminderTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private async Task<Certificate> CertificateExpiringInAsync(int days, string regency, int seq)
    {
        var person = await app.AddPersonAsync(regency, $"Pemegang {seq}", Sex.Female, new DateOnly(1980, 1, 1), seq);
        return await app.WithDbAsync(async db =>
        {
            var today = TimeProvider.System.Today();
            var cert = new Certificate
            {
                PersonId = person.Id, SchemeId = (await db.Schemes.FirstAsync()).Id, Number = $"REM-{seq}", IssuedOn = today.AddYears(-3).AddDays(days),
                ValidUntil = today.AddDays(days), VerificationCode = $"REMIND{seq:0000}",
            };
            db.Certificates.Add(cert);
            await db.SaveChangesAsync();
            return cert;
        });
    }

    [Fact]
    public async Task Reminders_fire_exactly_once_with_two_hosts_sharing_the_database()
    {
        await app.CreateUserAsync("op.reminder@uji.kompeten.id", Roles.Operator, "63.09");
        var soon = await CertificateExpiringInAsync(25, "63.09", 9101);
        var later = await CertificateExpiringInAsync(150, "63.09", 9102);
        await CertificateExpiringInAsync(400, "63.09", 9103); // too far away
        await using var second = new KompetenFactory.SecondInstance(app.ConnectionString);
        await second.InitializeAsync();

        async Task<int> RunOn(KompetenFactory host)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CertificateReminders>().RunAsync();
        }

        // Both hosts run the job at the same moment, several times over.
        var rounds = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { RunOn(app), RunOn(second) }));
        rounds.Sum().ShouldBe(2); // one operator × two certificates; the holders have no account or e-mail

        var rows = await app.WithDbAsync(db => db.CertificateReminders.AsNoTracking().ToListAsync());
        rows.Count.ShouldBe(2);
        rows.Single(r => r.CertificateId == soon.Id).DaysBefore.ShouldBe(30);
        rows.Single(r => r.CertificateId == later.Id).DaysBefore.ShouldBe(180);
        (await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Text.Contains("REM-91")))).ShouldBe(2);
    }

    [Fact]
    public async Task A_holder_with_an_account_is_reminded_in_the_app()
    {
        var cert = await CertificateExpiringInAsync(60, "63.10", 9201);
        await app.CreateUserAsync("holder.reminder@uji.kompeten.id", Roles.Peserta, "63.10", cert.PersonId);
        (await app.WithServicesAsync(sp => sp.GetRequiredService<CertificateReminders>().RunAsync())).ShouldBe(1);
        var note = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.Text.Contains("REM-9201")));
        note.Text.ShouldContain("Ajukan sertifikasi ulang");
        (await app.WithDbAsync(db => db.CertificateReminders.SingleAsync(r => r.CertificateId == cert.Id))).DaysBefore.ShouldBe(90);
    }
}
