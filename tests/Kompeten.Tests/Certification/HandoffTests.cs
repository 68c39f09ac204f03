using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class HandoffTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private async Task<(AssessmentEvent Event, Application App, string Nik)> ScheduledAsync(string key, int sequence, string name)
    {
        var scheme = await SchemeAsync(app, key, required: [DocumentKinds.Photo, DocumentKinds.IdentityCard, DocumentKinds.Diploma]);
        var ev = await EventAsync(app, scheme, 5);
        var person = await CandidateAsync(app, "63.01", name, sequence);
        var application = await ApplicationAsync(app, person, scheme, ApplicationStatus.Scheduled, eventId: ev.Id);
        return (ev, application, TestData.Nik("63.01", new DateOnly(1990, 4, 12), Sex.Female, sequence));
    }

    [Fact]
    public async Task The_candidate_list_opens_as_a_spreadsheet_with_the_NIK_and_the_download_is_logged()
    {
        var (ev, _, nik) = await ScheduledAsync("serah-daftar", 7101, "Nur Hasanah");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await admin.GetAsync($"/Certification/Events/{ev.Id}?handler=CandidateList");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(XlsxWriter.ContentType);
        // Read back with OpenXml, independently of the app's reader.
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToList()).ToList();
        rows[0].ShouldBe(Handoff.CandidateListHeaders);
        var row = rows.Single(r => r.Contains("NUR HASANAH"));
        row.ShouldContain(nik);
        row.ShouldContain("Banjarmasin");
        row.ShouldContain("12-04-1990");
        row.ShouldContain("Perempuan");
        row.ShouldContain("081234567890");

        var log = await app.WithDbAsync(db => db.NikAccessLogs.Where(l => l.Action == "handoff").OrderByDescending(l => l.Id).FirstAsync());
        log.Detail!.ShouldContain($"Daftar peserta uji kompetensi #{ev.Id}");
        log.RecordCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_package_holds_each_candidates_documents_under_consistent_names_and_the_forms_carry_the_name()
    {
        var (ev, application, nik) = await ScheduledAsync("serah-paket", 7102, "Siti Nurjanah");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await admin.GetAsync($"/Certification/Events/{ev.Id}?handler=Package");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        var folder = $"{nik}_SITI_NURJANAH";
        names.ShouldContain("daftar-peserta.xlsx");
        names.ShouldContain($"{folder}/APL-01.pdf");
        names.ShouldContain($"{folder}/APL-02.pdf");
        names.ShouldContain($"{folder}/01_PAS_FOTO.pdf");
        names.ShouldContain($"{folder}/02_KTP.pdf");
        names.ShouldContain($"{folder}/03_IJAZAH.pdf");
        names.ShouldContain($"{folder}/04_BUKTI_R.91PRP02.021.1_1.pdf");
        names.ShouldContain($"{folder}/04_BUKTI_R.91PRP02.022.1_1.pdf");

        var apl01 = PdfText(zip.GetEntry($"{folder}/APL-01.pdf")!);
        apl01.ShouldContain("FR.APL.01");
        apl01.ShouldContain("SITI NURJANAH");
        apl01.ShouldContain(nik);
        var apl02 = PdfText(zip.GetEntry($"{folder}/APL-02.pdf")!);
        apl02.ShouldContain("ASESMEN MANDIRI");
        apl02.ShouldContain("SITI NURJANAH");
        apl02.ShouldContain("Membuat Tajuk Kendali Subjek");

        (await app.WithDbAsync(db => db.NikAccessLogs.AnyAsync(l => l.Action == "handoff" && l.Detail!.Contains($"Paket berkas LSP uji kompetensi #{ev.Id}")))).ShouldBeTrue();

        // One candidate's APL-01 on its own, logged against that person.
        var single = await admin.GetAsync($"/Certification/Events/{ev.Id}?handler=Form&applicationId={application.Id}&form=apl01");
        single.StatusCode.ShouldBe(HttpStatusCode.OK);
        PdfText(await single.Content.ReadAsByteArrayAsync()).ShouldContain("SITI NURJANAH");
        (await app.WithDbAsync(db => db.NikAccessLogs.AnyAsync(l => l.Action == "handoff" && l.PersonId == application.PersonId))).ShouldBeTrue();
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_exported_as_text_not_run()
    {
        var (ev, application, nik) = await ScheduledAsync("serah-rumus", 7104, "Rina Wati");
        const string formula = "=HYPERLINK(\"http://contoh.test\",\"klik\")";
        await app.WithDbAsync(db => db.Applications.Where(a => a.Id == application.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DiplomaName, formula)));
        await app.WithDbAsync(db => db.People.Where(p => p.Id == application.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.BirthPlace, "@SUM(1+1)")));
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        foreach (var handler in new[] { "CandidateList", "Bnsp" })
        {
            var bytes = await admin.GetByteArrayAsync($"/Certification/Events/{ev.Id}?handler={handler}");
            using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
            doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<CellFormula>().ShouldBeEmpty(handler);
            var texts = XlsxCells.Read(bytes).Select(c => c.Text).ToList();
            texts.ShouldContain(formula, handler);
            texts.ShouldContain("@SUM(1+1)", handler);
            texts.ShouldContain(nik, handler);
            bytes.ShouldHaveQuotePrefixedText(formula, "@SUM(1+1)");
        }
    }

    [Fact]
    public async Task Only_administrators_of_the_province_can_download_the_hand_off()
    {
        var (ev, _, _) = await ScheduledAsync("serah-akses", 7103, "Yuli Astuti");
        var before = await app.WithDbAsync(db => db.NikAccessLogs.CountAsync());

        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        (await op.GetAsync($"/Certification/Events/{ev.Id}?handler=CandidateList")).Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied");
        var otherProvince = await app.ClientForAsync(Roles.AdminProvinsi, "64");
        (await otherProvince.GetAsync($"/Certification/Events/{ev.Id}?handler=CandidateList")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherProvince.GetAsync($"/Certification/Events/{ev.Id}?handler=Package")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.WithDbAsync(db => db.NikAccessLogs.CountAsync())).ShouldBe(before);
    }

    private static string PdfText(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return PdfText(buffer.ToArray());
    }

    /// <summary>The text of a PDF as poppler's pdftotext reads it, whitespace collapsed (table cells wrap).</summary>
    public static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kompeten-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", [path, "-"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
