using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Training;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kompeten.Tests.Training;

/// <summary>The app on a real Kestrel port, for a real Chromium.</summary>
public sealed class KestrelTrainingFactory : TrainingFactory, IAsyncLifetime
{
    public string Address { get; private set; } = "";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        Address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
    }
}

/// <summary>
/// A committee member checks people in on a phone-sized screen in Debian's Chromium, through a
/// dropped connection: scans wait in the phone's queue, the unsent count shows, and they are sent
/// (once) when the network is back.
/// </summary>
public class ScanBrowserTests(KestrelTrainingFactory app) : IClassFixture<KestrelTrainingFactory>
{
    [Fact]
    public async Task Check_in_on_a_phone_survives_a_dropped_connection()
    {
        var batch = await app.AddBatchAsync(capacity: 10, pool: 10, sessions: 1);
        var people = await app.AddPeopleAsync("63.04", 3, "Hj. Rusmilawati");
        var tokens = new List<string>();
        foreach (var p in people)
        {
            var r = await app.SeatsAsync(s => s.AdmitAsync(batch, p, TrainingFactory.Province));
            tokens.Add(await app.WithDbAsync(db => db.Participants.Where(x => x.Id == r.ParticipantId).Select(x => x.QrToken).SingleAsync()));
        }
        var session = await app.WithDbAsync(db => db.Sessions.Where(s => s.BatchId == batch).Select(s => s.Id).SingleAsync());
        var email = await app.CreateUserAsync("panitia@uji.kompeten.id", Roles.AdminProvinsi, "63");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "id-ID" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.Address}/Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", Support.KompetenFactory.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{app.Address}/", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        await page.GotoAsync($"{app.Address}/Training/Sessions/{session}/Scan");
        await page.FillAsync("#code", tokens[0]);
        await page.ClickAsync("#manual-code button[type=submit]");
        await Assertions.Expect(page.Locator("#last")).ToContainTextAsync("Hadir: Hj. Rusmilawati");
        await Assertions.Expect(page.Locator("#unsent")).ToHaveTextAsync("0");

        // The venue's Wi-Fi drops: two scans (one of them twice) wait on the phone.
        await context.SetOfflineAsync(true);
        await Assertions.Expect(page.Locator("#net")).ToHaveTextAsync("Luring");
        foreach (var code in new[] { tokens[1], tokens[2], tokens[2] })
        {
            await page.FillAsync("#code", code);
            await page.ClickAsync("#manual-code button[type=submit]");
        }
        await Assertions.Expect(page.Locator("#unsent")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#last")).ToContainTextAsync("antrean");
        (await app.WithDbAsync(db => db.AttendanceScans.CountAsync(a => a.SessionId == session))).ShouldBe(1);

        // The queue lives in localStorage, so closing the tab or a reload does not lose it.
        (await page.EvaluateAsync<int>($"JSON.parse(localStorage.getItem('kompeten.scans.{session}')).length")).ShouldBe(2);

        await context.SetOfflineAsync(false);
        await page.EvaluateAsync("window.dispatchEvent(new Event('online'))");
        await Assertions.Expect(page.Locator("#unsent")).ToHaveTextAsync("0", new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#net")).ToHaveTextAsync("Daring");
        (await app.WithDbAsync(db => db.AttendanceScans.CountAsync(a => a.SessionId == session))).ShouldBe(3);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "kompeten-scan-phone.png"), FullPage = true });
    }
}
