namespace Kompeten.Web.Infrastructure;

/// <summary>
/// Times are stored in UTC and shown in the agency's zone (Kalsel: WITA, Asia/Makassar). One place
/// decides it, so a deployment for another province changes a setting, not sixteen views.
/// </summary>
public static class AgencyTime
{
    public const string DefaultZoneId = "Asia/Makassar";

    /// <summary>The display zone; set from Kompeten:TimeZone at start-up.</summary>
    public static TimeZoneInfo Zone { get; private set; } = FindZone(DefaultZoneId);

    /// <summary>The zone's name as written after a time on screen and paper: WIB, WITA or WIT.</summary>
    public static string Label => LabelFor(Zone);

    public static void Use(string? zoneId) => Zone = FindZone(string.IsNullOrWhiteSpace(zoneId) ? DefaultZoneId : zoneId);

    public static string LabelFor(TimeZoneInfo zone) => zone.BaseUtcOffset.TotalHours switch
    {
        7 => "WIB",
        8 => "WITA",
        9 => "WIT",
        var h => h >= 0 ? $"UTC+{h:0.##}" : $"UTC{h:0.##}",
    };

    public static DateTimeOffset ToAgencyTime(this DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>
    /// The clock's time in the agency's zone. Servers run in UTC, so between 16:00 and 24:00 UTC the
    /// server's own date is the agency's yesterday; this goes through GetUtcNow, so it holds for the
    /// registered <see cref="AgencyTimeProvider"/> and for any test clock alike.
    /// </summary>
    public static DateTimeOffset AgencyNow(this TimeProvider clock) => clock.GetUtcNow().ToAgencyTime();

    /// <summary>The agency's calendar day: what "today" means for validity, ages, due dates and the current year.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.AgencyNow().DateTime);

    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // Without tzdata: Indonesia's zones have no daylight saving, so a fixed offset is exact.
            var hours = id switch
            {
                "Asia/Jakarta" or "Asia/Pontianak" => 7,
                "Asia/Jayapura" => 9,
                _ => 8, // Asia/Makassar (WITA), the first agency's zone
            };
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(hours), id, id);
        }
    }
}
