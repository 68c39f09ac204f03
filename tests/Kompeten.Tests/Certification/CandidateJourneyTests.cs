using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

/// <summary>The candidate's and the mentor's pages over HTTP: every step through the entity methods, every refusal an Indonesian message.</summary>
public class CandidateJourneyTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task A_candidate_applies_fills_the_forms_uploads_and_submits_and_the_mentor_requests_revision_then_marks_ready()
    {
        var scheme = await SchemeAsync(app, "jalan-utama");
        var person = await CandidateAsync(app, "63.04", "Rina Marlina", 4101);
        var (mentorEmail, mentorId) = await MentorAsync(app, "pendamping.jalan@uji.kompeten.id", scheme);
        var candidate = await app.ClientForAsync(Roles.Peserta, "63.04", person.Id);

        // Apply: eligibility explained, draft created with the name in capitals.
        var apply = Text(await candidate.GetStringAsync("/Certification/Apply"));
        apply.ShouldContain("Klaster Uji jalan-utama");
        apply.ShouldContain("ilmu perpustakaan memenuhi jalur a");
        var created = await candidate.PostFormAsync("/Certification/Apply?handler=Create", new() { ["schemeId"] = scheme.Id.ToString(), ["purpose"] = "Certification" }, "/Certification/Apply");
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = created.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/').Last());
        var application = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == id));
        application.DiplomaName.ShouldBe("RINA MARLINA");
        application.Status.ShouldBe(ApplicationStatus.Draft);

        // Submitting too early is refused with what is missing — no error page.
        var early = await candidate.PostFormAsync($"{url}?handler=Submit", [], url);
        var earlyPage = Text(await candidate.FollowAsync(early));
        earlyPage.ShouldContain("Belum dapat diajukan; lengkapi dulu");
        earlyPage.ShouldContain("Dokumen: KTP");

        // FR.APL.01, documents, FR.APL.02.
        (await candidate.PostFormAsync($"{url}?handler=Apl01", new() { ["diplomaName"] = "rina  marlina, s.ip", ["purpose"] = "Certification", ["institution"] = "Perpustakaan Daerah" }, url))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == id))).DiplomaName.ShouldBe("RINA MARLINA, S.IP");
        foreach (var kind in scheme.RequiredDocuments)
        {
            (await candidate.PostFileAsync($"{url}?handler=Upload", url, new() { ["kind"] = kind }, "file", $"{kind}.pdf", Pdf)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        var units = await app.WithDbAsync(db => db.SchemeUnits.Where(u => u.SchemeId == scheme.Id).OrderBy(u => u.SortOrder).ToListAsync());
        await candidate.PostFileAsync($"{url}?handler=Upload", url, new() { ["kind"] = DocumentKinds.UnitEvidence, ["unitId"] = units[0].Id.ToString() }, "file", "katalog.pdf", Pdf);
        var ktpId = await app.WithDbAsync(db => db.PortfolioDocuments.Where(d => d.ApplicationId == id && d.Kind == DocumentKinds.IdentityCard).Select(d => d.Id).SingleAsync());
        (await candidate.PostFormAsync($"{url}?handler=Claims", new()
        {
            [$"unit-{units[0].Id}"] = "K",
            [$"unit-{units[1].Id}"] = "K",
            [$"evidence-{units[1].Id}"] = ktpId.ToString(),
            [$"note-{units[1].Id}"] = "Melayani sirkulasi sejak 2019",
        }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var claims = await app.WithDbAsync(db => db.UnitClaims.Where(c => c.ApplicationId == id && c.ElementId == null).ToListAsync());
        claims.Count.ShouldBe(2);
        claims.Single(c => c.UnitId == units[1].Id).EvidenceDocumentIds.ShouldBe([ktpId]);

        var submitted = await candidate.PostFormAsync($"{url}?handler=Submit", [], url);
        Text(await candidate.FollowAsync(submitted)).ShouldContain("Pengajuan dikirim ke pendamping");

        // Administrator assigns the suggested mentor.
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var assignments = Text(await admin.GetStringAsync("/Certification/Assignments"));
        assignments.ShouldContain("Saran: pendamping.jalan");
        (await admin.PostFormAsync("/Certification/Assignments?handler=Assign", new() { ["applicationId"] = id.ToString(), ["mentorUserId"] = mentorId }, "/Certification/Assignments"))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The mentor sees the candidate in the queue, comments on a document, and cannot request revision without a reason.
        var mentor = await app.SignInAsync(mentorEmail, KompetenFactory.Password);
        Text(await mentor.GetStringAsync("/Certification/Mentor")).ShouldContain("RINA MARLINA, S.IP");
        (await mentor.PostFormAsync($"{url}?handler=Comment", new() { ["text"] = "KTP buram, pindai ulang", ["documentId"] = ktpId.ToString() }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var noReason = await mentor.PostFormAsync($"{url}?handler=RequestRevision", new() { ["reason"] = " " }, url);
        Text(await mentor.FollowAsync(noReason)).ShouldContain("Tuliskan apa yang perlu direvisi");
        (await mentor.PostFormAsync($"{url}?handler=RequestRevision", new() { ["reason"] = "KTP buram" }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The candidate sees the reason and the comment, resubmits; the mentor marks ready.
        var revision = Text(await candidate.GetStringAsync(url));
        revision.ShouldContain("Pendamping meminta revisi: KTP buram");
        revision.ShouldContain("KTP buram, pindai ulang");
        (await candidate.GetStringAsync("/Certification")).ShouldContain("Pendamping meminta revisi");
        await candidate.PostFileAsync($"{url}?handler=Upload", url, new() { ["kind"] = DocumentKinds.IdentityCard }, "file", "ktp-jelas.png", Png);
        Text(await candidate.FollowAsync(await candidate.PostFormAsync($"{url}?handler=Resubmit", [], url))).ShouldContain("Revisi dikirim ulang");
        // Marking ready is the mentor's, not the candidate's: for anyone else the handler does not exist.
        (await candidate.PostFormAsync($"{url}?handler=MarkReady", [], url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Text(await mentor.FollowAsync(await mentor.PostFormAsync($"{url}?handler=MarkReady", [], url))).ShouldContain("Kandidat ditandai siap");

        // A step that is not allowed now is refused in Indonesian.
        var again = await mentor.PostFormAsync($"{url}?handler=MarkReady", [], url);
        Text(await mentor.FollowAsync(again)).ShouldContain("Langkah \"tandai siap\" tidak dapat dilakukan saat status Siap (pendamping)");

        var history = await app.WithDbAsync(db => db.ApplicationEvents.Where(h => h.ApplicationId == id).OrderBy(h => h.Id).Select(h => h.Action).ToListAsync());
        history.ShouldBe(["submit", "request-revision", "resubmit", "mark-ready"]);
    }

    [Fact]
    public async Task A_person_who_meets_no_route_cannot_create_an_application_and_is_told_what_is_missing()
    {
        var scheme = await SchemeAsync(app, "tidak-layak");
        var person = await app.AddPersonAsync("63.04", "Budi Santoso", Kompeten.Web.Features.Registry.Sex.Male, new DateOnly(1995, 1, 2), 4102);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.EducationLevel, Kompeten.Web.Features.Registry.EducationLevel.SLTA)));
        var candidate = await app.ClientForAsync(Roles.Peserta, "63.04", person.Id);

        var response = await candidate.PostFormAsync("/Certification/Apply?handler=Create", new() { ["schemeId"] = scheme.Id.ToString() }, "/Certification/Apply");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = Text(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Belum memenuhi syarat Klaster Uji tidak-layak");
        page.ShouldContain("belum ada pengalaman kerja yang tercatat");
        (await app.WithDbAsync(db => db.Applications.CountAsync(a => a.PersonId == person.Id))).ShouldBe(0);

        // Declaring two continuous years of work in the cluster's field makes route c pass.
        (await candidate.PostFormAsync($"/Certification/Experience/{person.Id}?handler=SaveWork", new()
        {
            ["from"] = TimeProvider.System.Today().AddYears(-3).ToString("yyyy-MM-dd"), ["institution"] = "Perpustakaan SMAN 1", ["schemeKeys"] = scheme.Key,
        }, $"/Certification/Experience/{person.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Text(await candidate.GetStringAsync("/Certification/Apply")).ShouldContain("memenuhi jalur c");
    }

    [Fact]
    public async Task An_operator_applies_on_behalf_of_a_person_of_their_regency_but_not_of_another()
    {
        var scheme = await SchemeAsync(app, "atas-nama");
        var own = await CandidateAsync(app, "63.05", "Dewi Lestari", 4103);
        var other = await CandidateAsync(app, "63.06", "Fitri Handayani", 4104);
        var op = await app.ClientForAsync(Roles.Operator, "63.05");

        Text(await op.GetStringAsync("/Certification/Apply?q=Lestari")).ShouldContain("Dewi Lestari");
        Text(await op.GetStringAsync("/Certification/Apply?q=Handayani")).ShouldNotContain("Fitri Handayani");
        (await op.GetAsync($"/Certification/Apply?personId={other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await op.GetAsync($"/Certification/Experience/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var created = await op.PostFormAsync($"/Certification/Apply?handler=Create&personId={own.Id}", new() { ["schemeId"] = scheme.Id.ToString() }, $"/Certification/Apply?personId={own.Id}");
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var application = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.PersonId == own.Id));
        application.RegencyCode.ShouldBe("63.05");
        Text(await op.GetStringAsync("/Certification")).ShouldContain("DEWI LESTARI");
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_is_recorded()
    {
        var scheme = await SchemeAsync(app, "mundur");
        var person = await CandidateAsync(app, "63.04", "Sari Wulandari", 4105);
        var application = await ApplicationAsync(app, person, scheme, ApplicationStatus.Submitted);
        var candidate = await app.ClientForAsync(Roles.Peserta, "63.04", person.Id);
        var url = $"/Certification/Applications/{application.Id}";

        Text(await candidate.FollowAsync(await candidate.PostFormAsync($"{url}?handler=Withdraw", new() { ["reason"] = "" }, url))).ShouldContain("Tuliskan alasan pengunduran diri");
        Text(await candidate.FollowAsync(await candidate.PostFormAsync($"{url}?handler=Withdraw", new() { ["reason"] = "Pindah tugas" }, url))).ShouldContain("Pengajuan ditarik");

        var last = await app.WithDbAsync(db => db.ApplicationEvents.Where(h => h.ApplicationId == application.Id).OrderByDescending(h => h.Id).FirstAsync());
        last.Action.ShouldBe("withdraw");
        last.Reason.ShouldBe("Pindah tugas");
        last.Actor.ShouldContain("peserta");
    }
}
