using System.Net;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Tests.Registry;

public class PeoplePagesTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private static Dictionary<string, string> Form(string nik, string name = "Rahmat Hidayat", string regency = "63.01", string sex = "Male", string birth = "1988-05-17", string? nip = null) => new()
    {
        ["Input.Nik"] = nik,
        ["Input.Nip"] = nip ?? "",
        ["Input.FullName"] = name,
        ["Input.DiplomaName"] = name.ToLowerInvariant(),
        ["Input.Sex"] = sex,
        ["Input.BirthDate"] = birth,
        ["Input.BirthPlace"] = "Pelaihari",
        ["Input.EducationLevel"] = "S1",
        ["Input.StaffCategoryCode"] = "pustakawan",
        ["Input.EmploymentStatusCode"] = "pns",
        ["Input.RegencyCode"] = regency,
    };

    [Fact]
    public async Task An_operator_creates_a_person_and_the_NIK_is_stored_encrypted_and_masked()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostFormAsync("/Registry/People/Edit", Form("6301011705880011"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/Registry/People/Details/");

        var person = await app.WithDbAsync(db => db.People.SingleAsync(p => p.FullName == "Rahmat Hidayat"));
        person.NikCipher.ShouldNotContain("6301011705880011");
        person.NikMasked.ShouldBe("630101••••••0011");
        person.DiplomaName.ShouldBe("RAHMAT HIDAYAT");
        person.ProvinceCode.ShouldBe("63");

        var page = await client.GetStringAsync(location);
        page.ShouldContain("630101••••••0011");
        page.ShouldNotContain("6301011705880011");
        page.ShouldContain("dibuat"); // history
    }

    [Fact]
    public async Task Validation_errors_are_shown_in_Indonesian_and_nothing_is_saved()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var form = Form("6301011705880012", name: "Salah Tanggal", birth: "1988-05-18");
        form["Input.Email"] = "bukan-email";
        var response = await client.PostFormAsync("/Registry/People/Edit", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("tidak sama dengan tanggal lahir");
        html.ShouldContain("Format e-mail tidak valid");
        (await app.WithDbAsync(db => db.People.AnyAsync(p => p.FullName == "Salah Tanggal"))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_duplicate_NIK_is_refused_naming_the_existing_record()
    {
        var existing = await app.AddPersonAsync("63.01", "Siti Existing", Sex.Female, new DateOnly(1990, 1, 2), 21);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var nik = TestData.Nik("63.01", new DateOnly(1990, 1, 2), Sex.Female, 21);
        var response = await client.PostFormAsync("/Registry/People/Edit", Form(nik, "Siti Kedua", sex: "Female", birth: "1990-01-02"));
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"sudah terdaftar atas nama Siti Existing (ID {existing.Id})");
    }

    [Fact]
    public async Task A_duplicate_NIK_from_another_regency_is_refused_without_revealing_the_holder()
    {
        await app.AddPersonAsync("63.02", "Rahasia Kotabaru", Sex.Male, new DateOnly(1980, 3, 4), 31);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var nik = TestData.Nik("63.02", new DateOnly(1980, 3, 4), Sex.Male, 31);
        var html = await (await client.PostFormAsync("/Registry/People/Edit", Form(nik, "Orang Lain", birth: "1980-03-04"))).Content.ReadAsStringAsync();
        html.ShouldContain("sudah terdaftar di kabupaten/kota lain");
        html.ShouldNotContain("Rahasia Kotabaru");
    }

    [Fact]
    public async Task A_form_sent_back_with_another_regency_does_not_list_that_regencys_libraries()
    {
        await app.WithDbAsync(async db =>
        {
            db.Libraries.Add(new Library { Name = "Perpustakaan Tersembunyi Kotabaru", TypeCode = "umum-kabkota", RegencyCode = "63.02", ProvinceCode = "63" });
            return await db.SaveChangesAsync();
        });
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostFormAsync("/Registry/People/Edit", Form("6302011705880013", "Di Luar Wilayah", regency: "63.02"));
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("di luar wilayah");
        html.ShouldNotContain("Perpustakaan Tersembunyi Kotabaru");
        (await client.GetStringAsync("/Registry/People/Edit?handler=Libraries&Input.RegencyCode=63.02")).ShouldNotContain("Perpustakaan Tersembunyi Kotabaru");
    }

    [Fact]
    public async Task Same_name_and_birth_date_is_flagged_as_a_likely_duplicate()
    {
        var first = await app.AddPersonAsync("63.01", "Budi Santoso", Sex.Male, new DateOnly(1975, 7, 8), 41);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var nik = TestData.Nik("63.01", new DateOnly(1975, 7, 8), Sex.Male, 42);
        var response = await client.PostFormAsync("/Registry/People/Edit", Form(nik, "BUDI  santoso", birth: "1975-07-08"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var second = await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id != first.Id && p.BirthDate == new DateOnly(1975, 7, 8)));
        second.PossibleDuplicateOfId.ShouldBe(first.Id);
        (await client.GetStringAsync(response.Headers.Location!.ToString())).ShouldContain("Kemungkinan duplikat");
    }

    [Fact]
    public async Task Editing_records_who_changed_what()
    {
        var person = await app.AddPersonAsync("63.01", "Nur Aisyah", Sex.Female, new DateOnly(1992, 9, 10), 51);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var nik = TestData.Nik("63.01", new DateOnly(1992, 9, 10), Sex.Female, 51);
        var form = Form(nik, "Nur Aisyah Putri", sex: "Female", birth: "1992-09-10");
        var response = await client.PostFormAsync($"/Registry/People/Edit/{person.Id}", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await client.GetStringAsync($"/Registry/People/Details/{person.Id}");
        html.ShouldContain("FullName: Nur Aisyah → Nur Aisyah Putri");
        html.ShouldContain("operator.63-01@uji.kompeten.id");
    }

    [Fact]
    public async Task An_operator_cannot_open_edit_or_list_a_person_of_another_regency()
    {
        var other = await app.AddPersonAsync("63.02", "Orang Kotabaru", Sex.Male, new DateOnly(1985, 1, 1), 61);
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        (await client.GetAsync($"/Registry/People/Details/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/Registry/People/Edit/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var nik = TestData.Nik("63.02", new DateOnly(1985, 1, 1), Sex.Male, 61);
        (await client.PostFormAsync($"/Registry/People/Edit/{other.Id}", Form(nik, "Diubah", regency: "63.02", birth: "1985-01-01"), getUrl: "/Registry/People/Edit"))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var parser = new HtmlParser();
        parser.ParseDocument(await client.GetStringAsync("/Registry/People?Q=Orang+Kotabaru")).QuerySelector("#people-rows")!.TextContent.ShouldNotContain("Orang Kotabaru");
        parser.ParseDocument(await client.GetStringAsync("/Registry/People?Regency=63.02")).QuerySelector("#people-rows")!.TextContent.ShouldNotContain("Orang Kotabaru");
        (await app.WithDbAsync(db => db.People.SingleAsync(p => p.Id == other.Id))).FullName.ShouldBe("Orang Kotabaru");
    }

    [Fact]
    public async Task An_operator_cannot_create_a_person_in_another_regency()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var html = await (await client.PostFormAsync("/Registry/People/Edit", Form("6302011705880071", "Pindahan", regency: "63.02"))).Content.ReadAsStringAsync();
        html.ShouldContain("di luar wilayah akun Anda");
    }

    [Fact]
    public async Task Revealing_a_full_NIK_is_allowed_to_operators_and_logged_but_refused_to_leadership()
    {
        var person = await app.AddPersonAsync("63.01", "Dewi Lestari", Sex.Female, new DateOnly(1991, 4, 5), 81);
        var nik = TestData.Nik("63.01", new DateOnly(1991, 4, 5), Sex.Female, 81);
        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        var html = await (await op.PostFormAsync($"/Registry/People/Details/{person.Id}?handler=RevealNik", [], getUrl: $"/Registry/People/Details/{person.Id}")).Content.ReadAsStringAsync();
        html.ShouldContain(nik);
        html.ShouldContain("Riwayat perubahan"); // without htmx: the whole page again, NIK shown in its cell
        new HtmlParser().ParseDocument(html).QuerySelector("#nik-cell #nik-value")!.TextContent.ShouldBe(nik);
        var log = await app.WithDbAsync(db => db.NikAccessLogs.SingleAsync(l => l.PersonId == person.Id));
        log.Action.ShouldBe("view");
        log.UserName.ShouldBe("operator.63-01@uji.kompeten.id");

        var boss = await app.ClientForAsync(Roles.Pimpinan, "63");
        var page = await boss.GetStringAsync($"/Registry/People/Details/{person.Id}");
        page.ShouldNotContain("handler=RevealNik");
        var forced = await boss.PostFormAsync($"/Registry/People/Details/{person.Id}?handler=RevealNik", [], getUrl: "/Registry/People");
        forced.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await forced.Content.ReadAsStringAsync()).ShouldNotContain(nik);
    }

    /// <summary>POSTs the reveal as htmx does: the form's own URL and token, with HX-Request.</summary>
    private static async Task<HttpResponseMessage> RevealWithHtmxAsync(HttpClient client, int personId)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/Registry/People/Details/{personId}"));
        var form = page.QuerySelector("#nik-cell form");
        var url = form?.GetAttribute("hx-post") ?? $"/Registry/People/Details/{personId}?handler=RevealNik";
        // A role without the reveal button still has the page's token (the layout hands it to htmx).
        var token = form?.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
            ?? System.Text.Json.JsonDocument.Parse(page.Body!.GetAttribute("hx-headers")!).RootElement.GetProperty("RequestVerificationToken").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]) };
        request.Headers.Add("HX-Request", "true");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Revealing_a_full_NIK_with_htmx_swaps_only_the_NIK_cell_and_logs_the_view()
    {
        var person = await app.AddPersonAsync("63.01", "Rina Htmx", Sex.Female, new DateOnly(1993, 6, 7), 82);
        var nik = TestData.Nik("63.01", new DateOnly(1993, 6, 7), Sex.Female, 82);
        var op = await app.ClientForAsync(Roles.Operator, "63.01");

        var form = new HtmlParser().ParseDocument(await op.GetStringAsync($"/Registry/People/Details/{person.Id}")).QuerySelector("#nik-cell form")!;
        form.GetAttribute("hx-target").ShouldBe("#nik-cell");
        form.GetAttribute("hx-swap").ShouldBe("outerHTML");
        form.GetAttribute("action").ShouldBe($"/Registry/People/Details/{person.Id}?handler=RevealNik"); // without JavaScript: a normal post

        var response = await RevealWithHtmxAsync(op, person.Id);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("<html");
        html.ShouldNotContain("Riwayat perubahan");
        var cell = new HtmlParser().ParseDocument(html).QuerySelector("#nik-cell")!;
        cell.QuerySelector("#nik-value")!.TextContent.ShouldBe(nik);
        cell.QuerySelector("form").ShouldBeNull(); // revealed: no second "Tampilkan" that would log again
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();

        var log = await app.WithDbAsync(db => db.NikAccessLogs.SingleAsync(l => l.PersonId == person.Id));
        log.Action.ShouldBe("view");
        log.UserName.ShouldBe("operator.63-01@uji.kompeten.id");
    }

    [Fact]
    public async Task Revealing_with_htmx_is_refused_to_leadership_and_out_of_scope_people_stay_missing()
    {
        var person = await app.AddPersonAsync("63.01", "Rudi Tertutup", Sex.Male, new DateOnly(1987, 8, 9), 83);
        var nik = TestData.Nik("63.01", new DateOnly(1987, 8, 9), Sex.Male, 83);
        var boss = await app.ClientForAsync(Roles.Pimpinan, "63");
        var refused = await RevealWithHtmxAsync(boss, person.Id);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldNotContain(nik);

        var other = await app.AddPersonAsync("63.02", "Rudi Kotabaru", Sex.Male, new DateOnly(1987, 8, 9), 84);
        var op = await app.ClientForAsync(Roles.Operator, "63.01");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Registry/People/Details/{other.Id}?handler=RevealNik");
        var page = new HtmlParser().ParseDocument(await op.GetStringAsync("/Registry/People"));
        var token = System.Text.Json.JsonDocument.Parse(page.Body!.GetAttribute("hx-headers")!).RootElement.GetProperty("RequestVerificationToken").GetString()!;
        request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        request.Headers.Add("HX-Request", "true");
        (await op.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.WithDbAsync(db => db.NikAccessLogs.CountAsync(l => l.PersonId == person.Id || l.PersonId == other.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task The_list_filters_searches_by_NIK_and_pages_by_keyset()
    {
        var names = Enumerable.Range(1, 7).Select(i => $"Pagina {i:00}").ToList();
        var seq = 100;
        foreach (var n in names) await app.AddPersonAsync("63.03", n, Sex.Male, new DateOnly(1970, 1, 1), seq++);
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var parser = new HtmlParser();

        var first = parser.ParseDocument(await admin.GetStringAsync("/Registry/People?Q=Pagina&Size=3"));
        first.QuerySelectorAll("#people-rows a[href^='/Registry/People/Details/']").Select(a => a.TextContent).ShouldBe(names.Take(3));
        var more = first.QuerySelector("#load-more-row a")!.GetAttribute("href")!;
        var second = parser.ParseDocument("<table><tbody>" + await admin.GetStringAsync(more) + "</tbody></table>");
        second.QuerySelectorAll("a[href^='/Registry/People/Details/']").Select(a => a.TextContent).ShouldBe(names.Skip(3).Take(3));

        var byNik = await admin.GetStringAsync($"/Registry/People?Q={TestData.Nik("63.03", new DateOnly(1970, 1, 1), Sex.Male, 104)}");
        byNik.ShouldContain("Pagina 05");
        byNik.ShouldNotContain("Pagina 04");
    }

    [Fact]
    public async Task Leadership_can_read_but_not_write()
    {
        var boss = await app.ClientForAsync(Roles.Pimpinan, "63");
        (await boss.GetAsync("/Registry/People")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var edit = await boss.GetAsync("/Registry/People/Edit");
        edit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        edit.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }

    [Fact]
    public async Task A_library_NPP_must_agree_with_its_regency()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = "Perpustakaan SDN 1 Pelaihari",
            ["Input.TypeCode"] = "sekolah",
            ["Input.Ownership"] = "Negeri",
            ["Input.RegencyCode"] = "63.01",
            ["Input.Npp"] = "6302010000001",
        };
        var html = await (await client.PostFormAsync("/Registry/Libraries/Edit", form)).Content.ReadAsStringAsync();
        html.ShouldContain("NPP harus diawali 6301");
        form["Input.Npp"] = "6301010000001";
        (await client.PostFormAsync("/Registry/Libraries/Edit", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Libraries.SingleAsync(l => l.Npp == "6301010000001"))).ProvinceCode.ShouldBe("63");
    }
}

public class PeoplePipelineFilterTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    [Fact]
    public async Task The_registry_filters_by_pipeline_status_and_the_person_page_shows_the_chain()
    {
        var ready = await app.AddPersonAsync("63.04", "Calon Siap", Sex.Female, new DateOnly(1984, 4, 4), 901);
        var draft = await app.AddPersonAsync("63.04", "Calon Draf", Sex.Male, new DateOnly(1984, 4, 4), 902);
        await app.WithDbAsync(async db =>
        {
            var scheme = await db.Schemes.FirstAsync(s => s.Key == "layanan-dasar");
            var now = DateTimeOffset.UtcNow;
            var a = new Web.Features.Certification.Application { PersonId = ready.Id, SchemeId = scheme.Id, RegencyCode = "63.04", ProvinceCode = "63", CreatedAt = now };
            a.Submit("kandidat", now);
            a.MarkReady("mentor", now);
            db.Applications.AddRange(a, new Web.Features.Certification.Application { PersonId = draft.Id, SchemeId = scheme.Id, RegencyCode = "63.04", ProvinceCode = "63", CreatedAt = now });
            await db.SaveChangesAsync();
        });
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");
        var rows = new HtmlParser().ParseDocument(await admin.GetStringAsync("/Registry/People?Regency=63.04&Pipeline=Ready")).QuerySelector("#people-rows")!.TextContent;
        rows.ShouldContain("Calon Siap");
        rows.ShouldNotContain("Calon Draf");
        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/Registry/People/Details/{ready.Id}")).QuerySelector("#applications")!.TextContent;
        page.ShouldContain("Klaster Layanan Dasar Perpustakaan");
        page.ShouldContain("Siap (pendamping)");
    }
}
