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
}
