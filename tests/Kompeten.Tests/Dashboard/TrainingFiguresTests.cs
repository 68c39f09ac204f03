using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Dapper;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Features.Planning;
using Npgsql;

namespace Kompeten.Tests.Dashboard;

/// <summary>Training figures of the dashboard and budget against SQL written independently on the generated workshop history.</summary>
public class TrainingFiguresTests(DashboardDataset app) : IClassFixture<DashboardDataset>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private object Args => new { today = app.Today.ToDateTime(TimeOnly.MinValue), yearAgo = app.Today.AddMonths(-12).ToDateTime(TimeOnly.MinValue) };

    private async Task<DashboardData> ApiAsync(HttpClient client, string region)
    {
        var response = await client.GetAsync($"/api/v1/dashboard?region={region}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<DashboardData>(Json))!;
    }

    [Fact]
    public async Task Trained_people_per_regency_equal_an_independent_count_of_approved_participants_who_met_the_attendance_rule_of_an_ended_batch()
    {
        var d = await ApiAsync(await app.ClientForAsync(Roles.AdminProvinsi, "63"), "63");
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var expected = (await conn.QueryAsync<(string Code, long Recent, long Ever)>("""
            SELECT p.regency_code,
                   count(DISTINCT p.id) FILTER (WHERE b.end_date >= @yearAgo::date),
                   count(DISTINCT p.id)
            FROM people p
            JOIN participants pa ON pa.person_id = p.id
            JOIN batches b ON b.id = pa.batch_id
            WHERE p.province_code = '63' AND pa.status = 3 AND b.status <> 5 AND b.end_date < @today::date
              AND EXISTS (SELECT 1 FROM sessions s WHERE s.batch_id = b.id)
              AND (SELECT count(*) FROM attendance_scans a JOIN sessions s ON s.id = a.session_id WHERE a.participant_id = pa.id AND s.batch_id = b.id)::numeric
                  / nullif((SELECT count(*) FROM sessions s WHERE s.batch_id = b.id), 0) >= b.attendance_rule_percent / 100.0
            GROUP BY 1
            """, Args)).ToDictionary(r => r.Code, r => (Recent: (int)r.Recent, Ever: (int)r.Ever));

        expected.Values.Sum(v => v.Ever).ShouldBeGreaterThan(expected.Values.Sum(v => v.Recent), "the dataset has batches older than 12 months");
        expected.Values.Sum(v => v.Recent).ShouldBeGreaterThan(0);
        d.Training.Available.ShouldBeTrue();
        foreach (var row in d.Rows)
        {
            var e = expected.GetValueOrDefault(row.Code);
            row.Trained.ShouldNotBeNull();
            (row.Code, row.Trained.Last12Months, row.Trained.Ever).ShouldBe((row.Code, e.Recent, e.Ever));
        }
        d.Total.Trained!.Ever.ShouldBe(expected.Values.Sum(v => v.Ever));

        // The page shows the same numbers in the column that used to say "belum tersedia".
        var doc = new HtmlParser().ParseDocument(await (await app.ClientForAsync(Roles.AdminProvinsi, "63")).GetStringAsync("/Dashboard?region=63"));
        var first = d.Rows.First(r => r.Trained!.Ever > 0);
        doc.QuerySelector($"#region-figures tr[data-region='{first.Code}'] [data-col=trained]")!.TextContent.Trim()
            .ShouldBe($"{first.Trained!.Last12Months:N0} / {first.Trained.Ever:N0}".Replace(",", "."));
        doc.QuerySelector("#gain-unavailable").ShouldBeNull();
    }

    [Fact]
    public async Task Learning_gain_per_batch_is_mean_post_minus_mean_pre_of_approved_participants_with_both_scores()
    {
        var d = await ApiAsync(await app.ClientForAsync(Roles.AdminProvinsi, "63"), "63");
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var expected = (await conn.QueryAsync<(int BatchId, long N, decimal Pre, decimal Post)>("""
            SELECT pa.batch_id, count(*), avg(pre.score), avg(post.score)
            FROM participants pa
            JOIN people p ON p.id = pa.person_id AND p.province_code = '63'
            JOIN batches b ON b.id = pa.batch_id AND b.status <> 5
            JOIN test_submissions pre ON pre.participant_id = pa.id AND pre.kind = 1
            JOIN test_submissions post ON post.participant_id = pa.id AND post.kind = 2
            WHERE pa.status = 3
            GROUP BY 1
            """)).ToDictionary(r => r.BatchId);

        expected.Count.ShouldBeGreaterThan(3);
        d.Training.Batches.Select(b => b.BatchId).Order().ShouldBe(expected.Keys.Order());
        foreach (var b in d.Training.Batches)
        {
            var e = expected[b.BatchId];
            b.Participants.ShouldBe((int)e.N);
            b.PreTest.ShouldBe((double)e.Pre, 1e-6);
            b.PostTest.ShouldBe((double)e.Post, 1e-6);
            b.Gain.ShouldBe((double)(e.Post - e.Pre), 1e-6);
        }

        // Kaltim's batches never reach a Kalsel dashboard.
        var kaltim = await conn.QueryAsync<int>("SELECT id FROM batches WHERE province_code = '64'");
        d.Training.Batches.Select(b => b.BatchId).Intersect(kaltim).ShouldBeEmpty();
    }

    [Fact]
    public async Task Batch_commitments_in_the_budget_equal_the_rab_totals_of_the_year_by_funding_source()
    {
        var year = app.Today.Year;
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var rab = await conn.ExecuteScalarAsync<decimal>("""
            SELECT sum(l.volume * l.unit_cost) FROM budget_lines l JOIN programmes g ON g.id = l.programme_id
            WHERE g.province_code = '63' AND g.year = @year AND g.funding = 1 AND l.kind = 1
            """, new { year });
        var realised = await conn.ExecuteScalarAsync<decimal>("""
            SELECT sum(l.volume * l.unit_cost) FROM budget_lines l JOIN programmes g ON g.id = l.programme_id
            WHERE g.province_code = '63' AND g.year = @year AND g.funding = 1 AND l.kind = 2
            """, new { year });
        rab.ShouldBeGreaterThan(0);

        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var doc = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/Planning/Budget?region=63&year={year}"));
        var row = doc.QuerySelector($"#budget-sources tr[data-source={FundingSources.DakNonFisik}]")!;
        row.QuerySelector("[data-col=batch]")!.TextContent.ShouldBe(Rupiah.Full(rab));
        row.QuerySelector("[data-col=realised]")!.TextContent.ShouldBe(Rupiah.Full(realised));
        row.QuerySelector("[data-col=remaining]")!.TextContent.ShouldBe(Rupiah.Full(-rab));
    }
}
