using System.Data.Common;
using Dapper;
using Kompeten.Web.Features.Planning;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>Learning gain of one workshop batch: mean pre-test and post-test scores (0–100).</summary>
public sealed record BatchGain(string BatchName, int Participants, double PreTest, double PostTest, int BatchId = 0)
{
    public double Gain => PostTest - PreTest;
}

/// <summary>Workshop spending of a year from one funding source (a <see cref="FundingSources"/> code): the programmes' RAB (committed) and their realisation lines.</summary>
public sealed record BatchBudget(int Year, string FundingSource, decimal Committed, decimal Realised);

/// <summary>People trained in a region: in the last 12 months and ever.</summary>
public sealed record TrainedCount(int Last12Months, int Ever);

/// <summary>
/// The training figures the dashboard, budget and planner show: trained people per region (keyed
/// like the dashboard rows), learning gain per batch, and workshop spending per year and source.
/// <para>
/// <b>Trained</b> (one definition, used by the dashboard, exports, API and planner): a person is
/// trained by a batch when they were an <i>approved</i> participant of a batch that is not cancelled
/// and has ended (end date before today), and their attendance met the batch's attendance rule —
/// sessions attended × 100 ≥ rule % × sessions of the batch, with at least one session (the same
/// rule <c>AttendanceBook.MeetsRule</c> applies before certificates of attendance are issued; the
/// certificate itself is not required, so a batch whose certificates are not yet issued still counts).
/// A person counts once however many batches they attended; "last 12 months" = such a batch ended
/// on or after today − 12 months. People are placed by their current region in the registry (the
/// same as "staff"), so a person's row never depends on where the batch was held.
/// </para>
/// <para>
/// <b>Learning gain</b> of a batch = mean post-test − mean pre-test over its approved participants
/// in the area who have both scores (the same people on both sides, so it equals their mean gain);
/// batches without such participants are left out; the 30 most recent batches are shown.
/// </para>
/// <para>
/// <b>Budget</b>: per programme year and funding source, the sum of the RAB lines (committed) and of
/// the realisation lines of the area's programmes (programmes are provincial: a regency area has none).
/// </para>
/// Scope is enforced in SQL: every statement filters by the area's province/regency parameters.
/// </summary>
public sealed record TrainingFigures(
    bool Available,
    IReadOnlyDictionary<string, TrainedCount> TrainedByRegion,
    IReadOnlyList<BatchGain> Batches,
    IReadOnlyList<BatchBudget> BatchBudgets)
{

    /// <summary>Most recent batches shown in the learning-gain chart.</summary>
    public const int ChartBatches = 30;

    public TrainedCount? For(string regionCode) => Available ? TrainedByRegion.GetValueOrDefault(regionCode, new TrainedCount(0, 0)) : null;

    /// <summary>The SQL of the trained people per region, for reading and for the tests' comparison.</summary>
    public static string TrainedSql(DashboardLevel level)
    {
        var (group, people) = Fragments(level);
        return $"""
            WITH sessions_per_batch AS (SELECT batch_id, count(*) AS n FROM sessions GROUP BY batch_id),
                 trained AS (
                     SELECT pa.person_id, max(b.end_date) AS last_end
                     FROM people p
                     JOIN participants pa ON pa.person_id = p.id AND pa.status = 3
                     JOIN batches b ON b.id = pa.batch_id AND b.status <> 5 AND b.end_date < @today
                     JOIN sessions_per_batch sb ON sb.batch_id = b.id AND sb.n > 0
                     WHERE {people}
                       AND (SELECT count(*) FROM attendance_scans s WHERE s.participant_id = pa.id) * 100 >= b.attendance_rule_percent * sb.n
                     GROUP BY pa.person_id)
            SELECT p.{group} AS Code,
                   count(*) FILTER (WHERE t.last_end >= @yearAgo)::int AS Last12Months,
                   count(*)::int AS Ever
            FROM trained t JOIN people p ON p.id = t.person_id
            WHERE {people}
            GROUP BY 1;
            """;
    }

    private static (string Group, string People) Fragments(DashboardLevel level) => level switch
    {
        DashboardLevel.National => ("province_code", "TRUE"),
        DashboardLevel.Province => ("regency_code", "p.province_code = @province"),
        _ => ("regency_code", "p.province_code = @province AND p.regency_code = @regency"),
    };

    private static string Sql(DashboardLevel level)
    {
        var (_, people) = Fragments(level);
        var programmes = level switch
        {
            DashboardLevel.National => "TRUE",
            DashboardLevel.Province => "g.province_code = @province",
            _ => "FALSE",
        };
        return $"""
            {TrainedSql(level)}

            WITH scored AS (
                SELECT pa.batch_id, pre.score AS pre, post.score AS post
                FROM people p
                JOIN participants pa ON pa.person_id = p.id AND pa.status = 3
                JOIN test_submissions pre ON pre.participant_id = pa.id AND pre.kind = 1
                JOIN test_submissions post ON post.participant_id = pa.id AND post.kind = 2
                WHERE {people})
            SELECT b.id AS BatchId, b.number AS Number, g.name AS Programme, g.year AS Year, b.start_date AS StartDate,
                   count(*)::int AS Participants, avg(s.pre)::float8 AS PreTest, avg(s.post)::float8 AS PostTest
            FROM scored s JOIN batches b ON b.id = s.batch_id AND b.status <> 5 JOIN programmes g ON g.id = b.programme_id
            GROUP BY b.id, b.number, g.name, g.year, b.start_date
            ORDER BY b.start_date DESC, b.id DESC
            LIMIT {ChartBatches};

            SELECT g.year AS Year, g.funding AS Funding,
                   coalesce(sum(l.total) FILTER (WHERE l.kind = 1), 0) AS Committed,
                   coalesce(sum(l.total) FILTER (WHERE l.kind = 2), 0) AS Realised
            FROM programmes g JOIN budget_lines l ON l.programme_id = g.id
            WHERE {programmes}
            GROUP BY 1, 2
            ORDER BY 1, 2;
            """;
    }

    private static readonly Dictionary<DashboardLevel, string> SqlByLevel = Enum.GetValues<DashboardLevel>().ToDictionary(l => l, Sql);

    /// <summary>The one place that reads training data for the dashboard, budget and planner, always within <paramref name="area"/>.</summary>
    public static async Task<TrainingFigures> LoadAsync(DbConnection connection, DashboardArea area, DateOnly today, CancellationToken ct = default)
    {
        var args = new DynamicParameters();
        args.Add("province", area.ProvinceCode);
        args.Add("regency", area.RegencyCode);
        args.Add("today", today.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        args.Add("yearAgo", today.AddMonths(-12).ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(SqlByLevel[area.Level], args, cancellationToken: ct));
        var trained = (await grid.ReadAsync<(string Code, int Last12Months, int Ever)>())
            .ToDictionary(r => r.Code, r => new TrainedCount(r.Last12Months, r.Ever));
        var batches = (await grid.ReadAsync<(int BatchId, int Number, string Programme, int Year, DateTime StartDate, int Participants, double PreTest, double PostTest)>())
            .OrderBy(b => b.StartDate).ThenBy(b => b.BatchId)
            .Select(b => new BatchGain($"{Training.Batch.Roman(b.Number)}/{b.Year} {b.Programme}", b.Participants, b.PreTest, b.PostTest, b.BatchId))
            .ToList();
        var budgets = (await grid.ReadAsync<(int Year, int Funding, decimal Committed, decimal Realised)>())
            .Select(b => new BatchBudget(b.Year, FundingSources.Of((Training.FundingSource)b.Funding), b.Committed, b.Realised))
            .ToList();
        return new TrainingFigures(true, trained, batches, budgets);
    }
}
