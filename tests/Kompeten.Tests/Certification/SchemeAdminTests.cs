using System.Net;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Kompeten.Tests.Certification.CertificationTestData;

namespace Kompeten.Tests.Certification;

public class SchemeAdminTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static byte[] Sheet(params object?[][] rows) =>
        XlsxWriter.ToBytes(x => x.AddSheet("Unit", XlsxColumn.Fitting(SchemeImport.Headers, XlsxFormat.Text), rows.Select(r => (IReadOnlyList<object?>)r)));

    private async Task<HttpResponseMessage> ImportAsync(HttpClient admin, int schemeId, byte[] file) =>
        await admin.PostFileAsync($"/Certification/Schemes/Edit/{schemeId}?handler=Import", $"/Certification/Schemes/Edit/{schemeId}", [], "file", "unit.xlsx", file);

    [Fact]
    public async Task Importing_units_with_a_bad_row_reports_it_and_changes_nothing()
    {
        var scheme = await SchemeAsync(app, "impor-salah");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await ImportAsync(admin, scheme.Id, Sheet(
            ["R.91PRP02.030.1", "Melakukan Penelusuran Informasi", "Menyiapkan penelusuran", "Kebutuhan pemustaka diidentifikasi"],
            [null, null, null, "Sumber informasi dipilih"],
            ["R91-PRP", "Kode salah", "Elemen", "KUK"],
            [null, null, null, "KUK tanpa elemen?"]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = Text(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Tidak ada yang diimpor: 2 kesalahan");
        page.ShouldContain("Baris 4: Kode unit \"R91-PRP\" tidak sesuai format SKKNI (contoh: R.91PRP02.021.1)");
        page.ShouldContain("Baris 5: KUK tanpa elemen");
        (await app.WithDbAsync(db => db.SchemeUnits.CountAsync(u => u.SchemeId == scheme.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task A_missing_column_is_reported_on_the_row_where_the_header_really_is()
    {
        var scheme = await SchemeAsync(app, "impor-judul-bawah");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var file = ResultsTests.SheetBelowBlankRows(["Kode unit", "Judul unit", "Elemen"],
            ["R.91PRP02.030.1", "Melakukan Penelusuran Informasi", "Menyiapkan penelusuran"]);

        var response = await ImportAsync(admin, scheme.Id, file);

        var page = Text(await response.Content.ReadAsStringAsync());
        page.ShouldContain("Baris 3: Kolom KUK tidak ditemukan di baris judul.");
        page.ShouldNotContain("Baris 1:");
        (await app.WithDbAsync(db => db.SchemeUnits.CountAsync(u => u.SchemeId == scheme.Id))).ShouldBe(2);
    }

    [Fact]
    public async Task Importing_units_merges_by_code_and_adds_elements_and_criteria()
    {
        var scheme = await SchemeAsync(app, "impor-benar");
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var response = await ImportAsync(admin, scheme.Id, Sheet(
            ["R.91PRP02.021.1", "Membuat Tajuk Kendali Subjek", "Menentukan subjek", "Subjek dokumen ditentukan"],
            [null, null, "Menentukan subjek", "Sumber tajuk dipilih"],
            ["R.91PRP02.030.1", "Melakukan Penelusuran Informasi", "Menyiapkan penelusuran", "Kebutuhan pemustaka diidentifikasi"]));

        Text(await response.Content.ReadAsStringAsync()).ShouldContain("Impor berhasil: 1 unit baru, 0 unit diperbarui, 1 elemen baru, 3 KUK baru");
        var units = await app.WithDbAsync(db => db.SchemeUnits.Where(u => u.SchemeId == scheme.Id).Include(u => u.Elements).ThenInclude(e => e.Criteria).OrderBy(u => u.SortOrder).ToListAsync());
        units.Count.ShouldBe(3);
        units[0].Elements.Single(e => e.Title == "Menentukan subjek").Criteria.Select(c => c.Text).ShouldBe(["Subjek dokumen ditentukan", "Sumber tajuk dipilih"], ignoreOrder: true);
        units[2].Code.ShouldBe("R.91PRP02.030.1");
    }

    [Fact]
    public async Task An_administrator_edits_the_scheme_and_a_unit_in_use_cannot_be_deleted()
    {
        var scheme = await SchemeAsync(app, "ubah-skema");
        var application = await ApplicationAsync(app, await CandidateAsync(app, "63.01", "Pemakai Unit", 9101), scheme, ApplicationStatus.Draft);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var url = $"/Certification/Schemes/Edit/{scheme.Id}";

        (await admin.PostFormAsync($"{url}?handler=Save", new() { ["Name"] = "Klaster Baru", ["ValidityYears"] = "11", ["Active"] = "true" }, url))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await admin.PostFormAsync($"{url}?handler=Save", new() { ["Name"] = "Klaster Baru", ["ValidityYears"] = "4", ["Active"] = "true", ["RequiredDocuments"] = DocumentKinds.Cv }, url);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var reloaded = await app.WithDbAsync(db => db.Schemes.SingleAsync(s => s.Id == scheme.Id));
        (reloaded.Name, reloaded.ValidityYears, reloaded.RequiredDocuments.Single()).ShouldBe(("Klaster Baru", 4, DocumentKinds.Cv));

        var unitId = await app.WithDbAsync(db => db.UnitClaims.Where(c => c.ApplicationId == application.Id).Select(c => c.UnitId).FirstAsync());
        var refused = await admin.PostFormAsync($"{url}?handler=DeleteUnit", new() { ["unitId"] = unitId.ToString() }, url);
        Text(await admin.FollowAsync(refused)).ShouldContain("sudah dipakai dalam asesmen mandiri");

        (await admin.PostFormAsync($"{url}?handler=AddUnit", new() { ["code"] = "", ["title"] = "Unit Tanpa Kode" }, url)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.SchemeUnits.AnyAsync(u => u.SchemeId == scheme.Id && u.Title == "Unit Tanpa Kode" && u.Code == null))).ShouldBeTrue();

        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        (await op.GetAsync(url)).Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied");
    }
}
