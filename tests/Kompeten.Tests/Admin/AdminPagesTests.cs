using System.Net;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Admin;

public class AdminPagesTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task An_administrator_adds_and_renames_a_reference_item_and_the_change_is_audited()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var added = await admin.PostFormAsync("/Admin/Reference", new()
        {
            ["Input.Kind"] = ReferenceKind.LibraryType, ["Input.Code"] = "rumah-ibadah", ["Input.Name"] = "Perpustakaan Rumah Ibadah", ["Input.SortOrder"] = "95", ["Input.Active"] = "true",
        });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var item = await app.WithDbAsync(db => db.ReferenceItems.SingleAsync(r => r.Code == "rumah-ibadah"));

        var renamed = await admin.PostFormAsync("/Admin/Reference", new()
        {
            ["Input.Id"] = item.Id.ToString(), ["Input.Name"] = "Perpustakaan Rumah Ibadah (masjid/gereja)", ["Input.SortOrder"] = "95", ["Input.Active"] = "true",
        });
        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ReferenceItems.SingleAsync(r => r.Id == item.Id))).Name.ShouldBe("Perpustakaan Rumah Ibadah (masjid/gereja)");
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ReferenceItem) && a.EntityId == item.Id.ToString()))).ShouldBe(2);
    }

    [Fact]
    public async Task A_reference_code_with_capitals_or_spaces_is_refused_with_a_hint()
    {
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var html = await (await admin.PostFormAsync("/Admin/Reference", new()
        {
            ["Input.Kind"] = ReferenceKind.StaffCategory, ["Input.Code"] = "Tenaga Baru", ["Input.Name"] = "Baru", ["Input.Active"] = "true",
        })).Content.ReadAsStringAsync();
        html.ShouldContain("Kode hanya huruf kecil");
    }

    [Fact]
    public async Task The_NIK_access_log_shows_a_province_administrator_only_their_province()
    {
        var kalsel = await app.AddPersonAsync("63.01", "Warga Kalsel", Sex.Male, new DateOnly(1980, 1, 1), 701);
        var kaltim = await app.AddPersonAsync("64.01", "Warga Kaltim", Sex.Male, new DateOnly(1980, 1, 1), 702);
        await app.WithDbAsync(async db =>
        {
            db.NikAccessLogs.AddRange(
                new NikAccessLog { PersonId = kalsel.Id, UserId = "u1", UserName = "petugas.kalsel", Action = "view", At = DateTimeOffset.UtcNow },
                new NikAccessLog { PersonId = kaltim.Id, UserId = "u2", UserName = "petugas.kaltim", Action = "view", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var table = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Admin/NikAccess")).QuerySelector("#nik-access")!.TextContent;
        table.ShouldContain("Warga Kalsel");
        table.ShouldNotContain("Warga Kaltim");
        var national = await app.ClientForAsync(Roles.AdminNasional, null);
        var all = new HtmlParser().ParseDocument(await national.GetStringAsync("/Admin/NikAccess")).QuerySelector("#nik-access")!.TextContent;
        all.ShouldContain("Warga Kaltim");
    }

    [Fact]
    public async Task The_home_page_counts_people_and_certified_per_regency_in_scope()
    {
        var certified = await app.AddPersonAsync("63.05", "Bersertifikat Tapin", Sex.Female, new DateOnly(1985, 5, 5), 801);
        await app.AddPersonAsync("63.05", "Belum Tapin", Sex.Male, new DateOnly(1985, 5, 5), 802);
        await app.WithDbAsync(async db =>
        {
            var scheme = await db.Schemes.FirstAsync();
            db.Certificates.Add(new Web.Features.Certification.Certificate
            {
                PersonId = certified.Id, SchemeId = scheme.Id, Number = "HOME-1", IssuedOn = new DateOnly(2024, 1, 1), ValidUntil = new DateOnly(2099, 1, 1), VerificationCode = "HOMEPAGE01",
            });
            await db.SaveChangesAsync();
        });
        var op = await app.ClientForAsync(Roles.Operator, "63.05");
        var doc = new HtmlParser().ParseDocument(await op.GetStringAsync("/"));
        doc.QuerySelectorAll("#regency-summary tbody tr").Length.ShouldBe(1);
        var cells = doc.QuerySelectorAll("#regency-summary tr[data-regency='63.05'] td").Select(td => td.TextContent.Trim()).ToList();
        cells[1].ShouldBe("2");
        cells[3].ShouldBe("1");
        cells[4].ShouldBe("50,0");
    }
}
