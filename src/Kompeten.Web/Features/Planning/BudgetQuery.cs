using Dapper;
using Kompeten.Web.Features.Dashboard;
using Npgsql;

namespace Kompeten.Web.Features.Planning;

/// <summary>One funding source in a year: the budget (pagu), what is committed and spent, what remains.</summary>
public sealed record BudgetSourceRow(string FundingSource, decimal Allocated, decimal CertificationCommitted, decimal CertificationRealised,
    decimal? BatchCommitted, decimal? BatchRealised)
{
    public string Label => FundingSources.Label(FundingSource);
    public decimal Committed => CertificationCommitted + (BatchCommitted ?? 0);
    public decimal Realised => CertificationRealised + (BatchRealised ?? 0);
    public decimal Remaining => Allocated - Committed;
}

/// <summary>Province-funded certification in a year: sittings already held (paid) and candidates still on the way (committed).</summary>
public sealed record FundedCertification(string ProvinceCode, string ProvinceName, decimal? FeePerCandidate, int Sittings, int Open)
{
    public decimal Realised => (FeePerCandidate ?? 0) * Sittings;
    public decimal Committed => (FeePerCandidate ?? 0) * (Sittings + Open);
}

public sealed record BudgetLineRow(int Id, string ProvinceCode, string FundingSource, string? Menu, decimal Amount, string? Note, string UpdatedBy);

public sealed record BudgetView(
    DashboardArea Area,
    int Year,
    IReadOnlyList<BudgetSourceRow> Sources,
    IReadOnlyList<FundedCertification> Funded,
    IReadOnlyList<BudgetLineRow> Lines,
    decimal? FeePerCandidate,
    decimal? CostPerWorkshopParticipant,
    bool TrainingAvailable)
{
    public BudgetSourceRow Total => new("jumlah", Sources.Sum(s => s.Allocated), Sources.Sum(s => s.CertificationCommitted), Sources.Sum(s => s.CertificationRealised),
        TrainingAvailable ? Sources.Sum(s => s.BatchCommitted ?? 0) : null, TrainingAvailable ? Sources.Sum(s => s.BatchRealised ?? 0) : null);

    /// <summary>Provinces in the area whose fee for the year is missing (their commitments cannot be computed).</summary>
    public IEnumerable<FundedCertification> WithoutFee => Funded.Where(f => f.FeePerCandidate is null && f.Sittings + f.Open > 0);
}

/// <summary>
/// The budget of a province (or, nationally, of all provinces) for a year. Commitments from funded
/// certification = the province's fee per candidate × (sittings of province-funded candidates held
/// in the year + their applications still open for that year — scheduled into an event of the
/// year, or created in it); realisation = fee × sittings held. Both are booked on APBD Provinsi,
/// which pays for province-funded candidates. Batch RAB comes from <see cref="TrainingFigures"/>.
/// </summary>
public sealed class BudgetQuery(NpgsqlDataSource dataSource)
{
    public async Task<BudgetView> LoadAsync(DashboardArea area, int year, CancellationToken ct = default)
    {
        if (area.Level == DashboardLevel.Regency) throw new ArgumentException("Anggaran disusun per provinsi.", nameof(area));
        var national = area.Level == DashboardLevel.National;
        var filter = national ? "TRUE" : "province_code = @province";
        var applications = national ? "TRUE" : "a.province_code = @province";
        var regions = national ? "TRUE" : "r.code = @province";
        var sql = $"""
            SELECT r.code AS ProvinceCode, r.name AS ProvinceName, f.fee_per_candidate AS FeePerCandidate,
                   coalesce(s.n, 0)::int AS Sittings, coalesce(o.n, 0)::int AS Open
            FROM regions r
            LEFT JOIN cost_settings f ON f.province_code = r.code AND f.year = @year
            LEFT JOIN (SELECT a.province_code, count(*) AS n
                       FROM applications a JOIN application_events e ON e.application_id = a.id
                       WHERE a.province_funded AND {applications}
                         AND e.action IN ('result-competent', 'result-not-yet') AND e.at >= @from AND e.at < @to
                       GROUP BY 1) s ON s.province_code = r.code
            LEFT JOIN (SELECT a.province_code, count(*) AS n
                       FROM applications a LEFT JOIN assessment_events ev ON ev.id = a.assessment_event_id
                       WHERE a.province_funded AND {applications}
                         AND a.status IN ('Draft', 'Submitted', 'RevisionRequested', 'Resubmitted', 'Ready', 'Verified', 'Scheduled')
                         AND coalesce(extract(year FROM ev.start_date)::int, extract(year FROM a.created_at AT TIME ZONE 'UTC')::int) = @year
                       GROUP BY 1) o ON o.province_code = r.code
            WHERE r.level = 1 AND {regions}
            ORDER BY r.code;

            SELECT id AS Id, province_code AS ProvinceCode, funding_source AS FundingSource, menu AS Menu, amount AS Amount, note AS Note, updated_by AS UpdatedBy
            FROM budget_allocations WHERE year = @year AND {filter}
            ORDER BY province_code, funding_source, id;

            SELECT avg(fee_per_candidate) AS Fee, avg(cost_per_workshop_participant) AS Workshop
            FROM cost_settings WHERE year = @year AND {filter};
            """;
        var args = new
        {
            province = area.ProvinceCode,
            year,
            from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            to = new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        List<FundedCertification> funded;
        List<BudgetLineRow> lines;
        (decimal? Fee, decimal? Workshop) costs;
        await using (var grid = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct)))
        {
            funded = (await grid.ReadAsync<FundedCertification>()).ToList();
            lines = (await grid.ReadAsync<BudgetLineRow>()).ToList();
            costs = await grid.ReadSingleAsync<(decimal?, decimal?)>();
        }
        // Only the budget part is used here; the date only affects the trained counts.
        var training = await TrainingFigures.LoadAsync(connection, area, new DateOnly(year, 12, 31), ct);
        var batch = training.BatchBudgets.Where(b => b.Year == year).ToList();

        var sources = FundingSources.Labels.Keys
            .Concat(lines.Select(l => l.FundingSource)).Distinct()
            .Select(source =>
            {
                var certification = source == FundingSources.ProvinceFundedSource;
                return new BudgetSourceRow(source,
                    lines.Where(l => l.FundingSource == source).Sum(l => l.Amount),
                    certification ? funded.Sum(f => f.Committed) : 0,
                    certification ? funded.Sum(f => f.Realised) : 0,
                    training.Available ? batch.Where(b => b.FundingSource == source).Sum(b => b.Committed) : null,
                    training.Available ? batch.Where(b => b.FundingSource == source).Sum(b => b.Realised) : null);
            })
            .Where(s => s.Allocated != 0 || s.Committed != 0 || s.Realised != 0 || s.FundingSource == FundingSources.ProvinceFundedSource)
            .ToList();
        var fee = national ? costs.Fee : funded.FirstOrDefault()?.FeePerCandidate;
        return new BudgetView(area, year, sources, funded.Where(f => !national || f.Sittings + f.Open > 0 || f.FeePerCandidate is not null).ToList(),
            lines, fee, costs.Workshop, training.Available);
    }
}
