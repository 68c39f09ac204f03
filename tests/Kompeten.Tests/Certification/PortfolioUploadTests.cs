using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class PortfolioUploadTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private async Task<(Application Application, HttpClient Candidate)> DraftAsync(string key, int sequence)
    {
        var scheme = await SchemeAsync(app, key);
        var person = await CandidateAsync(app, "63.01", $"Peserta Unggah {sequence}", sequence);
        var application = await app.WithDbAsync(async db =>
        {
            var a = new Application { PersonId = person.Id, SchemeId = scheme.Id, RegencyCode = "63.01", ProvinceCode = "63", DiplomaName = "PESERTA", CreatedAt = DateTimeOffset.UtcNow };
            db.Applications.Add(a);
            await db.SaveChangesAsync();
            return a;
        });
        return (application, await app.ClientForAsync(Roles.Peserta, "63.01", person.Id));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, int applicationId, string kind, string name, byte[] bytes) =>
        client.PostFileAsync($"/Certification/Applications/{applicationId}?handler=Upload", $"/Certification/Applications/{applicationId}",
            new() { ["kind"] = kind }, "file", name, bytes);

    [Fact]
    public async Task A_renamed_executable_with_a_pdf_name_is_refused_by_its_content()
    {
        var (application, candidate) = await DraftAsync("unggah-exe", 3101);
        var exe = new byte[4096];
        "MZ\x90\0\x03\0\0\0"u8.CopyTo(exe);

        var response = await UploadAsync(candidate, application.Id, DocumentKinds.IdentityCard, "ktp.pdf", exe);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = Text(await candidate.FollowAsync(response));
        page.ShouldContain("\"ktp.pdf\" bukan PDF, JPG, atau PNG");
        page.ShouldContain("isi berkas yang diperiksa, bukan namanya");
        (await app.WithDbAsync(db => db.PortfolioDocuments.CountAsync(d => d.ApplicationId == application.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_its_size_and_the_limit()
    {
        var (application, candidate) = await DraftAsync("unggah-besar", 3102);
        var big = new byte[11 * 1024 * 1024];
        Pdf.CopyTo(big, 0);

        var response = await UploadAsync(candidate, application.Id, DocumentKinds.Diploma, "ijazah.pdf", big);

        var page = Text(await candidate.FollowAsync(response));
        page.ShouldContain("berukuran 11,0 MB; batas 10 MB");
        (await app.WithDbAsync(db => db.PortfolioDocuments.CountAsync(d => d.ApplicationId == application.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task A_path_traversal_name_is_stored_as_a_plain_name_and_the_bytes_under_their_hash()
    {
        var (application, candidate) = await DraftAsync("unggah-jalur", 3103);

        var response = await UploadAsync(candidate, application.Id, DocumentKinds.IdentityCard, "../../../etc/ktp.pdf", Pdf);

        Text(await candidate.FollowAsync(response)).ShouldContain("Berkas \"ktp.pdf\" diunggah");
        var stored = await app.WithDbAsync(db => db.PortfolioDocuments.SingleAsync(d => d.ApplicationId == application.Id));
        stored.OriginalName.ShouldBe("ktp.pdf");
        stored.ContentType.ShouldBe("application/pdf");
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)));

        var download = await candidate.GetAsync($"/Certification/Documents/{stored.Id}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Pdf);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
    }

    [Fact]
    public async Task A_png_named_pdf_is_kept_as_png_and_a_newer_upload_replaces_the_old_one()
    {
        var (application, candidate) = await DraftAsync("unggah-png", 3104);
        await UploadAsync(candidate, application.Id, DocumentKinds.IdentityCard, "ktp-lama.pdf", Pdf);
        await UploadAsync(candidate, application.Id, DocumentKinds.IdentityCard, "foto-ktp.pdf", Png);

        var docs = await app.WithDbAsync(db => db.PortfolioDocuments.Where(d => d.ApplicationId == application.Id).OrderBy(d => d.Id).ToListAsync());
        docs.Count.ShouldBe(2);
        docs[0].Superseded.ShouldBeTrue();
        docs[1].ContentType.ShouldBe("image/png");
        Preparation.DownloadName(docs[1]).ShouldBe("foto-ktp.png");
    }

    [Fact]
    public async Task Only_the_candidate_their_operator_their_mentor_and_provincial_admins_can_fetch_a_document()
    {
        var scheme = await SchemeAsync(app, "unggah-akses");
        var person = await CandidateAsync(app, "63.02", "Peserta Akses", 3105);
        var (_, mentorId) = await MentorAsync(app, "pendamping.akses@uji.kompeten.id", scheme);
        await MentorAsync(app, "pendamping.lain@uji.kompeten.id", scheme);
        var application = await ApplicationAsync(app, person, scheme, ApplicationStatus.Submitted, mentorId);
        var documentId = await app.WithDbAsync(db => db.PortfolioDocuments.Where(d => d.ApplicationId == application.Id).Select(d => d.Id).FirstAsync());
        var url = $"/Certification/Documents/{documentId}";

        (await (await app.ClientForAsync(Roles.Peserta, "63.02", person.Id)).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.ClientForAsync(Roles.Operator, "63.02")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.SignInAsync("pendamping.akses@uji.kompeten.id", KompetenFactory.Password)).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.ClientForAsync(Roles.AdminProvinsi, "63")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await (await app.SignInAsync("pendamping.lain@uji.kompeten.id", KompetenFactory.Password)).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync(Roles.Operator, "63.03")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var otherPerson = await CandidateAsync(app, "63.02", "Peserta Lain", 3106);
        (await (await app.ClientForAsync(Roles.Peserta, "63.02", otherPerson.Id)).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync(Roles.AdminProvinsi, "64")).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // And the application page itself answers the same way.
        (await (await app.SignInAsync("pendamping.lain@uji.kompeten.id", KompetenFactory.Password)).GetAsync($"/Certification/Applications/{application.Id}"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
