using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class EventsAndVerificationTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task Placement_fills_the_seats_by_the_visible_rule_and_unscheduling_needs_a_reason()
    {
        var scheme = await SchemeAsync(app, "penempatan");
        var ev = await EventAsync(app, scheme, 1);
        var early = await ApplicationAsync(app, await CandidateAsync(app, "63.02", "Lama Siap", 8101), scheme, ApplicationStatus.Verified);
        var funded = await ApplicationAsync(app, await CandidateAsync(app, "63.02", "Dibiayai Provinsi", 8102), scheme, ApplicationStatus.Verified);
        await app.WithDbAsync(db => db.Applications.Where(a => a.Id == funded.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ProvinceFunded, true)));
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}";

        var page = Text(await admin.GetStringAsync(url));
        page.ShouldContain(Placement.RuleText);
        page.IndexOf("DIBIAYAI PROVINSI", StringComparison.Ordinal).ShouldBeLessThan(page.IndexOf("LAMA SIAP", StringComparison.Ordinal));

        Text(await admin.FollowAsync(await admin.PostFormAsync($"{url}?handler=Place", [], url))).ShouldContain("1 kandidat ditempatkan sesuai prioritas");
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == funded.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == early.Id))).Status.ShouldBe(ApplicationStatus.Verified);

        // Seats are full: placing again places nobody.
        Text(await admin.FollowAsync(await admin.PostFormAsync($"{url}?handler=Place", [], url))).ShouldContain("Tidak ada kandidat yang dapat ditempatkan");

        Text(await admin.FollowAsync(await admin.PostFormAsync($"{url}?handler=Unschedule", new() { ["applicationId"] = funded.Id.ToString(), ["reason"] = "" }, url)))
            .ShouldContain("Tuliskan alasan pembatalan jadwal");
        await admin.PostFormAsync($"{url}?handler=Unschedule", new() { ["applicationId"] = funded.Id.ToString(), ["reason"] = "Sakit" }, url);
        var back = await app.WithDbAsync(db => db.Applications.Include(a => a.History).SingleAsync(a => a.Id == funded.Id));
        back.Status.ShouldBe(ApplicationStatus.Verified);
        back.AssessmentEventId.ShouldBeNull();
        back.History.OrderBy(h => h.Id).Last().Reason.ShouldBe("Sakit");
    }

    [Fact]
    public async Task An_event_keeps_its_seats_at_least_the_scheduled_count_and_assessors_are_listed()
    {
        var scheme = await SchemeAsync(app, "kuota-acara");
        var ev = await EventAsync(app, scheme, 2);
        await ApplicationAsync(app, await CandidateAsync(app, "63.02", "Sudah Terjadwal", 8103), scheme, ApplicationStatus.Scheduled, eventId: ev.Id);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/Edit/{ev.Id}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = ev.Name, ["Input.Lsp"] = "LSP Pustakawan", ["Input.TestSite"] = ev.TestSite, ["Input.StartDate"] = "2026-03-10", ["Input.EndDate"] = "2026-03-11",
            [$"cap-{scheme.Id}"] = "0",
        };

        var refused = await admin.PostFormAsync(url, fields);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await refused.Content.ReadAsStringAsync()).ShouldContain("tidak boleh kurang dari 1 peserta yang sudah dijadwalkan");

        fields[$"cap-{scheme.Id}"] = "4";
        (await admin.PostFormAsync(url, fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.EventSchemes.SingleAsync(s => s.EventId == ev.Id))).Capacity.ShouldBe(4);
        Text(await admin.GetStringAsync($"/Certification/Events/{ev.Id}")).ShouldContain("Dra. Asesor Satu (MET.000.001234 2019)");
    }

    [Fact]
    public async Task A_certificate_verifies_publicly_with_its_live_status_and_a_masked_name()
    {
        var person = await CandidateAsync(app, "63.03", "Siti Aminah Rahmawati", 8104);
        var scheme = await SchemeAsync(app, "verifikasi");
        var today = TimeProvider.System.Today();
        var certificate = await app.WithDbAsync(async db =>
        {
            var c = new Certificate
            {
                PersonId = person.Id, SchemeId = scheme.Id, Number = "KPT/2025/01/00001", IssuedOn = today.AddYears(-1), ValidUntil = today.AddYears(2),
                VerificationCode = Certificate.NewVerificationCode(),
            };
            db.Certificates.Add(c);
            await db.SaveChangesAsync();
            return c;
        });
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync($"/v/{certificate.VerificationCode.ToLowerInvariant()}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = Text(await page.Content.ReadAsStringAsync());
        text.ShouldContain("Berlaku");
        text.ShouldContain("SI** AM**** RA*******");
        text.ShouldNotContain("Aminah");
        text.ShouldContain("KPT/2025/01/00001");

        var json = await anonymous.GetStringAsync($"/api/v1/verify/{certificate.VerificationCode}");
        json.ShouldContain("\"status\":\"Valid\"");
        json.ShouldNotContain("nik", Case.Insensitive);

        // Revoked by an administrator: the public page says so at once.
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var revoke = await admin.PostFormAsync("/Certification/Certificates?handler=Revoke", new() { ["certificateId"] = certificate.Id.ToString(), ["reason"] = "Keputusan LSP No. 12/2026" }, "/Certification/Certificates");
        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Text(await anonymous.GetStringAsync($"/v/{certificate.VerificationCode}")).ShouldContain("Dicabut");
        (await anonymous.GetStringAsync($"/api/v1/verify/{certificate.VerificationCode}")).ShouldContain("\"status\":\"Revoked\"");

        var missing = await anonymous.GetAsync("/api/v1/verify/ZZZZZZZZZZ");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("Kode sertifikat tidak ditemukan");
        (await anonymous.GetAsync("/v/ZZZZZZZZZZ")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expiring_certificate_starts_a_recertification_application()
    {
        var person = await CandidateAsync(app, "63.03", "Hendra Gunawan", 8105);
        var scheme = await SchemeAsync(app, "sertifikasi-ulang");
        var today = TimeProvider.System.Today();
        var old = await app.WithDbAsync(async db =>
        {
            var c = new Certificate
            {
                PersonId = person.Id, SchemeId = scheme.Id, Number = "LAMA-001", IssuedOn = today.AddYears(-3).AddDays(60), ValidUntil = today.AddDays(60),
                VerificationCode = Certificate.NewVerificationCode(),
            };
            db.Certificates.Add(c);
            await db.SaveChangesAsync();
            return c;
        });
        var candidate = await app.ClientForAsync(Roles.Peserta, "63.03", person.Id);

        Text(await candidate.GetStringAsync("/Certification")).ShouldContain("Ajukan sertifikasi ulang");
        var created = await candidate.PostFormAsync($"/Certification/Apply?handler=Create&renews={old.Id}", new() { ["schemeId"] = scheme.Id.ToString() }, $"/Certification/Apply?renews={old.Id}");
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var application = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.PersonId == person.Id));
        application.Purpose.ShouldBe(AssessmentPurpose.Recertification);
        application.RenewsCertificateId.ShouldBe(old.Id);
        Text(await candidate.GetStringAsync("/Certification")).ShouldNotContain("Ajukan sertifikasi ulang");

        // Someone else's certificate cannot be renewed by this candidate.
        var other = await CandidateAsync(app, "63.03", "Orang Lain", 8106);
        var theirs = await app.WithDbAsync(async db =>
        {
            var c = new Certificate { PersonId = other.Id, SchemeId = scheme.Id, Number = "LAIN-001", IssuedOn = today.AddYears(-3), ValidUntil = today.AddDays(10), VerificationCode = Certificate.NewVerificationCode() };
            db.Certificates.Add(c);
            await db.SaveChangesAsync();
            return c;
        });
        (await candidate.GetAsync($"/Certification/Apply?renews={theirs.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_applications_api_lists_only_the_scope_and_returns_status_with_history()
    {
        var scheme = await SchemeAsync(app, "api-pengajuan");
        var own = await ApplicationAsync(app, await CandidateAsync(app, "63.10", "Api Sendiri", 8107), scheme, ApplicationStatus.Ready);
        var elsewhere = await ApplicationAsync(app, await CandidateAsync(app, "63.11", "Api Lain", 8108), scheme, ApplicationStatus.Submitted);
        var op = await app.ClientForAsync(Roles.Operator, "63.10");

        var list = await op.GetStringAsync("/api/v1/applications?status=Ready");
        list.ShouldContain($"\"id\":{own.Id},");
        list.ShouldNotContain($"\"id\":{elsewhere.Id},");
        var detail = await op.GetStringAsync($"/api/v1/applications/{own.Id}");
        detail.ShouldContain("\"status\":\"Ready\"");
        detail.ShouldContain("\"action\":\"mark-ready\",\"actionText\":\"tandai siap\"");
        var hidden = await op.GetAsync($"/api/v1/applications/{elsewhere.Id}");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hidden.Content.ReadAsStringAsync()).ShouldContain("bukan wewenang Anda");
        var bad = await op.GetAsync("/api/v1/applications?status=Lulus");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Status \\\"Lulus\\\" tidak dikenal");
        (await app.CreateClient().GetAsync("/api/v1/applications")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
