using System.Net;
using System.Net.Http.Json;
using Kompeten.Tests.Support;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Dapper;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Features.Home;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Tests.Dashboard;

/// <summary>
/// The dashboard's figures against counts written independently (other SQL formulations, the EF
/// summary of the home page, the recorded history of results) on a generated two-province dataset.
/// </summary>
public class DashboardFiguresTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<DashboardData> ApiAsync(HttpClient client, string region, int? year = null)
    {
        var response = await client.GetAsync($"/api/v1/dashboard?region={region}{(year is null ? "" : $"&year={year}")}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DashboardData>(Json))!;
    }

    private async Task<Dictionary<string, int>> CountsAsync(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var rows = await conn.QueryAsync<(string Code, long N)>(sql, args);
        return rows.ToDictionary(r => r.Code, r => (int)r.N);
    }

    private object Args => new { today = app.Today.ToDateTime(TimeOnly.MinValue), until = app.Today.AddDays(180).ToDateTime(TimeOnly.MinValue) };

    [Fact]
    public async Task Province_figures_per_regency_equal_independent_sql_counts()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var d = await ApiAsync(client, "63");

        d.Rows.Count.ShouldBe(13);
        var staff = await CountsAsync("SELECT regency_code, count(*) FROM people WHERE province_code = '63' GROUP BY 1");
        var certified = await CountsAsync("""
            SELECT p.regency_code, count(DISTINCT p.id) FROM people p JOIN certificates c ON c.person_id = p.id
            WHERE p.province_code = '63' AND c.revoked_at IS NULL AND c.valid_until >= @today::date GROUP BY 1
            """, Args);
        // Expiring: certified today, and no valid certificate reaches beyond the 180-day window.
        var expiring = await CountsAsync("""
            SELECT p.regency_code, count(*) FROM people p
            WHERE p.province_code = '63'
              AND EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.revoked_at IS NULL AND c.valid_until >= @today::date)
              AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.revoked_at IS NULL AND c.valid_until > @until::date)
            GROUP BY 1
            """, Args);

        staff.Values.Sum().ShouldBe(app.People63);
        certified.Values.Sum().ShouldBeGreaterThan(30);
        expiring.Values.Sum().ShouldBeGreaterThan(0, "the generator makes some certificates fall due within 180 days");
        foreach (var r in d.Rows)
        {
            r.Staff.ShouldBe(staff.GetValueOrDefault(r.Code), r.Code);
            r.Certified.ShouldBe(certified.GetValueOrDefault(r.Code), r.Code);
            r.Expiring.ShouldBe(expiring.GetValueOrDefault(r.Code), r.Code);
            r.PercentCertified.ShouldBe(r.Staff == 0 ? 0 : 100.0 * certified.GetValueOrDefault(r.Code) / staff[r.Code], 1e-9, r.Code);
        }
        d.Total.Staff.ShouldBe(app.People63);
        d.Total.Certified.ShouldBe(certified.Values.Sum());

        // A third formulation: the home page's EF summary counts the same certified people.
        var home = await app.WithDbAsync(db => RegencySummary.LoadAsync(db, new UserScope(ScopeLevel.Province, "63", null), app.Today));
        foreach (var h in home) d.Rows.Single(r => r.Code == h.Code).Certified.ShouldBe(h.Certified);
    }

    [Fact]
    public async Task Pipeline_stages_per_regency_equal_counts_of_open_applications()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var d = await ApiAsync(client, "63");
        var expected = new Dictionary<(string, string), int>();
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            foreach (var (code, status, n) in await conn.QueryAsync<(string, string, long)>("SELECT regency_code, status, count(*) FROM applications WHERE province_code = '63' GROUP BY 1, 2"))
            {
                expected[(code, status)] = (int)n;
            }
        }
        var seen = new HashSet<string>();
        foreach (var r in d.Rows)
        {
            foreach (var s in StageCounts.Open)
            {
                r.Stages[s].ShouldBe(expected.GetValueOrDefault((r.Code, s.ToString())), $"{r.Code} {s}");
                if (r.Stages[s] > 0) seen.Add(s.ToString());
            }
        }
        seen.Count.ShouldBe(StageCounts.Open.Length, "the dataset has applications at every open stage");
        d.Total.Stages.InPipeline.ShouldBe(expected.Where(kv => kv.Key.Item2 is not ("Certified" or "Withdrawn")).Sum(kv => kv.Value));
    }

    [Fact]
    public async Task Pass_rate_per_scheme_equals_the_recorded_results()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var d = await ApiAsync(client, "63");
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var recorded = (await conn.QueryAsync<(int SchemeId, long Passed, long Failed)>("""
            SELECT a.scheme_id, count(*) FILTER (WHERE e.action = 'result-competent'), count(*) FILTER (WHERE e.action = 'result-not-yet')
            FROM application_events e JOIN applications a ON a.id = e.application_id
            WHERE a.province_code = '63' AND e.action IN ('result-competent', 'result-not-yet')
            GROUP BY 1
            """)).ToDictionary(r => r.SchemeId);
        d.PassRates.Count.ShouldBe(recorded.Count);
        recorded.Values.Sum(r => r.Failed).ShouldBeGreaterThan(0);
        foreach (var p in d.PassRates)
        {
            p.Passed.ShouldBe((int)recorded[p.SchemeId].Passed, p.Scheme);
            p.Failed.ShouldBe((int)recorded[p.SchemeId].Failed, p.Scheme);
        }
    }

    [Fact]
    public async Task Newly_certified_and_the_target_progress_follow_the_year()
    {
        var year = app.Today.Year - 2;
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var response = await admin.PostFormAsync("/Dashboard/Targets?region=63", new()
        {
            ["Input.RegionCode"] = "63", ["Input.Year"] = year.ToString(), ["Input.Kind"] = nameof(TargetKind.AdditionalCertified), ["Input.Value"] = "50",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var d = await ApiAsync(admin, "63", year);
        var newly = await CountsAsync("""
            SELECT p.regency_code, count(*) FROM people p
            WHERE p.province_code = '63'
              AND (SELECT min(c.issued_on) FROM certificates c WHERE c.person_id = p.id AND c.revoked_at IS NULL) BETWEEN make_date(@year, 1, 1) AND make_date(@year, 12, 31)
            GROUP BY 1
            """, new { year });
        foreach (var r in d.Rows) r.NewlyCertifiedThisYear.ShouldBe(newly.GetValueOrDefault(r.Code), r.Code);
        d.Total.Target.ShouldNotBeNull();
        d.Total.Target!.Value.ShouldBe(50);
        d.Total.Target.Achieved.ShouldBe(newly.Values.Sum());
    }

    [Fact]
    public async Task National_view_has_one_row_per_province_with_the_provinces_totals()
    {
        var client = await app.ClientForAsync(Roles.AdminNasional, null);
        var d = await ApiAsync(client, "ID");
        d.Rows.Count.ShouldBe(38);
        var staff = await CountsAsync("SELECT province_code, count(*) FROM people GROUP BY 1");
        var certified = await CountsAsync("""
            SELECT p.province_code, count(DISTINCT p.id) FROM people p JOIN certificates c ON c.person_id = p.id
            WHERE c.revoked_at IS NULL AND c.valid_until >= @today::date GROUP BY 1
            """, Args);
        foreach (var r in d.Rows)
        {
            r.Staff.ShouldBe(staff.GetValueOrDefault(r.Code), r.Code);
            r.Certified.ShouldBe(certified.GetValueOrDefault(r.Code), r.Code);
        }
        var province = await ApiAsync(client, "63");
        var kalsel = d.Rows.Single(r => r.Code == "63");
        kalsel.Staff.ShouldBe(province.Total.Staff);
        kalsel.Certified.ShouldBe(province.Total.Certified);
        kalsel.Expiring.ShouldBe(province.Total.Expiring);
        kalsel.Stages.ShouldBe(province.Total.Stages);
    }

    [Fact]
    public async Task The_page_shows_the_same_figures_as_the_api_with_a_map_of_the_regencies()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var d = await ApiAsync(client, "63");
        var html = await client.GetStringAsync("/Dashboard");
        var doc = new HtmlParser().ParseDocument(html);
        doc.QuerySelector("h1")!.TextContent.ShouldContain("Kalimantan Selatan");
        doc.QuerySelector("#map").ShouldNotBeNull();
        var rows = doc.QuerySelectorAll("#region-figures tbody tr");
        rows.Length.ShouldBe(13);
        foreach (var tr in rows)
        {
            var r = d.Rows.Single(x => x.Code == tr.GetAttribute("data-region"));
            Number(tr.QuerySelector("[data-col=staff]")!.TextContent).ShouldBe(r.Staff);
            Number(tr.QuerySelector("[data-col=certified]")!.TextContent).ShouldBe(r.Certified);
            Number(tr.QuerySelector("[data-col=expiring]")!.TextContent).ShouldBe(r.Expiring);
            Number(tr.QuerySelector("[data-col=pipeline]")!.TextContent).ShouldBe(r.Stages.InPipeline);
        }

        var geo = JsonDocument.Parse(await client.GetStringAsync("/peta/63.geojson"));
        geo.RootElement.GetProperty("features").GetArrayLength().ShouldBe(13);
    }

    [Fact]
    public async Task A_regency_detail_shows_only_that_regency()
    {
        var client = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var province = await ApiAsync(client, "63");
        var detail = await ApiAsync(client, "63.03");
        detail.Area.Level.ShouldBe(DashboardLevel.Regency);
        detail.Rows.ShouldHaveSingleItem().Code.ShouldBe("63.03");
        detail.Total.Staff.ShouldBe(province.Rows.Single(r => r.Code == "63.03").Staff);
        detail.Total.Certified.ShouldBe(province.Rows.Single(r => r.Code == "63.03").Certified);
        var page = await client.GetAsync("/Dashboard?region=63.03");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("Kabupaten Banjar");
    }

    private static int Number(string text) => int.Parse(text.Trim().Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
