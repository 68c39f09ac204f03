using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

/// <summary>Uploads limited to 32 KB, so an oversized file is cheap to build.</summary>
public class SmallUploadFactory : KompetenFactory
{
    public const long MaxBytes = 32 * 1024;

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.Configure<ImportOptions>(o => o.MaxFileBytes = MaxBytes);
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
}
