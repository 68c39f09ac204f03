using System.Net;
using System.Net.Http.Headers;
using Kompeten.Tests.Registry.Import;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class ResultsTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static readonly DateOnly Birth = new(1990, 4, 12);

    private async Task<(Scheme Scheme, AssessmentEvent Event, List<(Application App, string Nik)> Candidates, List<SchemeUnit> Units)> ScheduledAsync(string key, int validity, params int[] sequences)
    {
        var scheme = await SchemeAsync(app, key, validity);
        var ev = await EventAsync(app, scheme, 10);
        var candidates = new List<(Application, string)>();
        foreach (var seq in sequences)
        {
            var person = await CandidateAsync(app, "63.01", $"Calon {seq}", seq);
            candidates.Add((await ApplicationAsync(app, person, scheme, ApplicationStatus.Scheduled, eventId: ev.Id), TestData.Nik("63.01", Birth, Sex.Female, seq)));
        }
        var units = await app.WithDbAsync(db => db.SchemeUnits.Where(u => u.SchemeId == scheme.Id).OrderBy(u => u.SortOrder).ToListAsync());
        return (scheme, ev, candidates, units);
    }

    private static byte[] Sheet(params object?[][] rows) =>
        XlsxWriter.ToBytes(x => x.AddSheet("Hasil", XlsxColumn.Fitting(ResultsImport.Headers, XlsxFormat.Text), rows.Select(r => (IReadOnlyList<object?>)r)));

    /// <summary>POSTs the file to the results import API, as an integration would.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(HttpClient admin, int eventId, byte[] file, bool dryRun = false, string issuedOn = "2026-03-11")
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(eventId.ToString()), "eventId" },
            { new StringContent(dryRun ? "true" : "false"), "dryRun" },
            { new StringContent(issuedOn), "issuedOn" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxWriter.ContentType);
        form.Add(content, "file", "hasil.xlsx");
        return await admin.PostAsync("/api/v1/results/import", form);
    }

    /// <summary>A sheet whose rows 1 and 2 are blank, so the header is on row 3.</summary>
    public static byte[] SheetBelowBlankRows(string[] headers, params object?[][] rows) =>
        XlsxWriter.ToBytes(x => x.AddSheet("Hasil", [.. headers.Select(_ => new XlsxColumn(""))],
            new[] { new object?[headers.Length], headers.Cast<object?>().ToArray() }.Concat(rows).Select(r => (IReadOnlyList<object?>)r)));

    [Fact]
    public async Task A_missing_column_is_reported_on_the_row_where_the_header_really_is()
    {
        var (_, ev, c, units) = await ScheduledAsync("hasil-judul-bawah", 3, 6121);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var file = SheetBelowBlankRows(["NIK", "Kode unit", "K/BK"], [c[0].Nik, units[0].Code, "K"]);

        var response = await ImportAsync(admin, ev.Id, file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("{\"row\":3,\"message\":\"Kolom Keseluruhan tidak ditemukan di baris judul.");
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == c[0].App.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task An_import_with_bad_rows_reports_each_row_and_applies_nothing()
    {
        var (_, ev, c, units) = await ScheduledAsync("hasil-salah", 3, 6101, 6102);
        var unknownNik = TestData.Nik("63.01", Birth, Sex.Female, 6199);
        var file = Sheet(
            [c[0].Nik, units[0].Code, "K", "K"],
            [c[0].Nik, units[1].Code, "KB", "K"],
            [unknownNik, units[0].Code, "K", "K"],
            [c[1].Nik, "R.99XYZ01.001.1", "BK", "BK"],
            [c[1].Nik, units[0].Code, "BK", "BK"],
            [6301015204900001.0, units[1].Code, "BK", "BK"]);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await ImportAsync(admin, ev.Id, file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("tidak ada hasil yang disimpan");
        body.ShouldContain("{\"row\":3,\"message\":\"Hasil unit \\\"KB\\\" tidak dikenal; tulis K (Kompeten) atau BK (Belum Kompeten).\"}");
        body.ShouldContain("\"row\":4,\"message\":\"NIK 630101••••••6199 tidak dikenal sebagai peserta terjadwal");
        body.ShouldContain("\"row\":5,\"message\":\"Kode unit \\\"R.99XYZ01.001.1\\\" tidak dikenal");
        body.ShouldContain("\"row\":7,\"message\":\"NIK tersimpan sebagai angka");
        body.ShouldNotContain("\"row\":2,");

        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == c[0].App.Id || r.ApplicationId == c[1].App.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Certificates.CountAsync(x => x.ApplicationId == c[0].App.Id))).ShouldBe(0);
        (await app.WithDbAsync(db => db.Applications.Where(a => a.AssessmentEventId == ev.Id).Select(a => a.Status).ToListAsync())).ShouldAllBe(s => s == ApplicationStatus.Scheduled);
    }

    [Fact]
    public async Task A_candidate_missing_a_unit_or_with_an_inconsistent_overall_result_stops_the_whole_file()
    {
        var (_, ev, c, units) = await ScheduledAsync("hasil-kurang", 3, 6103, 6104);
        var file = Sheet(
            [c[0].Nik, units[0].Code, "K", "K"],
            [c[0].Nik, units[1].Code, "K", "K"],
            [c[1].Nik, units[0].Code, "K", "K"]);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await ImportAsync(admin, ev.Id, file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("Baris 4: CALON 6104: hasil unit belum lengkap — R.91PRP02.022.1");
        (await app.WithDbAsync(db => db.Certificates.CountAsync(x => x.ApplicationId == c[0].App.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task A_correct_import_creates_the_certificate_for_K_with_the_scheme_validity_and_BK_can_prepare_a_resit()
    {
        var (scheme, ev, c, units) = await ScheduledAsync("hasil-benar", 5, 6105, 6106);
        var file = Sheet(
            [c[0].Nik, units[0].Code, "K", "K"],
            [c[0].Nik, units[1].Code, "kompeten", "Kompeten"],
            [c[1].Nik, units[0].Code, "K", "BK"],
            [c[1].Nik, units[1].Code, "BK", "BK"]);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var dry = await ImportAsync(admin, ev.Id, file, dryRun: true);
        dry.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dry.Content.ReadAsStringAsync()).ShouldContain("\"applied\":false");
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == c[0].App.Id))).ShouldBe(0);

        var response = await ImportAsync(admin, ev.Id, file);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"applied\":true,\"rows\":4,\"candidates\":2,\"competent\":1,\"notYetCompetent\":1");

        var certificate = await app.WithDbAsync(db => db.Certificates.SingleAsync(x => x.ApplicationId == c[0].App.Id));
        certificate.IssuedOn.ShouldBe(new DateOnly(2026, 3, 11));
        certificate.ValidUntil.ShouldBe(new DateOnly(2031, 3, 11));
        certificate.SchemeId.ShouldBe(scheme.Id);
        certificate.Source.ShouldBe(CertificateSource.Assessment);
        certificate.VerificationCode.Length.ShouldBe(10);
        certificate.Number.ShouldBe($"KPT/2026/{scheme.Id:00}/{c[0].App.Id:00000}");
        (await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == c[0].App.Id))).Status.ShouldBe(ApplicationStatus.Certified);
        (await app.WithDbAsync(db => db.UnitResults.CountAsync(r => r.ApplicationId == c[0].App.Id && r.Competent))).ShouldBe(2);

        var notYet = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == c[1].App.Id));
        notYet.Status.ShouldBe(ApplicationStatus.NotYetCompetent);
        (await app.WithDbAsync(db => db.Certificates.CountAsync(x => x.ApplicationId == c[1].App.Id))).ShouldBe(0);

        // Importing the same file again is refused: results are recorded once.
        (await ImportAsync(admin, ev.Id, file)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);

        // BK: the candidate side prepares the re-sit; the application is a draft again, attempt 2.
        var operatorClient = await app.ClientForAsync(Roles.Operator, "63.01");
        var url = $"/Certification/Applications/{c[1].App.Id}";
        Text(await operatorClient.GetStringAsync(url)).ShouldContain("Siapkan uji ulang");
        (await operatorClient.PostFormAsync($"{url}?handler=PrepareResit", [], url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var resit = await app.WithDbAsync(db => db.Applications.SingleAsync(a => a.Id == c[1].App.Id));
        resit.Status.ShouldBe(ApplicationStatus.Draft);
        resit.Attempt.ShouldBe(2);
        resit.AssessmentEventId.ShouldBeNull();

        // The BNSP list still names both candidates with K and BK, and the download is logged.
        var bnsp = await admin.GetAsync($"/Certification/Events/{ev.Id}?handler=Bnsp");
        bnsp.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = ReadSheet(await bnsp.Content.ReadAsByteArrayAsync());
        rows[0].ShouldBe(["No", "NIK", "Nama (sesuai ijazah)", "Tempat lahir", "Tanggal lahir", "Jenis kelamin", "Klaster", "Hasil (K/BK)", "Nomor sertifikat"]);
        rows.ShouldContain(r => r[1] == c[0].Nik && r[7] == "K" && r[8] == certificate.Number);
        (await app.WithDbAsync(db => db.NikAccessLogs.CountAsync(l => l.Action == "handoff" && l.Detail!.Contains("BNSP")))).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Results_entered_on_screen_create_the_certificate_and_refuse_an_overall_K_with_a_BK_unit()
    {
        var (_, ev, c, units) = await ScheduledAsync("hasil-layar", 3, 6107);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Events/{ev.Id}/Results";
        var id = c[0].App.Id;

        var wrong = await admin.PostFormAsync(url, new()
        {
            ["IssuedOn"] = "2026-03-11", [$"overall-{id}"] = "K", [$"unit-{id}-{units[0].Id}"] = "K", [$"unit-{id}-{units[1].Id}"] = "BK",
        });
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await wrong.Content.ReadAsStringAsync()).ShouldContain("hasil keseluruhan K tetapi unit R.91PRP02.022.1 BK");

        var right = await admin.PostFormAsync(url, new()
        {
            ["IssuedOn"] = "2026-03-11", [$"overall-{id}"] = "K", [$"unit-{id}-{units[0].Id}"] = "K", [$"unit-{id}-{units[1].Id}"] = "K",
        });
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Certificates.SingleAsync(x => x.ApplicationId == id))).ValidUntil.ShouldBe(new DateOnly(2029, 3, 11));
    }

    [Fact]
    public async Task An_administrator_of_another_province_cannot_import_into_the_event()
    {
        var (_, ev, c, units) = await ScheduledAsync("hasil-provinsi", 3, 6108);
        var other = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        var response = await ImportAsync(other, ev.Id, Sheet([c[0].Nik, units[0].Code, "K", "K"]));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("tidak ada di wilayah Anda");
        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        (await ImportAsync(op, ev.Id, Sheet([c[0].Nik, units[0].Code, "K", "K"]))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Rows of cell texts, each as wide as the header row; read with OpenXml, independently of the app's reader.</summary>
    public static List<string?[]> ReadSheet(byte[] bytes)
    {
        var rows = RosterFiles.ReadSheet(bytes);
        var width = rows[0].Length;
        return [.. rows.Select(r => r.Length >= width ? r : [.. r, .. new string?[width - r.Length]])];
    }
}
