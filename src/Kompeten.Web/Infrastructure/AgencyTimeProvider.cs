namespace Kompeten.Web.Infrastructure;

/// <summary>
/// The system clock with "local" meaning the agency's zone instead of the server's (servers run in
/// UTC). The app reads dates through <see cref="AgencyTime.Today"/>, which does not depend on this;
/// it is a safety net, so that <c>GetLocalNow()</c> or <c>LocalTimeZone</c> anywhere (ours or a
/// library's) still gives agency time rather than the previous day after 16:00 UTC.
/// </summary>
public sealed class AgencyTimeProvider : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => AgencyTime.Zone;
}
