using System.Net;
using AngleSharp.Html.Parser;
using Dapper;
using Kompeten.Tests.Dashboard;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Planning;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Tests.Planning;

/// <summary>Budget and planner pages on the generated Kalsel data: figures from the data, defaults, and the one-step draft allocation.</summary>
public class PlanningPagesTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    [Fact]
    public async Task Budget_commitments_are_the_fee_times_the_province_funded_candidates_and_remain_against_the_pagu()
    {
        var year = app.Today.Year;
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Planning/Budget?region=63&year={year}";
        (await admin.PostFormAsync(url + "&handler=Costs", new() { ["Costs.FeePerCandidate"] = "2000000", ["Costs.CostPerWorkshopParticipant"] = "1500000" }, url))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync(url + "&handler=Line", new() { ["Line.FundingSource"] = FundingSources.ApbdProvinsi, ["Line.Amount"] = "300000000", ["Line.Menu"] = "Sertifikasi pustakawan" }, url))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sittings = await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM application_events e JOIN applications a ON a.id = e.application_id
            WHERE a.province_code = '63' AND a.province_funded AND e.action LIKE 'result-%' AND e.at >= @from AND e.at < @to
            """, new { from, to = from.AddYears(1) });
        var open = await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM applications a LEFT JOIN assessment_events ev ON ev.id = a.assessment_event_id
            WHERE a.province_code = '63' AND a.province_funded AND a.status NOT IN ('Certified', 'Withdrawn', 'NotYetCompetent')
              AND coalesce(date_part('year', ev.start_date), date_part('year', a.created_at AT TIME ZONE 'UTC')) = @year
            """, new { year });
        (sittings + open).ShouldBeGreaterThan(0, "the generator funds part of this year's candidates");

        var doc = new HtmlParser().ParseDocument(await admin.GetStringAsync(url));
        var row = doc.QuerySelector($"#budget-sources tr[data-source={FundingSources.ApbdProvinsi}]")!;
        var committed = (sittings + open) * 2_000_000m;
        row.QuerySelector("[data-col=allocated]")!.TextContent.ShouldBe(Rupiah.Full(300_000_000));
        row.QuerySelector("[data-col=certification]")!.TextContent.ShouldBe(Rupiah.Full(committed));
        row.QuerySelector("[data-col=realised]")!.TextContent.ShouldBe(Rupiah.Full(sittings * 2_000_000m));
        row.QuerySelector("[data-col=remaining]")!.TextContent.ShouldBe(Rupiah.Full(300_000_000 - committed));
    }

    [Fact]
    public async Task The_planner_takes_its_defaults_from_the_data_and_saves_the_recommended_quotas_as_a_draft_in_one_step()
    {
        var year = app.Today.Year;
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var query = $"region=63&kind=AdditionalCertified&target=50&targetYear={year}&start={year}&achieved=0&budget=100500000&fee=2000000&workshop=1500000&share=100&mentors=3&capacity=10&rounds=1&pass=80&seats=100";
        var doc = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Planning?" + query));
        doc.QuerySelector("#verdict")!.TextContent.ShouldContain($"tidak tercapai pada {year}");
        doc.QuerySelectorAll("#missing li").Select(li => li.TextContent).ShouldContain(t => t.StartsWith("Rp 120 juta lagi"));
        doc.QuerySelectorAll("#missing li").Select(li => li.TextContent).ShouldContain(t => t.StartsWith("4 pendamping lagi"));
        doc.QuerySelectorAll("#plan-quotas tbody tr").Length.ShouldBe(13);
        doc.QuerySelectorAll("#plan-quotas [data-col=batch]").Sum(td => int.Parse(td.TextContent)).ShouldBe(100);

        var response = await admin.PostFormAsync($"/Planning?handler=Apply&{query}", new() { ["kind"] = nameof(AllocationKind.WorkshopSeats) }, "/Planning?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await app.WithDbAsync(db => db.QuotaAllocations.Include(a => a.Lines).SingleAsync(a => a.RegionCode == "63" && a.Kind == AllocationKind.WorkshopSeats));
        saved.Total.ShouldBe(100);
        saved.Lines.Sum(l => l.Seats).ShouldBe(100);
        saved.Lines.ShouldAllBe(l => l.RegionCode.StartsWith("63."));
        saved.Basis.ShouldContain("Biaya per kandidat Rp 3.500.000");

        // Defaults alone: the page still computes once a target exists, from the registry's own figures.
        var defaults = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Planning?region=63&target=50"));
        defaults.QuerySelector("#assumptions")!.TextContent.ShouldContain("Pendamping aktif di wilayah ini");
        defaults.QuerySelector("#assumptions")!.TextContent.ShouldContain("kesempatan uji");
    }

    [Fact]
    public async Task Only_administrators_save_drafts_and_an_operator_plans_only_their_regency()
    {
        var leader = await app.ClientForAsync(Roles.Pimpinan, "63");
        var query = "region=63&target=50";
        (await leader.GetAsync("/Planning?" + query)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await leader.PostFormAsync($"/Planning?handler=Apply&{query}", new() { ["kind"] = "WorkshopSeats" }, "/Planning?" + query);
        refused.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        (await app.WithDbAsync(db => db.QuotaAllocations.CountAsync(a => a.CreatedBy.StartsWith("pimpinan")))).ShouldBe(0);

        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        (await op.GetAsync("/Planning?region=63&target=5")).Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
        var own = new HtmlParser().ParseDocument(await op.GetStringAsync("/Planning?target=5"));
        own.QuerySelectorAll("#plan-quotas tbody tr").Select(tr => tr.GetAttribute("data-region")).ShouldBe(["63.01"]);
        own.QuerySelector("#apply-batch").ShouldBeNull();
    }
}
