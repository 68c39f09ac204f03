using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Registry.Import;

public class PeopleExportTests(KompetenFactory app) : IClassFixture<KompetenFactory>, IAsyncLifetime
{
    private Person _tricky = null!, _plain = null!;

    // xunit makes a class instance per test: the people are added by the first one and found by the others.
    public async Task InitializeAsync()
    {
        _tricky = await FindOrAddAsync("63.08", "=HYPERLINK(\"http://contoh.test\",\"klik\")", Sex.Female, new DateOnly(1987, 3, 9), 1);
        _plain = await FindOrAddAsync("63.08", "Budi Santoso", Sex.Male, new DateOnly(1979, 12, 1), 2);
        await FindOrAddAsync("63.09", "Rina Kabupaten Lain", Sex.Female, new DateOnly(1990, 6, 6), 3);
        await app.WithDbAsync(db => db.People.Where(p => p.Id == _tricky.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Phone, "+62 811 5000 100").SetProperty(p => p.BirthPlace, "@Barabai")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Person> FindOrAddAsync(string regency, string name, Sex sex, DateOnly birth, int sequence) =>
        await app.WithDbAsync(db => db.People.AsNoTracking().FirstOrDefaultAsync(p => p.FullName == name))
        ?? await app.AddPersonAsync(regency, name, sex, birth, sequence);

    private async Task<List<string?[]>> ExportAsync(HttpClient client, string query = "") => RosterFiles.ReadSheet(await ExportBytesAsync(client, query));

    private static async Task<byte[]> ExportBytesAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/Registry/People/Export" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Kompeten.Web.Infrastructure.XlsxWriter.ContentType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private Task<List<NikAccessLog>> ExportLogsAsync() => app.WithDbAsync(db => db.NikAccessLogs.Where(l => l.Action == "export").OrderBy(l => l.Id).ToListAsync());

    private static int Column(List<string?[]> sheet, string header) => Array.IndexOf(sheet[0], header);

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.08");

        var bytes = await ExportBytesAsync(client);
        var sheet = RosterFiles.ReadSheet(bytes);

        // Exactly what was stored (no apostrophe added), as text with a quote-prefixed style.
        var row = sheet.Single(r => r[Column(sheet, "Nama Lengkap")]?.Contains("HYPERLINK") == true);
        row[Column(sheet, "Nama Lengkap")].ShouldBe("=HYPERLINK(\"http://contoh.test\",\"klik\")");
        row[Column(sheet, "Telepon/WA")].ShouldBe("+62 811 5000 100");
        row[Column(sheet, "Tempat Lahir")].ShouldBe("@Barabai");
        bytes.ShouldHaveQuotePrefixedText("=HYPERLINK(\"http://contoh.test\",\"klik\")", "+62 811 5000 100", "@Barabai");
        double.Parse(row[Column(sheet, "Tanggal Lahir")]!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe((new DateTime(1987, 3, 9) - new DateTime(1899, 12, 30)).TotalDays, "dates are real dates, not text");
    }

    [Fact]
    public async Task NIKs_are_masked_by_default_and_such_an_export_is_not_logged()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var logs = (await ExportLogsAsync()).Count;

        var sheet = await ExportAsync(client);

        sheet[0].Take(RosterFiles.Headers.Length).ShouldBe(RosterFiles.Headers);
        sheet.Skip(1).Select(r => r[0]).ShouldAllBe(nik => nik!.Contains("••••••"));
        sheet.Skip(1).Select(r => r[0]).ShouldContain(_plain.NikMasked);
        (await ExportLogsAsync()).Count.ShouldBe(logs);
    }

    [Fact]
    public async Task Full_NIKs_only_for_roles_that_may_see_them_and_every_such_export_is_logged()
    {
        var operator08 = await app.ClientForAsync(Roles.Operator, "63.08");
        var leader = await app.ClientForAsync(Roles.Pimpinan, "63");
        var logs = (await ExportLogsAsync()).Count;

        var sheet = await ExportAsync(operator08, "?full=1");
        var refused = await leader.GetAsync("/Registry/People/Export?full=1");
        var masked = await ExportAsync(leader);

        sheet.Skip(1).Select(r => r[0]).ShouldBe([TestData.Nik("63.08", new DateOnly(1979, 12, 1), Sex.Male, 2), TestData.Nik("63.08", new DateOnly(1987, 3, 9), Sex.Female, 1)], ignoreOrder: true);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        masked.Skip(1).Select(r => r[0]).ShouldAllBe(nik => nik!.Contains("••••••"));
        var written = (await ExportLogsAsync()).Skip(logs).ToList();
        written.Count.ShouldBe(1);
        written[0].RecordCount.ShouldBe(2);
        written[0].UserName.ShouldBe("operator.63-08@uji.kompeten.id");
        written[0].PersonId.ShouldBeNull();
        written[0].Detail!.ShouldContain("wilayah 63.08");
    }

    [Fact]
    public async Task An_operator_of_one_regency_exports_only_the_people_of_that_regency()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.08");

        var all = await ExportAsync(client);
        var asked = await ExportAsync(client, "?regency=63.09");
        var searched = await ExportAsync(client, "?q=Rina");

        all.Skip(1).Select(r => r[Column(all, "Kode Kab/Kota")]).ShouldAllBe(code => code == "63.08");
        all.Count.ShouldBe(3);
        asked.Count.ShouldBe(1, "only the header: 63.09 is outside the operator's scope");
        searched.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_export_with_full_NIKs_imports_again_without_changes()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await client.GetAsync("/Registry/People/Export?full=1&regency=63.08");
        var file = await response.Content.ReadAsByteArrayAsync();

        var session = await client.UploadToPreviewAsync(file, "ekspor.xlsx");

        var totals = await app.WithDbAsync(db => db.Set<ImportSession>().AsNoTracking().Where(s => s.Id == session)
            .Select(s => new { s.Status, s.TotalRows, s.UnchangedRows }).FirstAsync());
        totals.Status.ShouldBe(ImportStatus.Ready);
        (totals.TotalRows, totals.UnchangedRows).ShouldBe((2, 2));
    }
}
