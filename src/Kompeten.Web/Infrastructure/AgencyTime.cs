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

    public static void Use(string? zoneId) => Zone = FindZone(string.IsNullOrWhiteSpace(zoneId) ? DefaultZoneId : zoneId);

    public static DateTimeOffset ToAgencyTime(this DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            // Without tzdata: WITA is UTC+8 all year (no daylight saving in Indonesia).
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), id, id);
        }
    }
}
