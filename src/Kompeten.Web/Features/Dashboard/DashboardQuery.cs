using Dapper;
using Kompeten.Web.Features.Certification;
using Npgsql;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>Open applications per stage (Certified and Withdrawn are finished, not in the pipeline).</summary>
public sealed record StageCounts(int Draft, int Submitted, int RevisionRequested, int Resubmitted, int Ready, int Verified, int Scheduled, int NotYetCompetent)
{
    public static readonly StageCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Every open application, from draft to awaiting a re-sit.</summary>
    public int InPipeline => Draft + Submitted + RevisionRequested + Resubmitted + Ready + Verified + Scheduled + NotYetCompetent;

    /// <summary>Marked ready by the mentor and not yet assessed: ready, verified, scheduled.</summary>
    public int ReadyForAssessment => Ready + Verified + Scheduled;

    /// <summary>With a mentor: submitted, revising, resubmitted.</summary>
    public int InMentoring => Submitted + RevisionRequested + Resubmitted;

    public int this[ApplicationStatus status] => status switch
    {
        ApplicationStatus.Draft => Draft,
        ApplicationStatus.Submitted => Submitted,
        ApplicationStatus.RevisionRequested => RevisionRequested,
        ApplicationStatus.Resubmitted => Resubmitted,
        ApplicationStatus.Ready => Ready,
        ApplicationStatus.Verified => Verified,
        ApplicationStatus.Scheduled => Scheduled,
        ApplicationStatus.NotYetCompetent => NotYetCompetent,
        _ => 0,
    };

    public static readonly ApplicationStatus[] Open =
    [
        ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.RevisionRequested, ApplicationStatus.Resubmitted,
        ApplicationStatus.Ready, ApplicationStatus.Verified, ApplicationStatus.Scheduled, ApplicationStatus.NotYetCompetent,
    ];

    public static StageCounts operator +(StageCounts a, StageCounts b) => new(
        a.Draft + b.Draft, a.Submitted + b.Submitted, a.RevisionRequested + b.RevisionRequested, a.Resubmitted + b.Resubmitted,
        a.Ready + b.Ready, a.Verified + b.Verified, a.Scheduled + b.Scheduled, a.NotYetCompetent + b.NotYetCompetent);
}

/// <summary>Progress against the year's target of a region.</summary>
public sealed record TargetProgress(TargetKind Kind, decimal Value, int Year, decimal Achieved)
{
    /// <summary>0..1 (capped) of the target reached.</summary>
    public double Share => Value <= 0 ? 1 : Math.Min(1, (double)(Achieved / Value));

    public bool Reached => Achieved >= Value;

    public string GoalText => Kind == TargetKind.AdditionalCertified ? $"+{Value:N0} pada {Year}" : $"{Value:0.#}% pada akhir {Year}";

    public string AchievedText => Kind == TargetKind.AdditionalCertified ? $"{Achieved:N0} dari {Value:N0}" : $"{Achieved:0.0}% dari {Value:0.#}%";
}

/// <summary>One row of the dashboard: a province (national view) or a regency/city.</summary>
public sealed record RegionFigures(
    string Code,
    string Name,
    int Staff,
    TrainedCount? Trained,
    StageCounts Stages,
    int Certified,
    int Expiring,
    int NewlyCertifiedThisYear,
    TargetProgress? Target)
{
    public double PercentCertified => Staff == 0 ? 0 : 100.0 * Certified / Staff;
}

public sealed record YearCount(int Year, int Count);

/// <summary>Assessment sittings per scheme: passed (Kompeten) and not yet (Belum Kompeten).</summary>
public sealed record SchemePassRate(int SchemeId, string Scheme, int Passed, int Failed)
{
    public int Sittings => Passed + Failed;
    public double? Rate => Sittings == 0 ? null : (double)Passed / Sittings;
}

/// <summary>A mentor (or, nationally, a province's mentors together): candidates being mentored against capacity.</summary>
public sealed record MentorLoadRow(string Name, int Mentors, int Capacity, int Active)
{
    public double Load => Capacity == 0 ? 0 : (double)Active / Capacity;
}

public sealed record DashboardData(
    DashboardArea Area,
    DateOnly Today,
    int Year,
    IReadOnlyList<RegionFigures> Rows,
    RegionFigures Total,
    IReadOnlyList<YearCount> CertifiedByYear,
    IReadOnlyList<SchemePassRate> PassRates,
    IReadOnlyList<MentorLoadRow> Mentors,
    TrainingFigures Training)
{
    public int ExpiringWithinDays => Certificate.ExpiringWithinDays;
}

/// <summary>
/// The dashboard's figures in one round trip (Dapper, multiple result sets) of small aggregates
/// over the maintained facts (<see cref="DashboardFacts"/>): at national scale (116,686 people, a
/// million rows of history) a request reads a few thousand rows instead of scanning all of them.
/// The area (resolved against the user's scope in <see cref="DashboardArea.Resolve"/>) is the only
/// filter and is always applied in SQL; the SQL text is built from fixed fragments only, values
/// travel as parameters.
/// Definitions (shown on screen too):
/// staff = people in the registry; certified = people with at least one certificate not revoked and
/// valid today; expiring = certified people whose last valid certificate ends within 180 days;
/// newly certified in the year = people whose first (non-revoked) certificate was issued that year;
/// stages = open applications by status; pass rate = sittings passed / sittings, where an
/// application's earlier failed sittings are its attempt − 1 (a re-sit only follows Belum Kompeten).
/// </summary>
public sealed class DashboardQuery(NpgsqlDataSource dataSource)
{
    /// <param name="Scope">Predicate on province_code/regency_code of dashboard_deltas (national: the province rows, regency_code '').</param>
    /// <param name="People">The same on person_certifications (one row per person, no province rows).</param>
    private sealed record Fragments(string Group, string Scope, string People, string Regions, string Mentors);

    private static Fragments For(DashboardLevel level) => level switch
    {
        DashboardLevel.National => new("province_code", "regency_code = ''", "TRUE", "level = 1", "TRUE"),
        DashboardLevel.Province => new("regency_code", "province_code = @province AND regency_code <> ''", "province_code = @province",
            "level = 2 AND parent_code = @province", "m.province_code = @province"),
        _ => new("regency_code", "province_code = @province AND regency_code = @regency", "province_code = @province AND regency_code = @regency", "code = @regency",
            "m.province_code = @province AND (cardinality(m.regency_codes) = 0 OR @regency = ANY(m.regency_codes))"),
    };

    private static readonly Dictionary<DashboardLevel, string> SqlByLevel = Enum.GetValues<DashboardLevel>().ToDictionary(l => l, BuildSql);

    /// <summary>The SQL for a level, for the benchmark's comparison and for reading.</summary>
    public static string SqlFor(DashboardLevel level) => SqlByLevel[level];

    private static string BuildSql(DashboardLevel level)
    {
        var f = For(level);
        var mentors = level == DashboardLevel.National
            ? """
              SELECT r.name AS Name, count(*)::int AS Mentors, sum(m.capacity)::int AS Capacity, coalesce(sum(l.active), 0)::int AS Active
              FROM mentors m
              JOIN regions r ON r.code = m.province_code
              LEFT JOIN (SELECT key, sum(n) AS active FROM dashboard_deltas WHERE metric = 'mentoring' AND regency_code = '' GROUP BY key) l ON l.key = m.user_id
              WHERE m.active
              GROUP BY r.code, r.name ORDER BY r.code;
              """
            : $"""
               SELECT m.name AS Name, 1 AS Mentors, m.capacity AS Capacity,
                      coalesce((SELECT sum(d.n) FROM dashboard_deltas d WHERE d.metric = 'mentoring' AND d.regency_code = '' AND d.key = m.user_id), 0)::int AS Active
               FROM mentors m
               WHERE m.active AND {f.Mentors}
               ORDER BY m.name;
               """;
        var certificatesByYear = level == DashboardLevel.National
            ? "FROM certificates c WHERE c.revoked_at IS NULL"
            : $"FROM certificates c JOIN person_certifications pc ON pc.person_id = c.person_id WHERE c.revoked_at IS NULL AND pc.{f.People.Replace(" AND regency_code", " AND pc.regency_code", StringComparison.Ordinal)}";
        return $"""
            SELECT code AS Code, name AS Name FROM regions WHERE {f.Regions} ORDER BY code;

            SELECT {f.Group} AS Code, metric AS Metric, key AS Key, sum(n)::int AS N
            FROM dashboard_deltas
            WHERE {f.Scope} AND metric IN ('staff', 'stage', 'passed', 'failed')
            GROUP BY 1, 2, 3;

            SELECT {f.Group} AS Code,
                   count(*) FILTER (WHERE last_valid_until >= @today)::int AS Certified,
                   count(*) FILTER (WHERE last_valid_until BETWEEN @today AND @until)::int AS Expiring,
                   count(*) FILTER (WHERE first_issued_on BETWEEN @yearStart AND @yearEnd)::int AS Newly
            FROM person_certifications
            WHERE {f.People}
            GROUP BY 1;

            SELECT region_code AS Code, kind AS Kind, value AS Value FROM certification_targets
            WHERE year = @year AND (region_code = @areaCode OR region_code IN (SELECT code FROM regions WHERE {f.Regions}));

            SELECT extract(year FROM c.issued_on)::int AS Year, count(*)::int AS Count
            {certificatesByYear}
            GROUP BY 1 ORDER BY 1;

            SELECT id AS Id, name AS Name FROM schemes;

            {mentors}
            """;
    }

    public async Task<DashboardData> LoadAsync(DashboardArea area, DateOnly today, int? year = null, CancellationToken ct = default)
    {
        var y = year ?? today.Year;
        var args = new DynamicParameters();
        args.Add("province", area.ProvinceCode);
        args.Add("regency", area.RegencyCode);
        args.Add("areaCode", area.Code);
        args.Add("year", y);
        args.Add("today", today.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        args.Add("until", today.AddDays(Certificate.ExpiringWithinDays).ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        args.Add("yearStart", new DateTime(y, 1, 1), System.Data.DbType.Date);
        args.Add("yearEnd", new DateTime(y, 12, 31), System.Data.DbType.Date);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        List<(string Code, string Name)> regions;
        var staff = new Dictionary<string, int>();
        Dictionary<string, StageCounts> stages = [];
        var passed = new Dictionary<int, int>();
        var failed = new Dictionary<int, int>();
        Dictionary<string, (int Certified, int Expiring, int Newly)> certification;
        Dictionary<string, (TargetKind Kind, decimal Value)> targets;
        List<YearCount> byYear;
        Dictionary<int, string> schemes;
        List<MentorLoadRow> mentors;
        await using (var grid = await connection.QueryMultipleAsync(new CommandDefinition(SqlFor(area.Level), args, cancellationToken: ct)))
        {
            regions = (await grid.ReadAsync<(string Code, string Name)>()).ToList();
            foreach (var (code, metric, key, n) in await grid.ReadAsync<(string Code, string Metric, string Key, int N)>())
            {
                switch (metric)
                {
                    case "staff":
                        staff[code] = staff.GetValueOrDefault(code) + n;
                        break;
                    case "stage" when Enum.TryParse<ApplicationStatus>(key, out var s):
                        stages[code] = stages.GetValueOrDefault(code, StageCounts.Zero) + Single(s, n);
                        break;
                    case "passed" or "failed" when int.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var scheme):
                        var sittings = metric == "passed" ? passed : failed;
                        sittings[scheme] = sittings.GetValueOrDefault(scheme) + n;
                        break;
                }
            }
            certification = (await grid.ReadAsync<(string Code, int Certified, int Expiring, int Newly)>())
                .ToDictionary(r => r.Code, r => (r.Certified, r.Expiring, r.Newly));
            targets = (await grid.ReadAsync<(string Code, string Kind, decimal Value)>())
                .ToDictionary(t => t.Code, t => (Enum.Parse<TargetKind>(t.Kind), t.Value));
            byYear = (await grid.ReadAsync<YearCount>()).ToList();
            schemes = (await grid.ReadAsync<(int Id, string Name)>()).ToDictionary(x => x.Id, x => x.Name);
            mentors = (await grid.ReadAsync<MentorLoadRow>()).ToList();
        }
        var passRates = passed.Keys.Union(failed.Keys)
            .Select(id => new SchemePassRate(id, schemes.GetValueOrDefault(id, $"Skema {id}"), passed.GetValueOrDefault(id), failed.GetValueOrDefault(id)))
            .Where(p => p.Sittings > 0)
            .OrderBy(p => p.Scheme, StringComparer.CurrentCulture)
            .ToList();

        var training = await TrainingFigures.LoadAsync(connection, area, today, ct);

        var rows = regions.Select(r =>
        {
            var c = certification.GetValueOrDefault(r.Code);
            var n = staff.GetValueOrDefault(r.Code);
            return new RegionFigures(r.Code, r.Name, n, training.For(r.Code), stages.GetValueOrDefault(r.Code, StageCounts.Zero),
                c.Certified, c.Expiring, c.Newly, Progress(targets, r.Code, y, n, c.Certified, c.Newly));
        }).ToList();

        var staffTotal = rows.Sum(r => r.Staff);
        var certified = rows.Sum(r => r.Certified);
        var newly = rows.Sum(r => r.NewlyCertifiedThisYear);
        TrainedCount? trained = training.Available
            ? new TrainedCount(rows.Sum(r => r.Trained?.Last12Months ?? 0), rows.Sum(r => r.Trained?.Ever ?? 0))
            : null;
        var totalTarget = area.Level switch
        {
            DashboardLevel.Regency => rows.FirstOrDefault()?.Target,
            DashboardLevel.Province => Progress(targets, area.Code, y, staffTotal, certified, newly),
            // Nationally: the provinces' "+N" targets added up (percent targets do not add).
            _ => targets.Values.Any(t => t.Kind == TargetKind.AdditionalCertified)
                ? new TargetProgress(TargetKind.AdditionalCertified, targets.Values.Where(t => t.Kind == TargetKind.AdditionalCertified).Sum(t => t.Value), y,
                    rows.Where(r => r.Target?.Kind == TargetKind.AdditionalCertified).Sum(r => r.NewlyCertifiedThisYear))
                : null,
        };
        var total = new RegionFigures(area.Code, area.Name, staffTotal, trained, rows.Aggregate(StageCounts.Zero, (s, r) => s + r.Stages),
            certified, rows.Sum(r => r.Expiring), newly, totalTarget);

        return new DashboardData(area, today, y, rows, total, byYear, passRates, mentors, training);
    }

    private static StageCounts Single(ApplicationStatus status, int n) => status switch
    {
        ApplicationStatus.Draft => StageCounts.Zero with { Draft = n },
        ApplicationStatus.Submitted => StageCounts.Zero with { Submitted = n },
        ApplicationStatus.RevisionRequested => StageCounts.Zero with { RevisionRequested = n },
        ApplicationStatus.Resubmitted => StageCounts.Zero with { Resubmitted = n },
        ApplicationStatus.Ready => StageCounts.Zero with { Ready = n },
        ApplicationStatus.Verified => StageCounts.Zero with { Verified = n },
        ApplicationStatus.Scheduled => StageCounts.Zero with { Scheduled = n },
        ApplicationStatus.NotYetCompetent => StageCounts.Zero with { NotYetCompetent = n },
        _ => StageCounts.Zero,
    };

    private static TargetProgress? Progress(Dictionary<string, (TargetKind Kind, decimal Value)> targets, string code, int year, int staff, int certified, int newly)
    {
        if (!targets.TryGetValue(code, out var t)) return null;
        var achieved = t.Kind == TargetKind.AdditionalCertified ? newly : staff == 0 ? 0 : Math.Round(100m * certified / staff, 1);
        return new TargetProgress(t.Kind, t.Value, year, achieved);
    }
}
