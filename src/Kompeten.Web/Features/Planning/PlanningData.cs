using Dapper;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kompeten.Web.Features.Planning;

/// <summary>The planner's starting point for an area, from the data: its regions and the defaults of every input.</summary>
public sealed record PlanningBasis(
    DashboardArea Area,
    DateOnly Today,
    IReadOnlyList<PlannerRegion> Regions,
    CertificationTarget? Target,
    int NewlyCertifiedThisYear,
    decimal? Budget,
    decimal? Fee,
    decimal? WorkshopCost,
    int Mentors,
    int MentorCapacity,
    double? PassRate,
    int Sittings,
    TrainingFigures Training,
    WorkshopRabCost? WorkshopCostFromRab = null);

/// <summary>Cost per workshop participant from the data: the RAB of the area's programmes of <paramref name="Year"/> ÷ the seats (capacity) of their batches.</summary>
public sealed record WorkshopRabCost(int Year, decimal Cost);

/// <summary>
/// Reads what the planner starts from. "Eligible" approximates the routes of
/// <see cref="Certification.Eligibility"/> in SQL: (a) D2 or higher in library science, or (c) at
/// least SLTA with two years since the start of library work — route (b) needs a training
/// certificate the registry does not hold yet; anyone with an open application counts as eligible.
/// </summary>
public sealed class PlanningData(NpgsqlDataSource dataSource, AppDbContext db, DashboardQuery dashboard)
{
    public async Task<PlanningBasis> LoadAsync(DashboardArea area, DateOnly today, int year, CancellationToken ct = default)
    {
        var (group, people, apps, regions, mentors) = area.Level switch
        {
            DashboardLevel.National => ("province_code", "TRUE", "TRUE", "level = 1", "m.active"),
            DashboardLevel.Province => ("regency_code", "p.province_code = @province", "province_code = @province", "level = 2 AND parent_code = @province",
                "m.active AND m.province_code = @province"),
            _ => ("regency_code", "p.province_code = @province AND p.regency_code = @regency", "province_code = @province AND regency_code = @regency",
                "code = @regency", "m.active AND m.province_code = @province AND (cardinality(m.regency_codes) = 0 OR @regency = ANY(m.regency_codes))"),
        };
        var budgetFilter = area.Level == DashboardLevel.National ? "TRUE" : "province_code = @province";
        var sql = $"""
            SELECT code AS Code, name AS Name FROM regions WHERE {regions} ORDER BY code;

            WITH valid AS (SELECT person_id FROM person_certifications WHERE last_valid_until >= @today),
                 open AS (SELECT person_id, max(CASE WHEN status IN ('Ready', 'Verified', 'Scheduled') THEN 2 ELSE 1 END) AS stage
                          FROM applications WHERE {apps} AND status NOT IN ('Certified', 'Withdrawn') GROUP BY person_id),
                 p AS (SELECT p.{group} AS code, v.person_id IS NOT NULL AS certified, o.stage,
                              (o.person_id IS NOT NULL
                               OR (p.education_level >= 5 AND p.library_science_education)
                               OR (p.education_level >= 3 AND p.library_work_start <= @twoYearsAgo)) AS eligible
                       FROM people p LEFT JOIN valid v ON v.person_id = p.id LEFT JOIN open o ON o.person_id = p.id
                       WHERE {people})
            SELECT code AS Code, count(*)::int AS Staff, count(*) FILTER (WHERE certified)::int AS Certified,
                   count(*) FILTER (WHERE NOT certified AND eligible)::int AS Eligible,
                   count(*) FILTER (WHERE NOT certified AND eligible AND stage = 1)::int AS InProgress,
                   count(*) FILTER (WHERE NOT certified AND eligible AND stage = 2)::int AS Ready
            FROM p GROUP BY 1;

            SELECT p.{group} AS Code, extract(year FROM p.last_valid_until)::int AS Year, count(*)::int AS Count
            FROM person_certifications p
            WHERE p.last_valid_until >= @today AND {people}
            GROUP BY 1, 2;

            SELECT count(*)::int AS Mentors, coalesce(round(avg(m.capacity)), 0)::int AS Capacity FROM mentors m WHERE {mentors};

            SELECT sum(amount) FROM budget_allocations WHERE year = @year AND {budgetFilter};

            SELECT avg(fee_per_candidate) AS Fee, avg(cost_per_workshop_participant) AS Workshop FROM cost_settings WHERE year = @year AND {budgetFilter};

            WITH rab AS (SELECT g.year, sum(l.total) AS total FROM programmes g JOIN budget_lines l ON l.programme_id = g.id
                         WHERE l.kind = 1 AND g.year <= @year AND {budgetFilter.Replace("province_code", "g.province_code", StringComparison.Ordinal)} GROUP BY 1),
                 seats AS (SELECT g.year, sum(b.capacity) AS seats FROM programmes g JOIN batches b ON b.programme_id = g.id
                           WHERE b.status <> 5 AND g.year <= @year AND {budgetFilter.Replace("province_code", "g.province_code", StringComparison.Ordinal)} GROUP BY 1)
            SELECT rab.year AS Year, round(rab.total / seats.seats, 2) AS Cost
            FROM rab JOIN seats ON seats.year = rab.year WHERE seats.seats > 0
            ORDER BY rab.year DESC LIMIT 1;
            """;
        var args = new DynamicParameters();
        args.Add("province", area.ProvinceCode);
        args.Add("regency", area.RegencyCode);
        args.Add("year", year);
        args.Add("today", today.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        args.Add("twoYearsAgo", today.AddYears(-2).ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);

        List<(string Code, string Name)> names;
        Dictionary<string, (int Staff, int Certified, int Eligible, int InProgress, int Ready)> counts;
        List<(string Code, int Year, int Count)> lapses;
        (int Mentors, int Capacity) pool;
        decimal? budget;
        (decimal? Fee, decimal? Workshop) costs;
        WorkshopRabCost? rabCost;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var grid = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct)))
        {
            names = (await grid.ReadAsync<(string, string)>()).ToList();
            counts = (await grid.ReadAsync<(string Code, int Staff, int Certified, int Eligible, int InProgress, int Ready)>())
                .ToDictionary(r => r.Code, r => (r.Staff, r.Certified, r.Eligible, r.InProgress, r.Ready));
            lapses = (await grid.ReadAsync<(string, int, int)>()).ToList();
            pool = await grid.ReadSingleAsync<(int, int)>();
            budget = await grid.ReadSingleAsync<decimal?>();
            costs = await grid.ReadSingleAsync<(decimal?, decimal?)>();
            rabCost = (await grid.ReadAsync<WorkshopRabCost>()).FirstOrDefault();
        }

        var regionsList = names.Select(n =>
        {
            var c = counts.GetValueOrDefault(n.Code);
            var lapsesByYear = lapses.Where(l => l.Code == n.Code).ToDictionary(l => l.Year, l => l.Count);
            return new PlannerRegion(n.Code, n.Name, c.Staff, c.Certified, c.Eligible, c.InProgress, c.Ready, lapsesByYear);
        }).ToList();

        var figures = await dashboard.LoadAsync(area, today, year, ct);
        var sittings = figures.PassRates.Sum(p => p.Sittings);
        var passRate = sittings == 0 ? (double?)null : (double)figures.PassRates.Sum(p => p.Passed) / sittings;
        // The area's target for the year planned, else its next one.
        var target = await db.CertificationTargets.AsNoTracking().Where(x => x.RegionCode == area.Code && x.Year >= year)
            .OrderBy(x => x.Year).FirstOrDefaultAsync(ct);
        return new PlanningBasis(area, today, regionsList, target, figures.Total.NewlyCertifiedThisYear, budget, costs.Fee, costs.Workshop,
            pool.Mentors, pool.Capacity, passRate, sittings, figures.Training, rabCost);
    }
}
