using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Registry;

public class LibrarySearchTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private async Task AddAsync(string name, string regency, string? npp) => await app.WithDbAsync(db =>
    {
        db.Libraries.Add(new Library { Name = name, TypeCode = "sekolah", Npp = npp, RegencyCode = regency, ProvinceCode = "63" });
        return db.SaveChangesAsync();
    });

    private static List<string> PageNames(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();

    [Theory]
    [InlineData("6303012D1000201")]
    [InlineData("63.03.01.2D.1000201")]
    [InlineData(" 6303 012d 1000201 ")]
    [InlineData("63-03-01-2D-1000201")]
    public async Task An_NPP_typed_as_printed_finds_the_library_on_the_page_and_through_the_API(string typed)
    {
        if (!await app.WithDbAsync(db => db.Libraries.AnyAsync(l => l.Npp == "6303012D1000201")))
        {
            await AddAsync("Perpustakaan SDN 1 Martapura", "63.03", "6303012D1000201");
            await AddAsync("Perpustakaan Tanpa NPP Martapura", "63.03", null);
        }
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        PageNames(await admin.GetStringAsync("/Registry/Libraries?q=" + Uri.EscapeDataString(typed))).ShouldBe(["Perpustakaan SDN 1 Martapura"]);
        var api = await admin.GetFromJsonAsync<JsonElement>("/api/v1/libraries?q=" + Uri.EscapeDataString(typed));
        api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["Perpustakaan SDN 1 Martapura"]);
    }

    [Fact]
    public async Task A_search_of_only_dots_and_dashes_does_not_list_every_library_without_an_NPP()
    {
        await AddAsync("Perpustakaan Tanpa NPP Binuang", "63.05", null);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        PageNames(await admin.GetStringAsync("/Registry/Libraries?q=" + Uri.EscapeDataString(".-."))).ShouldNotContain("Perpustakaan Tanpa NPP Binuang");
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/libraries?q=" + Uri.EscapeDataString(".-.")))
            .GetProperty("items").GetArrayLength().ShouldBe(0);
    }
}
