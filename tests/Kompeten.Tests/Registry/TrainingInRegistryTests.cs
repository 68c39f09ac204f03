using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Registry.Import;
using Kompeten.Tests.Support;
using Kompeten.Tests.Training;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;

namespace Kompeten.Tests.Registry;

/// <summary>The registry shows and filters what the workshops recorded.</summary>
public class TrainingInRegistryTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static int _sequence = 100;

    private Task<Person> PersonAsync(string regency, string name) =>
        app.AddPersonAsync(regency, name, Sex.Male, new DateOnly(1985, 2, 3), Interlocked.Increment(ref _sequence));

    /// <summary>
    /// People around one year's batch (5 sessions, rule 80 %): who counts as trained in that year and who does not.
    /// Each test uses its own year, two apart (the next-year batch must not meet another test's year), so the shared database of the class never mixes them.
    /// </summary>
    private async Task<(string[] Operator6301, string[] Province)> TrainedInAsync(int year)
    {
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(year, 8, 12), qualifying: false);
        var nextYear = await WorkshopHistory.BatchAsync(app, new DateOnly(year + 1, 1, 20), qualifying: false);
        var n = $"T{year}";
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Cukup Hadir"), attended: 4);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Kurang Hadir"), attended: 3);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Bersertifikat"), attended: 0, certificate: true);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Sertifikat Dicabut"), attended: 1, certificate: true, revoked: true);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Belum Disetujui"), attended: 5, status: ParticipantStatus.Nominated);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.01", $"{n} Mengundurkan Diri"), attended: 5, status: ParticipantStatus.Withdrawn);
        await WorkshopHistory.ParticipantAsync(app, batch, await PersonAsync("63.02", $"{n} Kabupaten Lain"), attended: 5);
        await WorkshopHistory.ParticipantAsync(app, nextYear, await PersonAsync("63.01", $"{n} Tahun Berikutnya"), attended: 5);
        await PersonAsync("63.01", $"{n} Tidak Pernah Ikut");
        return ([$"{n} Bersertifikat", $"{n} Cukup Hadir"], [$"{n} Bersertifikat", $"{n} Cukup Hadir", $"{n} Kabupaten Lain"]);
    }

    private static string[] Names(string html) => new HtmlParser().ParseDocument("<table><tbody>" + html + "</tbody></table>")
        .QuerySelectorAll("a[href^='/Registry/People/Details/']").Select(a => a.TextContent.Trim()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task The_person_page_shows_the_training_history()
    {
        var person = await PersonAsync("63.01", "Hasanah Riwayat");
        var batch = await WorkshopHistory.BatchAsync(app, new DateOnly(2025, 5, 5), qualifying: true, name: "Bimtek Literasi Informasi 2025");
        await WorkshopHistory.ParticipantAsync(app, batch, person, attended: 5, certificate: true);

        var html = await (await app.ClientForAsync(Roles.Operator, "63.01")).GetStringAsync($"/Registry/People/Details/{person.Id}");
        var section = new HtmlParser().ParseDocument(html).QuerySelector("#training-history .training-history");
        section.ShouldNotBeNull();
        section.TextContent.ShouldContain("Riwayat pelatihan");
        section.TextContent.ShouldContain("Bimtek Literasi Informasi 2025 · Angkatan I");
        section.TextContent.ShouldContain("hadir 5/5 sesi");
        section.TextContent.ShouldContain($"Sertifikat UJI/{batch}/");
        section.TextContent.ShouldContain("diakui sebagai pelatihan kepustakawanan berbasis kompetensi");

        var other = await app.ClientForAsync(Roles.Operator, "63.02");
        (await other.GetAsync($"/Registry/People/Details/{person.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_person_who_never_trained_sees_an_empty_training_history()
    {
        var person = await PersonAsync("63.01", "Belum Pernah Pelatihan");
        var html = await (await app.ClientForAsync(Roles.AdminProvinsi, "63")).GetStringAsync($"/Registry/People/Details/{person.Id}");
        html.ShouldContain("Belum pernah mengikuti pelatihan yang tercatat di Kompeten.");
    }

    [Fact]
    public async Task The_list_page_filters_trained_in_a_year_within_the_users_scope()
    {
        var expected = await TrainedInAsync(2019);

        var operatorPage = await (await app.ClientForAsync(Roles.Operator, "63.01")).GetStringAsync("/Registry/People?TrainedYear=2019");
        Names(operatorPage).ShouldBe(expected.Operator6301);
        var select = new HtmlParser().ParseDocument(operatorPage).QuerySelector("select[name=TrainedYear]");
        select.ShouldNotBeNull();
        select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ShouldContain("2019");
        select.QuerySelector("option[selected]")!.GetAttribute("value").ShouldBe("2019");
        operatorPage.ShouldContain("/Registry/People/Export?TrainedYear=2019");

        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        Names(await admin.GetStringAsync("/Registry/People?TrainedYear=2019")).ShouldBe(expected.Province);
        Names(await admin.GetStringAsync("/Registry/People?TrainedYear=2019&Regency=63.02")).ShouldBe(["T2019 Kabupaten Lain"]);
        Names(await admin.GetStringAsync("/Registry/People?TrainedYear=2020")).ShouldBe(["T2019 Tahun Berikutnya"]);
    }

    [Fact]
    public async Task Load_more_keeps_the_trained_in_year_filter()
    {
        await TrainedInAsync(2013);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var first = await admin.GetStringAsync("/Registry/People?TrainedYear=2013&Size=2");
        Names(first).ShouldBe(["T2013 Bersertifikat", "T2013 Cukup Hadir"]);
        var next = new HtmlParser().ParseDocument(first).QuerySelector("#load-more-row a")!.GetAttribute("href")!;
        next.ShouldContain("TrainedYear=2013");
        var request = new HttpRequestMessage(HttpMethod.Get, WebUtility.HtmlDecode(next));
        request.Headers.Add("HX-Request", "true");
        var rest = await (await admin.SendAsync(request)).Content.ReadAsStringAsync();
        Names(rest).ShouldBe(["T2013 Kabupaten Lain"]);
    }

    [Fact]
    public async Task The_API_filters_trained_in_a_year_within_the_users_scope()
    {
        var expected = await TrainedInAsync(2015);
        static string[] ApiNames(JsonElement page) => page.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("fullName").GetString()!).Order(StringComparer.Ordinal).ToArray();

        var operatorClient = await app.ClientForAsync(Roles.Operator, "63.01");
        ApiNames(await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/people?trainedYear=2015")).ShouldBe(expected.Operator6301);
        ApiNames(await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/people?trainedYear=2015&regency=63.02")).ShouldBeEmpty();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        ApiNames(await admin.GetFromJsonAsync<JsonElement>("/api/v1/people?trainedYear=2015")).ShouldBe(expected.Province);
    }

    [Fact]
    public async Task The_export_holds_exactly_the_people_trained_in_the_year_within_the_users_scope()
    {
        var expected = await TrainedInAsync(2011);
        async Task<string[]> ExportNames(HttpClient client, string query)
        {
            var response = await client.GetAsync("/Registry/People/Export" + query);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var sheet = RosterFiles.ReadSheet(await response.Content.ReadAsByteArrayAsync());
            var column = Array.IndexOf(sheet[0], "Nama Lengkap");
            column.ShouldBeGreaterThanOrEqualTo(0);
            return sheet.Skip(1).Select(r => r[column]!).Order(StringComparer.Ordinal).ToArray();
        }

        (await ExportNames(await app.ClientForAsync(Roles.Operator, "63.01"), "?TrainedYear=2011")).ShouldBe(expected.Operator6301);
        (await ExportNames(await app.ClientForAsync(Roles.AdminProvinsi, "63"), "?trainedYear=2011")).ShouldBe(expected.Province);
    }
}
