using Kompeten.BrowserTests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.Playwright;

namespace Kompeten.BrowserTests.Registry;

public class RegistryBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_operator_signs_in_on_a_phone_and_finds_a_person_of_their_regency_only()
    {
        await app.AddPersonAsync("63.01", "Siti Rahmawati", Sex.Female, new DateOnly(1986, 2, 14), 11);
        await app.AddPersonAsync("63.01", "Ahmad Fauzi", Sex.Male, new DateOnly(1979, 8, 1), 12);
        await app.AddPersonAsync("63.02", "Siti dari Kotabaru", Sex.Female, new DateOnly(1990, 3, 3), 13);
        var email = await app.CreateUserAsync("op.browser@uji.kompeten.id", Roles.Operator, "63.01");

        var page = await app.NewPageAsync(phone: true);
        await app.SignInAsync(page, email);
        await page.GotoAsync("/Registry/People");
        await page.FillAsync("#q", "Siti");
        // htmx replaces the rows after typing stops.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#people-rows tr').length === 1");
        var rows = await page.Locator("#people-rows").InnerTextAsync();
        rows.ShouldContain("Siti Rahmawati");
        rows.ShouldNotContain("Kotabaru");
        rows.ShouldContain("630101••••••0011");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(400);
        await LiveApp.ScreenshotAsync(page, "registry-operator-phone-search");

        // A refused htmx request says why instead of leaving the page as it was.
        await page.EvaluateAsync("() => htmx.ajax('GET', '/Registry/People/Details/999999', '#people-rows')");
        await Assertions.Expect(page.Locator("#request-error")).ToBeVisibleAsync();
        (await page.Locator("#request-error").InnerTextAsync()).ShouldContain("Data tidak ditemukan");
        (await page.Locator("#people-rows").InnerTextAsync()).ShouldContain("Siti Rahmawati", Case.Sensitive, "the rows stay as they were");
        await page.ClickAsync("#request-error .btn-close");
        await Assertions.Expect(page.Locator("#request-error")).ToBeHiddenAsync();

        // The export follows the filter typed just now (htmx did not reload the page).
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-export]:not([data-full])"));
        download.Url.ShouldContain("Q=Siti");
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        bytes.Take(2).ShouldBe("PK"u8.ToArray());

        await page.ClickAsync("#people-rows a");
        await page.WaitForURLAsync("**/Registry/People/Details/**", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Siti Rahmawati");
        await page.ClickAsync("text=Tampilkan");
        await page.WaitForFunctionAsync("() => /^\\d{16}$/.test(document.querySelector('#nik-value').textContent.trim())");
        await LiveApp.ScreenshotAsync(page, "registry-person-details-phone");
    }
}
