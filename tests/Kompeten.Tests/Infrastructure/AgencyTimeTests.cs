using Kompeten.Tests.Training;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Kompeten.Tests.Infrastructure;

public class AgencyTimeTests
{
    [Theory]
    [InlineData("Asia/Jakarta", "WIB")]
    [InlineData("Asia/Pontianak", "WIB")]
    [InlineData("Asia/Makassar", "WITA")]
    [InlineData("Asia/Jayapura", "WIT")]
    [InlineData("Europe/Berlin", "UTC+1")]
    public void Each_indonesian_zone_has_its_name(string zone, string label) =>
        AgencyTime.LabelFor(AgencyTime.FindZone(zone)).ShouldBe(label);

    [Fact]
    public void Venue_times_follow_the_agency_zone_unless_training_sets_its_own()
    {
        var utc = new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.Zero);
        var own = new VenueClock(TimeProvider.System, Options.Create(new TrainingOptions { TimeZone = "Asia/Jayapura" }));
        own.Label.ShouldBe("WIT");
        own.ToLocal(utc).Hour.ShouldBe(10);
        var agency = new VenueClock(TimeProvider.System, Options.Create(new TrainingOptions()));
        agency.Label.ShouldBe(AgencyTime.Label);
        agency.ToLocal(utc).ShouldBe(utc.ToAgencyTime().DateTime);
    }

    [Fact]
    public void At_17_30_UTC_on_21_November_it_is_already_22_November_in_Makassar()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 17, 30, 0, TimeSpan.Zero));

        clock.Today().ShouldBe(new DateOnly(2026, 11, 22));
        clock.AgencyNow().ShouldBe(new DateTimeOffset(2026, 11, 22, 1, 30, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Before_16_00_UTC_the_agency_and_UTC_dates_agree()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 15, 59, 0, TimeSpan.Zero));

        clock.Today().ShouldBe(new DateOnly(2026, 11, 21));
    }

    [Fact]
    public void The_agency_clock_tells_local_time_in_the_agency_zone_whatever_the_server_zone()
    {
        var clock = new AgencyTimeProvider();

        clock.LocalTimeZone.ShouldBe(AgencyTime.Zone);
        clock.GetLocalNow().Offset.ShouldBe(TimeSpan.FromHours(8));
    }
}
