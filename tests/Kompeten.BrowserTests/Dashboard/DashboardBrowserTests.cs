using System.Collections.Concurrent;
using Kompeten.BrowserTests.Support;
using Kompeten.Tests.Dashboard;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Infrastructure;
using Microsoft.Playwright;

namespace Kompeten.BrowserTests.Dashboard;

/// <summary>The live app with the generated Kalsel/Kaltim data of the dashboard tests.</summary>
public sealed class DashboardLiveApp : LiveApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DashboardDataset.SeedAsync(this, TimeProvider.System.Today());
    }
}

public class DashboardBrowserTests(DashboardLiveApp app) : IClassFixture<DashboardLiveApp>
{
    /// <summary>Every request the page makes: those to the app go through, anything else is aborted and remembered.</summary>
    private static async Task<ConcurrentBag<string>> OnlyTheAppAsync(IPage page, string origin)
    {
        var outside = new ConcurrentBag<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith(origin + "/", StringComparison.Ordinal) || url == origin) await route.ContinueAsync();
            else
            {
                outside.Add(url);
                await route.AbortAsync();
            }
        });
        return outside;
    }

    [Fact]
    public async Task The_province_map_colours_13_regencies_without_any_network_beyond_the_app_and_a_click_opens_the_regency()
    {
        var email = await app.CreateUserAsync("admin.peta@uji.kompeten.id", Roles.AdminProvinsi, "63");
        var page = await app.NewPageAsync();
        var outside = await OnlyTheAppAsync(page, app.BaseUrl);
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };

        await app.SignInAsync(page, email);
        await page.GotoAsync("/Dashboard");
        await page.WaitForSelectorAsync("#map[data-ready=true]");

        var fills = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#map path.region-shape')].map(p => p.getAttribute('fill'))");
        fills.Length.ShouldBe(13);
        var legend = DashboardClient.Classes.Select(c => c.Colour).ToHashSet();
        fills.ShouldAllBe(f => legend.Contains(f), "every regency has staff, so every one is coloured by its % certified");
        var codes = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#map path.region-shape')].map(p => p.getAttribute('data-code'))");
        codes.Order().ShouldBe(["63.01", "63.02", "63.03", "63.04", "63.05", "63.06", "63.07", "63.08", "63.09", "63.10", "63.11", "63.71", "63.72"]);
        (await page.Locator("#map-legend > span").CountAsync()).ShouldBe(DashboardClient.Classes.Length + 1);
        (await page.EvaluateAsync<bool>("() => ['chart-funnel', 'chart-years', 'chart-pass', 'chart-mentors'].every(id => !!Chart.getChart(id))")).ShouldBeTrue();
        await LiveApp.ScreenshotAsync(page, "dashboard-province-map");

        // A real click on a point inside Kabupaten Banjar (the first point of its box that hits its own shape).
        var point = await page.EvaluateAsync<double[]>("""
            () => {
              const p = document.querySelector('#map path[data-code="63.03"]');
              const b = p.getBoundingClientRect();
              for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                const x = b.left + b.width * i / 20, y = b.top + b.height * j / 20;
                if (document.elementFromPoint(x, y) === p) return [x, y];
              }
              return null;
            }
            """);
        point.ShouldNotBeNull();
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        await page.WaitForURLAsync("**/Dashboard?region=63.03**");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("Kabupaten Banjar");
        (await page.Locator("#region-figures tbody tr").CountAsync()).ShouldBe(1);
        await LiveApp.ScreenshotAsync(page, "dashboard-regency-detail");

        outside.ShouldBeEmpty("the dashboard must work offline: no tiles, CDNs or fonts from elsewhere");
        consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task On_a_phone_the_dashboard_fits_the_screen_and_the_public_statistics_map_works_too()
    {
        var email = await app.CreateUserAsync("op.peta@uji.kompeten.id", Roles.AdminProvinsi, "63");
        var page = await app.NewPageAsync(phone: true);
        var outside = await OnlyTheAppAsync(page, app.BaseUrl);
        await app.SignInAsync(page, email);
        await page.GotoAsync("/Dashboard");
        await page.WaitForSelectorAsync("#map[data-ready=true]");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(400);
        await LiveApp.ScreenshotAsync(page, "dashboard-province-phone");

        await page.GotoAsync("/Planning?target=50");
        (await page.Locator("#verdict").CountAsync()).ShouldBe(1);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(400);
        await LiveApp.ScreenshotAsync(page, "planning-phone");

        var anonymous = await app.NewPageAsync(phone: true);
        var outsidePublic = await OnlyTheAppAsync(anonymous, app.BaseUrl);
        await anonymous.GotoAsync("/statistik/63");
        await anonymous.WaitForSelectorAsync("#map[data-ready=true]");
        (await anonymous.Locator("#map path.region-shape").CountAsync()).ShouldBe(13);
        await LiveApp.ScreenshotAsync(anonymous, "statistik-kalsel-phone");
        outside.ShouldBeEmpty();
        outsidePublic.ShouldBeEmpty();
    }
}
