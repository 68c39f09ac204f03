using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class MentorWorkspaceTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task A_mentor_sees_only_assigned_candidates_oldest_waiting_first_and_cannot_open_others()
    {
        var scheme = await SchemeAsync(app, "antrean");
        var (mineEmail, mine) = await MentorAsync(app, "pendamping.saya@uji.kompeten.id", scheme);
        var (_, theirs) = await MentorAsync(app, "pendamping.orang@uji.kompeten.id", scheme);
        var first = await ApplicationAsync(app, await CandidateAsync(app, "63.07", "Ani Pertama", 5101), scheme, ApplicationStatus.Submitted, mine);
        var second = await ApplicationAsync(app, await CandidateAsync(app, "63.07", "Beni Kedua", 5102), scheme, ApplicationStatus.Submitted, mine);
        var other = await ApplicationAsync(app, await CandidateAsync(app, "63.07", "Citra Lain", 5103), scheme, ApplicationStatus.Submitted, theirs);
        var unassigned = await ApplicationAsync(app, await CandidateAsync(app, "63.07", "Dodi Sendiri", 5104), scheme, ApplicationStatus.Submitted);
        // The second waited longer.
        await app.WithDbAsync(db => db.ApplicationEvents.Where(h => h.ApplicationId == second.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.At, h => h.At.AddDays(-5))));

        var mentor = await app.SignInAsync(mineEmail, KompetenFactory.Password);
        var queue = Text(await mentor.GetStringAsync("/Certification/Mentor"));
        queue.ShouldContain("ANI PERTAMA");
        queue.ShouldContain("BENI KEDUA");
        queue.ShouldNotContain("CITRA LAIN");
        queue.ShouldNotContain("DODI SENDIRI");
        queue.IndexOf("BENI KEDUA", StringComparison.Ordinal).ShouldBeLessThan(queue.IndexOf("ANI PERTAMA", StringComparison.Ordinal));
        queue.ShouldContain("menunggu 15 hari");

        (await mentor.GetAsync($"/Certification/Applications/{first.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mentor.GetAsync($"/Certification/Applications/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mentor.GetAsync($"/Certification/Applications/{unassigned.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var denied = await mentor.GetAsync("/Certification/Assignments");
        denied.Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied");

        var api = await mentor.GetStringAsync("/api/v1/applications");
        api.ShouldContain($"\"id\":{first.Id}");
        api.ShouldNotContain($"\"id\":{other.Id},");
        (await mentor.GetAsync($"/api/v1/applications/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_mentor_is_reminded_once_when_a_candidate_has_waited_too_long()
    {
        var scheme = await SchemeAsync(app, "pengingat-pendamping");
        var (_, mentorId) = await MentorAsync(app, "pendamping.ingat@uji.kompeten.id", scheme);
        var application = await ApplicationAsync(app, await CandidateAsync(app, "63.08", "Eka Menunggu", 5105), scheme, ApplicationStatus.Submitted, mentorId);

        async Task<int> RunAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MentorReminders>().RunAsync();
        }

        // Other tests of this class leave waiting candidates too: count this mentor's reminders only.
        (await RunAsync()).ShouldBeGreaterThanOrEqualTo(1);
        (await RunAsync()).ShouldBe(0);
        var note = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.UserId == mentorId && n.Text.StartsWith("Pengingat")));
        note.Text.ShouldContain("EKA MENUNGGU");
        note.Link.ShouldBe($"/Certification/Applications/{application.Id}");
    }

    [Fact]
    public async Task The_suggested_mentor_takes_the_scheme_and_has_a_seat_and_a_full_mentor_cannot_be_forced()
    {
        var scheme = await SchemeAsync(app, "kuota-pendamping");
        var (_, full) = await MentorAsync(app, "pendamping.penuh@uji.kompeten.id", scheme, capacity: 1);
        await ApplicationAsync(app, await CandidateAsync(app, "63.09", "Fajar Dulu", 5106), scheme, ApplicationStatus.Submitted, full);
        var (_, free) = await MentorAsync(app, "pendamping.luang@uji.kompeten.id", scheme, capacity: 5);
        var waiting = await ApplicationAsync(app, await CandidateAsync(app, "63.09", "Gita Baru", 5107), scheme, ApplicationStatus.Submitted);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        Text(await admin.GetStringAsync("/Certification/Assignments")).ShouldContain("Saran: pendamping.luang");
        var forced = await admin.PostFormAsync("/Certification/Assignments?handler=Assign", new() { ["applicationId"] = waiting.Id.ToString(), ["mentorUserId"] = full }, "/Certification/Assignments");
        Text(await admin.FollowAsync(forced)).ShouldContain("sudah penuh (1/1)");
        (await admin.PostFormAsync("/Certification/Assignments?handler=ApplyAll", [], "/Certification/Assignments")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == waiting.Id))).MentorUserId.ShouldBe(free);
    }
}
