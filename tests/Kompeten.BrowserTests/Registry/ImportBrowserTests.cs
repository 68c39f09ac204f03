using Kompeten.BrowserTests.Support;
using Kompeten.Tests.Registry.Import;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kompeten.BrowserTests.Registry;

public class ImportBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_operator_searches_imports_a_spreadsheet_sees_the_preview_and_the_result()
    {
        await app.AddPersonAsync("63.01", "Sudah Terdaftar", Sex.Male, new DateOnly(1981, 1, 1), 7001);
        var email = await app.CreateUserAsync("op.import@uji.kompeten.id", Roles.Operator, "63.01");
        var good1 = Line.Valid("63.01", 7101, name: "Rina Impor");
        var good2 = Line.Valid("63.01", 7102, Sex.Male, name: "Joko Impor");
        var wrong = Line.Valid("63.01", 7103, name: "Salah Tanggal");
        wrong.BirthDate = new DateOnly(1970, 1, 1); // disagrees with the NIK
        var file = Path.Combine(Path.GetTempPath(), $"daftar-tenaga-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(file, RosterFiles.ExcelStyle([good1, good2, wrong]));

        var page = await app.NewPageAsync();
        await app.SignInAsync(page, email);
        await page.GotoAsync("/Registry/People");
        await page.FillAsync("#q", "Sudah");
        await page.WaitForFunctionAsync("() => document.querySelector('#people-rows').innerText.includes('Sudah Terdaftar')");

        await page.ClickAsync("text=Impor xlsx/xls/csv");
        await page.SetInputFilesAsync("#file", file);
        await page.ClickAsync("#upload-form button[type=submit]");
        await page.WaitForURLAsync("**/Registry/Import/*", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        // Checking runs in the background; the page polls until the preview is ready.
        await page.WaitForSelectorAsync("#import-rows", new() { Timeout = 60_000 });
        (await page.InnerTextAsync("[data-total=new]")).ShouldBe("2");
        (await page.InnerTextAsync("[data-total=error]")).ShouldBe("1");
        var preview = await page.InnerTextAsync("#import-rows");
        preview.ShouldContain("Salah Tanggal");
        preview.ShouldContain("tidak sama dengan tanggal lahir");
        await LiveApp.ScreenshotAsync(page, "registry-import-preview");

        await page.ClickAsync("button:has-text('Impor 2 baris')");
        await page.WaitForSelectorAsync("#import-result", new() { Timeout = 60_000 });
        await LiveApp.ScreenshotAsync(page, "registry-import-result");

        var names = await app.WithDbAsync(db => db.People.Where(p => p.FullName.EndsWith(" Impor")).Select(p => p.FullName).OrderBy(n => n).ToListAsync());
        names.ShouldBe(["Joko Impor", "Rina Impor"]);
        (await app.WithDbAsync(db => db.People.AnyAsync(p => p.FullName == "Salah Tanggal"))).ShouldBeFalse();
        File.Delete(file);
    }
}
