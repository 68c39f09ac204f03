using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Tests.Training;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kompeten.Tests.Infrastructure;

/// <summary>
/// The app on a clock set to 21 November 2026, 15:30 UTC (23:30 WITA). Servers run in UTC, so
/// from 16:00 UTC on the agency is a day ahead of the server's own date.
/// </summary>
public sealed class AgencyEveningApp : KompetenFactory
{
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 15, 30, 0, TimeSpan.Zero));

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

public class AgencyDayTests(AgencyEveningApp app) : IClassFixture<AgencyEveningApp>
{
    [Fact]
    public async Task A_certificate_valid_until_21_November_is_expired_once_it_is_22_November_in_WITA_though_still_21_November_in_UTC()
    {
        var person = await app.AddPersonAsync("63.72", "Rina Kartika", Sex.Female, new DateOnly(1985, 3, 4), 7201);
        await app.WithDbAsync(async db =>
        {
            db.Certificates.Add(new Certificate
            {
                PersonId = person.Id, SchemeId = (await db.Schemes.FirstAsync()).Id, Number = "KPT/2023/11/00721",
                IssuedOn = new DateOnly(2023, 11, 22), ValidUntil = new DateOnly(2026, 11, 21), VerificationCode = "SENJA7201",
            });
            await db.SaveChangesAsync();
        });
        var anonymous = app.CreateClient();

        // 23:30 WITA on its last day: still valid.
        (await anonymous.GetStringAsync("/api/v1/verify/SENJA7201")).ShouldContain("\"status\":\"Expiring\"");

        // 16:30 UTC is 00:30 WITA on 22 November; the server's own date would still say the 21st.
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await anonymous.GetStringAsync("/api/v1/verify/SENJA7201")).ShouldContain("\"status\":\"Expired\"");
    }

    [Fact]
    public async Task An_api_token_valid_until_a_day_works_to_midnight_WITA_of_that_day()
    {
        var owner = await app.ClientForAsync(Roles.Operator, "63.72");

        var created = await owner.PostFormAsync("/Account/Manage/Tokens?handler=Create",
            new() { ["Name"] = "Rekap akhir bulan", ["ValidUntil"] = "2026-11-30" }, getUrl: "/Account/Manage/Tokens");

        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var expiresAt = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Name == "Rekap akhir bulan").Select(t => t.ExpiresAt).SingleAsync());
        expiresAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)));
    }
}
