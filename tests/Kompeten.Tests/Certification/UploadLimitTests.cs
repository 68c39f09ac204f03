using System.Net;
using System.Net.Http.Json;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

/// <summary>
/// Uploads limited to 32 KB, so an oversized file is cheap to build; and the server's own form limit
/// set below the bodies these tests send, as Kestrel's 30 MB is below a 40 MB upload in production,
/// so a page or endpoint that lets the framework read the body first fails before its own size check.
/// </summary>
public class SmallUploadFactory : KompetenFactory
{
    public const long MaxBytes = 32 * 1024;
    public const long ServerFormLimit = 48 * 1024;

    protected override void ConfigureTestServices(IServiceCollection services) => Limit(services);

    public static void Limit(IServiceCollection services)
    {
        services.Configure<ImportOptions>(o => o.MaxFileBytes = MaxBytes);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = ServerFormLimit);
    }
}

/// <summary>The results and scheme imports refuse a file over the upload limit before reading it, and change nothing.</summary>
public class UploadLimitTests(SmallUploadFactory app) : IClassFixture<SmallUploadFactory>
{
    /// <summary>The rows on the first sheet; with <paramref name="padded"/>, a second sheet of random text pushes the file over the limit.</summary>
    private static byte[] Workbook(string sheet, string[] headers, bool padded, params object?[][] rows)
    {
        var bytes = XlsxWriter.ToBytes(x =>
        {
            x.AddSheet(sheet, XlsxColumn.Fitting(headers, XlsxFormat.Text), rows.Select(r => (IReadOnlyList<object?>)r));
            if (padded) x.AddSheet("Catatan", [new("Catatan")], Enumerable.Range(0, 2_000).Select(_ => (IReadOnlyList<object?>)[Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")]));
        });
        (bytes.Length > SmallUploadFactory.MaxBytes).ShouldBe(padded);
        return bytes;
    }

    /// <summary>A candidate scheduled on a new event, and the two result rows that would certify them.</summary>
    private async Task<(AssessmentEvent Event, Application App, object?[][] Rows)> ScheduledAsync(string key, int sequence)
    {
        var scheme = await SchemeAsync(app, key);
        var ev = await EventAsync(app, scheme, 5);
        var person = await CandidateAsync(app, "63.01", $"Calon {sequence}", sequence);
        var application = await ApplicationAsync(app, person, scheme, ApplicationStatus.Scheduled, eventId: ev.Id);
        var nik = TestData.Nik("63.01", new DateOnly(1990, 4, 12), Sex.Female, sequence);
        return (ev, application, [[nik, "R.91PRP02.021.1", "K", "K"], [nik, "R.91PRP02.022.1", "K", "K"]]);
    }

    [Fact]
    public async Task An_oversized_results_file_is_refused_with_413_and_no_result_is_recorded()
    {
        var (ev, application, rows) = await ScheduledAsync("batas-hasil", 8101);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        // The rows themselves are right: the small file passes the check.
        (await ResultsTests.ImportAsync(admin, ev.Id, Workbook("Hasil", ResultsImport.Headers, padded: false, rows), dryRun: true)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await ResultsTests.ImportAsync(admin, ev.Id, Workbook("Hasil", ResultsImport.Headers, padded: true, rows));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("Berkas terlalu besar");
        body.ShouldContain("batasnya 32 KB");
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == application.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.AssessmentOutcomes.CountAsync(o => o.ApplicationId == application.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Certificates.CountAsync(c => c.ApplicationId == application.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task An_oversized_results_file_on_the_event_page_is_refused_with_the_message()
    {
        var (ev, application, rows) = await ScheduledAsync("batas-hasil-halaman", 8102);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}";

        var response = await admin.PostFileAsync($"{url}?handler=Import", url, new() { ["issuedOn"] = "2026-03-11" }, "file", "hasil.xlsx",
            Workbook("Hasil", ResultsImport.Headers, padded: true, rows));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var page = Text(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Tidak ada hasil yang disimpan");
        page.ShouldContain("Berkas terlalu besar");
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == application.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task An_oversized_scheme_file_is_refused_with_413_and_the_units_stay_as_they_were()
    {
        var scheme = await SchemeAsync(app, "batas-skema");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Schemes/Edit/{scheme.Id}";
        var file = Workbook("Unit", SchemeImport.Headers, padded: true,
            ["R.91PRP02.030.1", "Melakukan Penelusuran Informasi", "Menyiapkan penelusuran", "Kebutuhan pemustaka diidentifikasi"]);

        var response = await admin.PostFileAsync($"{url}?handler=Import", url, [], "file", "unit.xlsx", file);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var page = Text(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Tidak ada yang diimpor: 1 kesalahan");
        page.ShouldContain("Berkas terlalu besar");
        (await app.WithDbAsync(db => db.SchemeUnits.CountAsync(u => u.SchemeId == scheme.Id))).ShouldBe(2);
    }

    /// <summary>Four times the limit: more than the server reads, and more than the import's own limit with room for the form around the file.</summary>
    private static byte[] Oversized()
    {
        var bytes = new byte[SmallUploadFactory.MaxBytes * 4];
        "PK\u0003\u0004"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A stream whose length the client cannot know, so the body is sent chunked, without Content-Length.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static async Task<ProblemDetailsBody> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<ProblemDetailsBody>())!;
    }

    private sealed record ProblemDetailsBody(int Status, string Title, string Detail);

    [Fact]
    public async Task A_results_body_over_the_limit_gets_413_problem_details_saying_the_file_is_too_large()
    {
        var (ev, application, _) = await ScheduledAsync("batas-badan-api", 8111);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var sized = await ResultsTests.ImportAsync(admin, ev.Id, Oversized());
        using var unsized = new MultipartFormDataContent
        {
            { new StringContent(ev.Id.ToString()), "eventId" },
            { new StreamContent(new UnsizedStream(Oversized())), "file", "hasil.xlsx" },
        };
        unsized.Headers.ContentLength.ShouldBeNull();
        var chunked = await admin.PostAsync("/api/v1/results/import", unsized);

        foreach (var response in new[] { sized, chunked })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            var problem = await ProblemAsync(response);
            problem.Status.ShouldBe(413);
            problem.Title.ShouldBe("Berkas terlalu besar");
            problem.Detail.ShouldContain("Berkas terlalu besar");
            problem.Detail.ShouldContain("batasnya 32 KB");
        }
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == application.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task An_empty_missing_or_non_spreadsheet_results_file_gets_400_problem_details_saying_what_to_send()
    {
        var (ev, application, _) = await ScheduledAsync("batas-kosong-api", 8112);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        async Task<ProblemDetailsBody> PostAsync(MultipartFormDataContent form)
        {
            var response = await admin.PostAsync("/api/v1/results/import", form);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            return await ProblemAsync(response);
        }
        MultipartFormDataContent Form(string? eventId, byte[]? file, string name = "hasil.xlsx")
        {
            var form = new MultipartFormDataContent();
            if (eventId is not null) form.Add(new StringContent(eventId), "eventId");
            if (file is not null) form.Add(new ByteArrayContent(file), "file", name);
            return form;
        }

        (await PostAsync(Form(ev.Id.ToString(), []))).Detail.ShouldStartWith("Berkas kosong (0 byte). Pilih berkas .xlsx, .xls, atau .csv");
        (await PostAsync(Form(ev.Id.ToString(), Pdf, "hasil.pdf"))).Detail.ShouldContain("bukan lembar kerja maupun CSV");
        (await PostAsync(Form(ev.Id.ToString(), null))).Detail.ShouldContain("Kirim berkas .xlsx, .xls, atau .csv pada bagian 'file'");
        (await PostAsync(Form(null, Pdf))).Detail.ShouldContain("eventId wajib diisi");
        var badDate = Form(ev.Id.ToString(), Pdf);
        badDate.Add(new StringContent("31-13-2026"), "issuedOn");
        (await PostAsync(badDate)).Detail.ShouldContain("issuedOn \"31-13-2026\" bukan tanggal");
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == application.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task A_body_over_the_limit_on_the_event_page_shows_the_form_again_with_the_message()
    {
        var (ev, application, _) = await ScheduledAsync("batas-badan-acara", 8113);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}";

        var response = await admin.PostFileAsync($"{url}?handler=Import", url, new() { ["issuedOn"] = "2026-03-11" }, "file", "hasil.xlsx", Oversized());

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var html = await response.Content.ReadAsStringAsync();
        Text(html).ShouldContain("Tidak ada hasil yang disimpan");
        Text(html).ShouldContain("Berkas terlalu besar");
        Text(html).ShouldContain("batasnya 32 KB");
        html.ShouldContain("accept=\".xlsx,.xls,.csv\"", customMessage: "the form is there to pick another file");
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task An_empty_or_non_spreadsheet_file_on_the_event_page_is_refused_with_400_and_the_message()
    {
        var (ev, application, _) = await ScheduledAsync("batas-kosong-acara", 8114);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}";

        foreach (var (name, bytes, message) in new[]
        {
            ("hasil.xlsx", Array.Empty<byte>(), "Berkas kosong (0 byte)"),
            ("hasil.pdf", Pdf, "bukan lembar kerja maupun CSV"),
        })
        {
            var response = await admin.PostFileAsync($"{url}?handler=Import", url, [], "file", name, bytes);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var page = Text(await response.Content.ReadAsStringAsync());
            page.ShouldContain("Tidak ada hasil yang disimpan");
            page.ShouldContain(message);
        }
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task A_body_over_the_limit_on_the_scheme_page_shows_the_form_again_with_the_message()
    {
        var scheme = await SchemeAsync(app, "batas-badan-skema");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Schemes/Edit/{scheme.Id}";

        var oversized = await admin.PostFileAsync($"{url}?handler=Import", url, [], "file", "unit.xlsx", Oversized());
        var empty = await admin.PostFileAsync($"{url}?handler=Import", url, [], "file", "unit.csv", []);

        oversized.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var html = await oversized.Content.ReadAsStringAsync();
        Text(html).ShouldContain("Tidak ada yang diimpor: 1 kesalahan");
        Text(html).ShouldContain("Berkas terlalu besar");
        html.ShouldContain("accept=\".xlsx,.xls,.csv\"");
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(await empty.Content.ReadAsStringAsync()).ShouldContain("Berkas kosong (0 byte)");
        (await app.WithDbAsync(db => db.SchemeUnits.CountAsync(u => u.SchemeId == scheme.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task The_other_forms_of_a_page_with_an_upload_still_need_the_antiforgery_token()
    {
        var (ev, application, _) = await ScheduledAsync("batas-token", 8115);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}";

        var unschedule = await admin.PostAsync($"{url}?handler=Unschedule",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["applicationId"] = application.Id.ToString(), ["reason"] = "sakit" }));
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "hasil.xlsx" } };
        var import = await admin.PostAsync($"{url}?handler=Import", upload);

        foreach (var response in new[] { unschedule, import })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain("Formulir kedaluwarsa atau tidak sah");
        }
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == application.Id))).Status.ShouldBe(ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task A_portfolio_document_is_read_with_its_own_limit_not_the_servers()
    {
        var scheme = await SchemeAsync(app, "batas-dokumen");
        var person = await CandidateAsync(app, "63.01", "Peserta Dokumen", 8116);
        var application = await app.WithDbAsync(async db =>
        {
            var a = new Application { PersonId = person.Id, SchemeId = scheme.Id, RegencyCode = "63.01", ProvinceCode = "63", DiplomaName = "PESERTA", CreatedAt = DateTimeOffset.UtcNow };
            db.Applications.Add(a);
            await db.SaveChangesAsync();
            return a;
        });
        var candidate = await app.ClientForAsync(Roles.Peserta, "63.01", person.Id);
        var url = $"/Certification/Applications/{application.Id}";
        var scan = new byte[SmallUploadFactory.ServerFormLimit * 2]; // over the server's form limit, well under the 10 MB per document
        Pdf.CopyTo(scan, 0);

        var response = await candidate.PostFileAsync($"{url}?handler=Upload", url, new() { ["kind"] = DocumentKinds.IdentityCard }, "file", "ktp.pdf", scan);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Text(await candidate.FollowAsync(response)).ShouldContain("Berkas \"ktp.pdf\" diunggah");
        (await app.WithDbAsync(db => db.PortfolioDocuments.SingleAsync(d => d.ApplicationId == application.Id))).Size.ShouldBe(scan.Length);
    }
}
