using System.Data.Common;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>Learning gain of one workshop batch: mean pre-test and post-test scores (0–100).</summary>
public sealed record BatchGain(string BatchName, int Participants, double PreTest, double PostTest)
{
    public double Gain => PostTest - PreTest;
}

/// <summary>Workshop spending of a year from one funding source: the batches' RAB (committed) and what was spent.</summary>
public sealed record BatchBudget(int Year, string FundingSource, decimal Committed, decimal Realised);

/// <summary>People trained in a region: in the last 12 months and ever.</summary>
public sealed record TrainedCount(int Last12Months, int Ever);

/// <summary>
/// The training figures the dashboard, budget and planner show: trained people per region (keyed
/// like the dashboard rows), learning gain per batch, and workshop spending per year and source.
/// <see cref="Available"/> is false until Features/Training's tables exist in this deployment:
/// the dashboard then shows "belum tersedia" instead of zeros that would read as facts.
/// </summary>
public sealed record TrainingFigures(
    bool Available,
    IReadOnlyDictionary<string, TrainedCount> TrainedByRegion,
    IReadOnlyList<BatchGain> Batches,
    IReadOnlyList<BatchBudget> BatchBudgets)
{
    public static readonly TrainingFigures NotAvailable = new(false, new Dictionary<string, TrainedCount>(), [], []);

    public TrainedCount? For(string regionCode) => Available ? TrainedByRegion.GetValueOrDefault(regionCode, new TrainedCount(0, 0)) : null;

    /// <summary>
    /// The one place that reads training data. Workshops (batches, participants, attendance,
    /// pre/post tests, RAB lines) live in Features/Training, which this branch does not contain;
    /// the queries are filled when Features/Training lands. Grouping follows the dashboard:
    /// <paramref name="groupColumn"/> is "province_code" or "regency_code" of the participant,
    /// <paramref name="filterSql"/> a fixed predicate on the same columns with @province/@regency.
    /// </summary>
    public static Task<TrainingFigures> LoadAsync(DbConnection connection, string groupColumn, string filterSql, object parameters, CancellationToken ct = default)
    {
        _ = (connection, groupColumn, filterSql, parameters, ct);
        return Task.FromResult(NotAvailable);
    }
}
