using System.Globalization;
using Kompeten.Web.Features.Account;

namespace Kompeten.Web.Features.Training;

/// <summary>Settings under Kompeten:Training.</summary>
public sealed class TrainingOptions
{
    /// <summary>How long a waiting-list offer stays open before it passes to the next person.</summary>
    public int OfferValidHours { get; set; } = 48;

    /// <summary>How often the background sweep releases due quotas and expires offers; 0 turns it off.</summary>
    public int SweepSeconds { get; set; } = 60;

    /// <summary>The time zone of the venues; unset: the agency's zone (Kompeten:TimeZone).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Short name shown after local times; unset: WIB, WITA or WIT from the zone.</summary>
    public string? TimeZoneLabel { get; set; }

    /// <summary>The organiser named on letters and certificates (the province is added from the batch).</summary>
    public string AgencyName { get; set; } = "Dinas Perpustakaan dan Kearsipan";

    /// <summary>
    /// Seat requests (nominations, joining the waiting list) handled at the same time by one app
    /// instance; more wait their turn, oldest first. 0: eight per processor core.
    /// </summary>
    public int SeatRequestConcurrency { get; set; }

    /// <summary>Seat requests that may wait for their turn before further ones are answered 429.</summary>
    public int SeatRequestQueue { get; set; } = 10_000;

    /// <summary>Place written before the date over a signature.</summary>
    public string SignedAt { get; set; } = "Banjarbaru";
}

/// <summary>Local (venue) time for display and form input; the database keeps UTC.</summary>
public sealed class VenueClock(TimeProvider clock, Microsoft.Extensions.Options.IOptions<TrainingOptions> options)
{
    private readonly TimeZoneInfo _zone = string.IsNullOrWhiteSpace(options.Value.TimeZone) ? Infrastructure.AgencyTime.Zone : Infrastructure.AgencyTime.FindZone(options.Value.TimeZone);

    public string Label => options.Value.TimeZoneLabel ?? Infrastructure.AgencyTime.LabelFor(_zone);
    public DateTimeOffset UtcNow => clock.GetUtcNow();
    public DateTime LocalNow => ToLocal(clock.GetUtcNow());
    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    public DateTime ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, _zone).DateTime;

    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    public DateTimeOffset? FromLocal(DateTime? local) => local is { } l ? FromLocal(l) : null;

    public string Format(DateTimeOffset? utc) =>
        utc is { } u ? ToLocal(u).ToString("d MMMM yyyy HH:mm", Infrastructure.KompetenServices.Indonesian) + " " + Label : "—";
}

public static class TrainingScope
{
    /// <summary>Whether the user may see a programme or batch of the province.</summary>
    public static bool CoversProvince(this UserScope scope, string provinceCode) => scope.Level switch
    {
        ScopeLevel.National => true,
        ScopeLevel.Province or ScopeLevel.Regency => scope.ProvinceCode == provinceCode,
        _ => false,
    };

    public static IQueryable<Batch> InScope(this IQueryable<Batch> batches, UserScope scope) => scope.Level switch
    {
        ScopeLevel.National => batches,
        ScopeLevel.Province or ScopeLevel.Regency => batches.Where(b => b.ProvinceCode == scope.ProvinceCode),
        _ => batches.Where(b => false),
    };

    public static IQueryable<Programme> InScope(this IQueryable<Programme> programmes, UserScope scope) => scope.Level switch
    {
        ScopeLevel.National => programmes,
        ScopeLevel.Province or ScopeLevel.Regency => programmes.Where(b => b.ProvinceCode == scope.ProvinceCode),
        _ => programmes.Where(b => false),
    };

    public static string Rupiah(decimal amount) => "Rp" + amount.ToString("N0", Infrastructure.KompetenServices.Indonesian);

    public static string Date(DateOnly d) => d.ToString("d MMMM yyyy", Infrastructure.KompetenServices.Indonesian);

    public static string DateRange(DateOnly start, DateOnly end)
    {
        var id = Infrastructure.KompetenServices.Indonesian;
        if (start == end) return Date(start);
        if (start.Year == end.Year && start.Month == end.Month) return $"{start.Day}–{end.Day} {end.ToString("MMMM yyyy", id)}";
        if (start.Year == end.Year) return $"{start.ToString("d MMMM", id)} – {Date(end)}";
        return $"{Date(start)} – {Date(end)}";
    }

    public static string Number(decimal value) => value.ToString(value == decimal.Truncate(value) ? "N0" : "N2", Infrastructure.KompetenServices.Indonesian);

    public static string Invariant(this int value) => value.ToString(CultureInfo.InvariantCulture);
}
