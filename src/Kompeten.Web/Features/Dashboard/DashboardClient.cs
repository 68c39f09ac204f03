using System.Text.Json;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>
/// What wwwroot/js/dashboard.js draws (map colours, charts), embedded in the page as JSON so the
/// browser needs no second request for figures. Aggregates only.
/// </summary>
public static class DashboardClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="detailUrl">Link of a region, with __code__ where its code goes.</param>
    /// <param name="includeMentors">False on the public page: mentor names are not published.</param>
    public static string Payload(DashboardData d, string? boundariesUrl, string detailUrl, bool includeMentors = true) => JsonSerializer.Serialize(new
    {
        level = d.Area.Level.ToString(),
        boundariesUrl,
        detailUrl,
        regions = d.Rows.Select(r => new { code = r.Code, name = r.Name, staff = r.Staff, certified = r.Certified, percent = Math.Round(r.PercentCertified, 1), colour = ColourOf(r) }),
        legend = Classes.Select((c, i) => new { label = i + 1 < Classes.Length ? $"{c.From:0}–<{Classes[i + 1].From:0}%" : $"≥{c.From:0}%", colour = c.Colour })
            .Append(new { label = "Tidak ada data", colour = NoDataColour }),
        funnel = new
        {
            labels = StageCounts.Open.Select(s => RegistryLists.Display(s)).Append("Bersertifikat (berlaku)"),
            values = StageCounts.Open.Select(s => d.Total.Stages[s]).Append(d.Total.Certified),
        },
        byYear = d.CertifiedByYear.Select(y => new { year = y.Year, count = y.Count }),
        passRates = d.PassRates.Select(p => new { scheme = p.Scheme, passed = p.Passed, failed = p.Failed, rate = p.Rate is { } r ? Math.Round(100 * r, 1) : (double?)null }),
        mentors = includeMentors ? d.Mentors.Select(m => new { name = m.Name, mentors = m.Mentors, capacity = m.Capacity, active = m.Active }) : null,
        training = new
        {
            available = d.Training.Available,
            batches = d.Training.Batches.Select(b => new { name = b.BatchName, pre = Math.Round(b.PreTest, 1), post = Math.Round(b.PostTest, 1), participants = b.Participants }),
        },
    }, Json);

    /// <summary>Colour classes of the map legend (% certified), shared with the tests.</summary>
    public static readonly (double From, string Colour)[] Classes =
    [
        (0, "#edf8e9"), (5, "#bae4b3"), (10, "#74c476"), (20, "#31a354"), (40, "#006d2c"),
    ];

    public const string NoDataColour = "#d9d9d9";

    public static string ColourOf(RegionFigures r)
    {
        if (r.Staff == 0) return NoDataColour;
        var colour = Classes[0].Colour;
        foreach (var (from, c) in Classes) if (r.PercentCertified >= from) colour = c;
        return colour;
    }

    public static string StageLabel(ApplicationStatus s) => RegistryLists.Display(s);
}
