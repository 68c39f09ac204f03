using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Dashboard;

/// <summary>
/// Scope: an operator sees only their regency; a province administrator never sees another
/// province's figures — in pages, the API or exports (xlsx and PDF); the public page shows aggregates only.
/// </summary>
public partial class DashboardScopeTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    private static readonly string[] KalselNames = ["Kalimantan Selatan", "Tanah Laut", "Kotabaru", "Banjarmasin", "Banjarbaru", "Hulu Sungai", "Tabalong", "Balangan"];

    private static bool Refused(HttpResponseMessage r) =>
        r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/Account/AccessDenied");

    [Fact]
    public async Task An_operator_sees_only_their_regency_in_the_page_api_and_exports()
    {
        var op = await app.ClientForAsync(Roles.Operator, "63.01");

        var doc = new HtmlParser().ParseDocument(await op.GetStringAsync("/Dashboard"));
        doc.QuerySelectorAll("#region-figures tbody tr").Select(tr => tr.GetAttribute("data-region")).ShouldBe(["63.01"]);
        doc.QuerySelector("#map").ShouldBeNull("a single regency has no map of regions to colour");
        var api = await op.GetStringAsync("/api/v1/dashboard");
        api.ShouldContain("\"63.01\"");
        api.ShouldNotContain("\"63.02\"");

        foreach (var url in new[]
                 {
                     "/Dashboard?region=63", "/Dashboard?region=63.02", "/Dashboard?region=ID", "/api/v1/dashboard?region=63", "/api/v1/dashboard?region=63.02",
                     "/Dashboard/Export?region=63&format=xlsx", "/Dashboard/Export?region=63.02&format=xlsx", "/Planning?region=63&target=10",
                     "/Planning/Export?region=63&target=10&format=xlsx", "/Planning/Budget?region=63", "/Dashboard/Targets?region=63",
                 })
        {
            Refused(await op.GetAsync(url)).ShouldBeTrue(url);
        }

        var xlsx = await op.GetAsync("/Dashboard/Export?format=xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = XlsxText(await xlsx.Content.ReadAsByteArrayAsync());
        text.ShouldContain("Tanah Laut");
        text.ShouldNotContain("Kotabaru");
        text.ShouldNotContain("Banjarmasin");
    }

    [Fact]
    public async Task A_province_administrator_never_sees_another_provinces_figures()
    {
        var kaltim = await app.ClientForAsync(Roles.AdminProvinsi, "64");

        var page = await kaltim.GetStringAsync("/Dashboard");
        page.ShouldContain("Kalimantan Timur");
        foreach (var name in KalselNames) page.ShouldNotContain(name);
        var api = await kaltim.GetStringAsync("/api/v1/dashboard");
        api.ShouldNotContain("\"63");
        var ownXlsx = XlsxText(await kaltim.GetByteArrayAsync("/Dashboard/Export?format=xlsx"));
        ownXlsx.ShouldContain("Kalimantan Timur");
        foreach (var name in KalselNames) ownXlsx.ShouldNotContain(name);
        var plan = await kaltim.GetStringAsync("/Planning?target=20");
        foreach (var name in KalselNames) plan.ShouldNotContain(name);

        foreach (var url in new[]
                 {
                     "/Dashboard?region=63", "/Dashboard?region=63.01", "/Dashboard?region=ID",
                     "/api/v1/dashboard?region=63", "/api/v1/dashboard?region=63.01", "/api/v1/dashboard?region=ID",
                     "/Dashboard/Export?region=63&format=xlsx", "/Dashboard/Export?region=63.01&format=pdf", "/Dashboard/Export?region=ID&format=xlsx",
                     "/Planning?region=63&target=10", "/Planning/Export?region=63&target=10&format=xlsx", "/Planning/Export?region=ID&target=10&format=pdf",
                     "/Planning/Budget?region=63", "/Dashboard/Targets?region=63",
                 })
        {
            Refused(await kaltim.GetAsync(url)).ShouldBeTrue(url);
        }

        // Writing is refused too: a target or a budget line for Kalsel from Kaltim's administrator is not stored.
        await kaltim.PostFormAsync("/Dashboard/Targets?region=63", new() { ["Input.RegionCode"] = "63", ["Input.Year"] = "2030", ["Input.Kind"] = "AdditionalCertified", ["Input.Value"] = "5" }, "/Dashboard/Targets");
        await kaltim.PostFormAsync("/Dashboard/Targets", new() { ["Input.RegionCode"] = "63.01", ["Input.Year"] = "2030", ["Input.Kind"] = "AdditionalCertified", ["Input.Value"] = "5" });
        (await app.WithDbAsync(db => db.CertificationTargets.CountAsync(t => t.RegionCode.StartsWith("63") && t.Year == 2030))).ShouldBe(0);
        await kaltim.PostFormAsync("/Planning/Budget?region=63&handler=Line", new() { ["Line.FundingSource"] = "apbd-provinsi", ["Line.Amount"] = "1000" }, "/Planning/Budget");
        (await app.WithDbAsync(db => db.BudgetAllocations.CountAsync(b => b.ProvinceCode == "63"))).ShouldBe(0);
    }

    [Fact]
    public async Task The_national_administrator_sees_every_province_and_the_province_exports_match_the_api()
    {
        var national = await app.ClientForAsync(Roles.AdminNasional, null);
        var doc = new HtmlParser().ParseDocument(await national.GetStringAsync("/Dashboard"));
        doc.QuerySelectorAll("#region-figures tbody tr").Length.ShouldBe(38);
        (await national.GetAsync("/Dashboard?region=64")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await national.GetAsync("/Planning?region=ID&target=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await national.GetAsync("/Planning/Budget?region=ID")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await national.GetAsync("/Planning/Budget?region=63")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await national.GetAsync("/Dashboard/Export?region=ID&format=xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var xlsx = XlsxText(await admin.GetByteArrayAsync("/Dashboard/Export?format=xlsx"));
        xlsx.ShouldContain("Kabupaten Tanah Laut");
        xlsx.ShouldNotContain("Kalimantan Timur");
        xlsx.ShouldNotContain("Paser");
    }

    [Fact]
    public async Task Reports_come_as_pdf_through_chromium()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        foreach (var url in new[] { "/Dashboard/Export?format=pdf", "/Planning/Export?format=pdf&target=50" })
        {
            var response = await admin.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
            bytes.Length.ShouldBeGreaterThan(5_000);
        }
        var planXlsx = XlsxText(await admin.GetByteArrayAsync("/Planning/Export?format=xlsx&target=50&budget=100500000&fee=2000000&workshop=1500000&mentors=3&capacity=10&rounds=1&pass=80"));
        planXlsx.ShouldContain("Rp 120 juta lagi");
        planXlsx.ShouldContain("Asumsi");
    }

    [Fact]
    public async Task The_public_statistics_page_shows_aggregates_and_no_personal_data()
    {
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/statistik/63");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelectorAll("#public-figures tbody tr").Length.ShouldBe(13);
        doc.QuerySelector("[data-stat=staff]")!.TextContent.Trim().ShouldBe(app.People63.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("id-ID")));

        var people = await app.WithDbAsync(db => db.People.Where(p => p.ProvinceCode == "63").Select(p => p.FullName).ToListAsync());
        var mentors = await app.WithDbAsync(db => db.Mentors.Select(m => m.Name).ToListAsync());
        var text = doc.Body!.TextContent + doc.QuerySelector("#dashboard-data")!.TextContent;
        people.Where(n => n.Length > 12).Take(300).ShouldAllBe(n => !text.Contains(n));
        mentors.ShouldAllBe(n => !text.Contains(n));
        NikLike().IsMatch(html).ShouldBeFalse("no NIK or NIP on the public page");
        (await anonymous.GetAsync("/statistik")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/statistik/99")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync("/api/v1/dashboard?region=63")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/Dashboard")).Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [GeneratedRegex(@"\b\d{16,18}\b")]
    private static partial Regex NikLike();

    private static string XlsxText(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return string.Join("\n", doc.WorkbookPart!.WorksheetParts.Select(p => p.Worksheet.InnerText));
    }
}

/// <summary>The public pages answer 429 with a message in Indonesian once an address asks too often.</summary>
public class StatisticsRateLimitTests(StatisticsRateLimitTests.Factory app) : IClassFixture<StatisticsRateLimitTests.Factory>
{
    public sealed class Factory : KompetenFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Kompeten:PublicRequestsPerMinute", "5");
        }
    }

    [Fact]
    public async Task The_public_statistics_are_rate_limited()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await client.GetAsync(i % 2 == 0 ? "/statistik" : "/peta/63.geojson")).StatusCode);
        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        var refused = await client.GetAsync("/statistik/63");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Terlalu banyak permintaan");
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
    }
}
