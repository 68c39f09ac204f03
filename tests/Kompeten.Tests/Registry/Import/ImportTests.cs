using System.Net;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Registry.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Registry.Import;

/// <summary>The import as an operator of 63.01 uses it: upload → preview → confirm → result.</summary>
public class ImportTests(KompetenFactory app) : IClassFixture<KompetenFactory>
{
    private const string Regency = "63.01";

    private string Hash(string nik) => app.Services.GetRequiredService<NikProtector>().Hash(nik);

    private Task<Person?> PersonAsync(string nik) => app.WithDbAsync(db => db.People.AsNoTracking().FirstOrDefaultAsync(p => p.NikHash == Hash(nik)));

    private Task<int> PeopleCountAsync() => app.WithDbAsync(db => db.People.CountAsync());

    private Task<int> ImportAuditCountAsync() => app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "import"));

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Rows of the preview table: row number → (status label, text of the row).</summary>
    private static async Task<Dictionary<int, (string Status, string Text)>> PreviewRowsAsync(HttpClient client, Guid session, string show = "semua")
    {
        var page = await PageAsync(client, $"/Registry/Import/{session}?show={show}");
        return page.QuerySelectorAll("tr.import-row").ToDictionary(
            r => int.Parse(r.GetAttribute("data-row")!),
            r => (r.QuerySelector(".badge")!.TextContent.Trim(), r.TextContent));
    }

    private static async Task<Dictionary<string, int>> TotalsAsync(HttpClient client, Guid session)
    {
        var page = await PageAsync(client, $"/Registry/Import/{session}");
        return page.QuerySelectorAll("[data-total]").ToDictionary(e => e.GetAttribute("data-total")!, e => int.Parse(e.TextContent.Replace(".", "")));
    }

    [Fact]
    public async Task A_good_file_is_previewed_as_new_rows_then_imported_with_one_audit_entry_per_person()
    {
        var library = await app.WithDbAsync(async db =>
        {
            var l = new Library { Name = "Perpustakaan Umum Kabupaten Tanah Laut", TypeCode = "umum-kabkota", Npp = "6301012D1000001", RegencyCode = Regency, ProvinceCode = "63" };
            db.Libraries.Add(l);
            await db.SaveChangesAsync();
            return l;
        });
        var lines = new[] { Line.Valid(Regency, 11, withNip: true), Line.Valid(Regency, 12, Sex.Male), Line.Valid(Regency, 13) };
        lines[0].Library = "6301012D1000001";
        lines[1].Library = "perpustakaan umum kabupaten  TANAH LAUT";
        lines[2].Phone = 81255550013d; // Excel dropped the leading 0 of a phone typed as a number
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var auditBefore = await ImportAuditCountAsync();

        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "roster-tala.xlsx");

        var rows = await PreviewRowsAsync(client, session);
        rows.Keys.ShouldBe([2, 3, 4]);
        rows.Values.ShouldAllBe(r => r.Status == "baru");
        (await PersonAsync(lines[0].NikText)).ShouldBeNull("nothing is written before the confirmation");
        (await PageAsync(client, $"/Registry/Import/{session}")).QuerySelectorAll("tr.import-row a").ShouldBeEmpty("people to be created have no page yet");

        var confirm = await client.ConfirmAsync(session);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var result = await PageAsync(client, $"/Registry/Import/{session}");
        result.QuerySelector("#import-result")!.TextContent.ShouldContain("3 orang ditambahkan");

        var first = (await PersonAsync(lines[0].NikText))!;
        result.QuerySelector("tr.import-row[data-row='2'] a")!.GetAttribute("href").ShouldBe($"/Registry/People/Details/{first.Id}", "after the import each row leads to its person");
        first.FullName.ShouldBe("Pegawai Uji 11");
        first.DiplomaName.ShouldBe("PEGAWAI UJI 11");
        first.Nip.ShouldBe((string)lines[0].Nip!);
        first.Sex.ShouldBe(Sex.Female);
        first.BirthDate.ShouldBe((DateOnly)lines[0].BirthDate!);
        first.LibraryWorkStart.ShouldBe(new DateOnly(2015, 7, 1));
        first.LibraryScienceEducation.ShouldBeTrue();
        first.EducationLevel.ShouldBe(EducationLevel.S1);
        first.FunctionalLevelCode.ShouldBe("ahli-pertama");
        first.RegencyCode.ShouldBe(Regency);
        first.ProvinceCode.ShouldBe("63");
        first.LibraryId.ShouldBe(library.Id);
        first.NikMasked.ShouldBe(IdentityNumbers.MaskNik(lines[0].NikText));
        app.Services.GetRequiredService<NikProtector>().Unprotect(first.NikCipher).ShouldBe(lines[0].NikText);
        (await PersonAsync(lines[1].NikText))!.LibraryId.ShouldBe(library.Id, "a library can be named instead of given by NPP");
        (await PersonAsync(lines[2].NikText))!.Phone.ShouldBe("081255550013");

        var audits = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "import").OrderBy(a => a.Id).Skip(auditBefore).ToListAsync());
        audits.Count.ShouldBe(3);
        audits.ShouldAllBe(a => a.EntityType == nameof(Person) && a.Reason == "Impor berkas roster-tala.xlsx" && a.UserName == "operator.63-01@uji.kompeten.id");
        audits[0].EntityId.ShouldBe(first.Id.ToString());
        audits[0].Changes.ShouldNotBeNull().ShouldNotContain(lines[0].NikText);
        // Built in SQL from the staged columns: every field as [null, value], as the registry's own audit writes them.
        using var changes = System.Text.Json.JsonDocument.Parse(audits[0].Changes!);
        var created = changes.RootElement;
        created.GetProperty("Nik").EnumerateArray().Select(e => e.GetString()).ShouldBe(["(dilindungi)", "(dilindungi)"]);
        created.GetProperty("FullName")[0].ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        created.GetProperty("FullName")[1].GetString().ShouldBe("Pegawai Uji 11");
        created.GetProperty("NikMasked")[1].GetString().ShouldBe(first.NikMasked);
        created.GetProperty("BirthDate")[1].GetString().ShouldBe(first.BirthDate.ToString("yyyy-MM-dd"));
        created.GetProperty("Sex")[1].GetInt32().ShouldBe((int)Sex.Female);
        created.GetProperty("LibraryId")[1].GetInt32().ShouldBe(library.Id);
        created.GetProperty("LibraryScienceEducation")[1].GetBoolean().ShouldBeTrue();
        created.GetProperty("Nip")[1].GetString().ShouldBe(first.Nip);
    }

    [Fact]
    public async Task Each_wrong_row_is_reported_with_its_reason_and_only_the_valid_rows_go_in()
    {
        await app.AddPersonAsync("63.02", "Orang Kabupaten Lain", Sex.Female, new DateOnly(1990, 2, 3), sequence: 21);
        var valid = Line.Valid(Regency, 20);
        var shortNik = Line.Valid(Regency, 22);
        shortNik.Nik = "630101410390002";
        var wrongSex = Line.Valid(Regency, 23);
        wrongSex.Gender = "L";
        var unknownCategory = Line.Valid(Regency, 24);
        unknownCategory.Category = "juru-arsip";
        var badDate = Line.Valid(Regency, 25);
        badDate.BirthDate = "31/02/1990";
        var nikAsNumber = Line.Valid(Regency, 26);
        nikAsNumber.Nik = double.Parse(nikAsNumber.NikText);
        var otherRegency = Line.Valid("63.02", 27);
        var registeredElsewhere = Line.Valid("63.02", 21, birth: new DateOnly(1990, 2, 3));
        registeredElsewhere.Regency = Regency;
        var duplicateInFile = Line.Valid(Regency, 20);
        var missingName = Line.Valid(Regency, 28);
        missingName.Name = null;
        var lines = new[] { valid, shortNik, wrongSex, unknownCategory, badDate, nikAsNumber, otherRegency, registeredElsewhere, duplicateInFile, missingName };
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "campur.xlsx");

        var rows = await PreviewRowsAsync(client, session);
        rows[2].Status.ShouldBe("baru");
        rows.Where(r => r.Key > 2).ShouldAllBe(r => r.Value.Status == "galat");
        rows[3].Text.ShouldContain("NIK harus 16 digit, yang diisi 15 digit.");
        rows[4].Text.ShouldContain("NIK ini milik perempuan");
        rows[5].Text.ShouldContain("Kategori tenaga 'juru-arsip' tidak dikenal. Pilihan: ");
        rows[6].Text.ShouldContain("Tanggal lahir \"31/02/1990\" tidak dapat dibaca sebagai tanggal");
        rows[7].Text.ShouldContain("NIK tersimpan sebagai angka");
        rows[7].Text.ShouldContain("Ubah format kolom NIK menjadi Teks");
        rows[8].Text.ShouldContain("Kabupaten/kota 63.02 di luar wilayah akun Anda.");
        rows[9].Text.ShouldContain("NIK ini sudah terdaftar di kabupaten/kota lain");
        rows[10].Text.ShouldContain("NIK ini sudah ada di baris 2 berkas ini");
        rows[11].Text.ShouldContain("Nama lengkap wajib diisi.");
        (await TotalsAsync(client, session)).ShouldBe(new Dictionary<string, int> { ["rows"] = 10, ["new"] = 1, ["update"] = 0, ["unchanged"] = 0, ["error"] = 9 });

        var before = await PeopleCountAsync();
        (await client.ConfirmAsync(session)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PeopleCountAsync()).ShouldBe(before + 1);
        (await PersonAsync(valid.NikText)).ShouldNotBeNull();
        (await PersonAsync(otherRegency.NikText)).ShouldBeNull();
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        var lines = Enumerable.Range(30, 4).Select(i => Line.Valid(Regency, i, withNip: i % 2 == 0)).ToArray();
        var file = RosterFiles.ExcelStyle(lines);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var first = await client.UploadToPreviewAsync(file, "ulang.xlsx");
        await client.ConfirmAsync(first);
        var people = await app.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.FullName.StartsWith("Pegawai Uji 3")).OrderBy(p => p.Id).ToListAsync());
        var audits = await ImportAuditCountAsync();

        var second = await client.UploadToPreviewAsync(file, "ulang.xlsx");

        (await PreviewRowsAsync(client, second)).Values.ShouldAllBe(r => r.Status == "tidak berubah");
        var preview = await PageAsync(client, $"/Registry/Import/{second}");
        preview.QuerySelector("#nothing-to-do").ShouldNotBeNull();
        preview.QuerySelectorAll("form button").Select(b => b.TextContent).ShouldNotContain(t => t.StartsWith("Impor"));
        await client.ConfirmAsync(second);
        (await ImportAuditCountAsync()).ShouldBe(audits);
        var after = await app.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.FullName.StartsWith("Pegawai Uji 3")).OrderBy(p => p.Id).ToListAsync());
        after.Select(p => (p.Id, p.UpdatedAt, p.NikCipher)).ShouldBe(people.Select(p => (p.Id, p.UpdatedAt, p.NikCipher)));
    }

    [Fact]
    public async Task A_changed_row_updates_the_person_and_audits_only_what_changed()
    {
        var line = Line.Valid(Regency, 40);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        await client.ConfirmAsync(await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([line]), "awal.xlsx"));
        var id = (await PersonAsync(line.NikText))!.Id;
        line.Phone = "0813 0000 4040";
        line.Employment = "PPPK"; // a name or code in any case is accepted

        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([line]), "ubah.xlsx");

        var rows = await PreviewRowsAsync(client, session);
        rows[2].Status.ShouldBe("perbarui");
        rows[2].Text.ShouldContain("Diubah: Telepon/WhatsApp, Status kepegawaian");
        await client.ConfirmAsync(session);
        var person = (await PersonAsync(line.NikText))!;
        person.Id.ShouldBe(id);
        person.Phone.ShouldBe("0813 0000 4040");
        person.EmploymentStatusCode.ShouldBe("pppk");
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "import" && a.EntityId == id.ToString()).OrderByDescending(a => a.Id).FirstAsync());
        using var changes = System.Text.Json.JsonDocument.Parse(audit.Changes!);
        changes.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["Phone", "EmploymentStatusCode"], ignoreOrder: true);
        changes.RootElement.GetProperty("Phone").EnumerateArray().Select(v => v.GetString()).ShouldBe(["0812 5555 0040", "0813 0000 4040"]);
    }

    [Fact]
    public async Task Excel_style_and_LibreOffice_style_files_give_the_same_people()
    {
        var excel = Enumerable.Range(50, 3).Select(i => Line.Valid(Regency, i)).ToArray();
        var libre = Enumerable.Range(50, 3).Select(i => Line.Valid("63.03", i)).ToArray();
        var admin = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        await admin.ConfirmAsync(await admin.UploadToPreviewAsync(RosterFiles.ExcelStyle(excel), "excel.xlsx"));
        var libreSession = await admin.UploadToPreviewAsync(RosterFiles.LibreOfficeStyle(libre), "libreoffice.xlsx");
        (await PreviewRowsAsync(admin, libreSession)).Values.ShouldAllBe(r => r.Status == "baru");
        await admin.ConfirmAsync(libreSession);

        for (var i = 0; i < 3; i++)
        {
            var a = (await PersonAsync(excel[i].NikText))!;
            var b = (await PersonAsync(libre[i].NikText))!;
            (b.FullName, b.BirthDate, b.Sex, b.Phone, b.LibraryWorkStart, b.EducationLevel, b.StaffCategoryCode)
                .ShouldBe((a.FullName, a.BirthDate, a.Sex, a.Phone, a.LibraryWorkStart, a.EducationLevel, a.StaffCategoryCode));
            b.RegencyCode.ShouldBe("63.03");
        }
    }

    [Theory]
    [InlineData(',', true)]
    [InlineData(';', false)]
    public async Task Csv_with_comma_or_semicolon_and_with_or_without_BOM_is_read(char separator, bool bom)
    {
        var offset = separator == ',' ? 60 : 70;
        var lines = Enumerable.Range(offset, 3).Select(i => Line.Valid(Regency, i)).ToArray();
        lines[0].Name = "Nur, Aisyah \"Ica\""; // quoted field containing the separator and quotes
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.Csv(lines, separator, bom), "roster.csv");

        (await PreviewRowsAsync(client, session)).Values.Select(r => r.Status).ShouldBe(["baru", "baru", "baru"]);
        await client.ConfirmAsync(session);
        var first = (await PersonAsync(lines[0].NikText))!;
        first.FullName.ShouldBe("Nur, Aisyah \"Ica\"");
        first.BirthDate.ShouldBe((DateOnly)lines[0].BirthDate!);
        (await PersonAsync(lines[2].NikText))!.LibraryWorkStart.ShouldBe(new DateOnly(2015, 7, 1));
    }

    [Fact]
    public async Task A_csv_whose_NIK_Excel_turned_into_6_3E15_is_reported_with_how_to_fix_it()
    {
        var line = Line.Valid(Regency, 75);
        line.Nik = double.Parse(line.NikText);
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.Csv([line], ';', bom: false), "excel.csv");

        var row = (await PreviewRowsAsync(client, session))[2];
        row.Status.ShouldBe("galat");
        row.Text.ShouldContain("NIK tersimpan sebagai angka (6,30102E+15)"); // 6301016004850075 as Excel shows it
        row.Text.ShouldContain("Ubah format kolom NIK menjadi Teks");
    }

    [Fact]
    public async Task An_empty_file_is_refused_with_a_message()
    {
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var response = await client.UploadAsync([], "kosong.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        page.QuerySelector("#upload-error")!.TextContent.ShouldContain("Berkas kosong (0 byte)");
    }

    [Fact]
    public async Task A_file_with_headers_only_or_no_cells_is_rejected_with_a_message()
    {
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var headersOnly = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([]), "judul-saja.xlsx");
        var blank = await client.UploadToPreviewAsync(RosterFiles.Workbook(["", ""], [], sharedStrings: false, datesAsText: true), "kosong.xlsx");

        (await PageAsync(client, $"/Registry/Import/{headersOnly}")).QuerySelector("#import-message")!.TextContent
            .ShouldContain("Berkas hanya berisi judul kolom (baris 1) tanpa data di bawahnya.");
        (await PageAsync(client, $"/Registry/Import/{blank}")).QuerySelector("#import-message")!.TextContent
            .ShouldContain("Berkas tidak berisi data: semua sel kosong.");
    }

    [Fact]
    public async Task Wrong_headers_give_one_message_naming_the_missing_columns()
    {
        string[] headers = ["No", "Nama", "NIK KTP", "Tgl Lhr", "jenis  KELAMIN", "Pendidikan", "Kategori Tenaga", "Status Kepegawaian"];
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var session = await client.UploadToPreviewAsync(RosterFiles.LibreOfficeStyle([Line.Valid(Regency, 80)], headers), "salah-judul.xlsx");

        var page = await PageAsync(client, $"/Registry/Import/{session}");
        page.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe(nameof(ImportStatus.Rejected));
        var message = page.QuerySelector("#import-message")!.TextContent;
        message.ShouldContain("Kolom wajib tidak ditemukan: NIK, Kode Kab/Kota.");
        message.ShouldContain("\"NIK KTP\"");
        message.ShouldContain("Unduh templat");
        (await app.WithDbAsync(db => db.Set<ImportRow>().CountAsync(r => r.SessionId == session))).ShouldBe(0);
    }

    [Fact]
    public async Task A_row_of_another_regency_is_an_error_row_for_an_operator_but_fine_for_the_province()
    {
        var line = Line.Valid("63.02", 85);
        var file = RosterFiles.ExcelStyle([line]);
        var operator01 = await app.ClientForAsync(Roles.Operator, Regency);
        var province = await app.ClientForAsync(Roles.AdminProvinsi, "63");

        var refused = await operator01.UploadToPreviewAsync(file, "lain.xlsx");
        var accepted = await province.UploadToPreviewAsync(file, "lain.xlsx");

        var row = (await PreviewRowsAsync(operator01, refused))[2];
        row.Status.ShouldBe("galat");
        row.Text.ShouldContain("Kabupaten/kota 63.02 di luar wilayah akun Anda.");
        (await PreviewRowsAsync(province, accepted))[2].Status.ShouldBe("baru");
        (await operator01.GetAsync($"/Registry/Import/{accepted}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a session belongs to its uploader");
    }

    [Fact]
    public async Task Likely_duplicates_are_flagged_against_the_registry_and_within_the_file()
    {
        var birth = new DateOnly(1984, 8, 8);
        var existing = await app.AddPersonAsync(Regency, "Rahmah Fitriani", Sex.Female, birth, sequence: 190);
        var sameAsExisting = Line.Valid(Regency, 191, birth: birth, name: "RAHMAH  fitriani");
        var twinA = Line.Valid(Regency, 192, birth: new DateOnly(1986, 6, 6), name: "Nur Aini Duplikat");
        var twinB = Line.Valid(Regency, 193, birth: new DateOnly(1986, 6, 6), name: "nur aini duplikat");
        var sameNameOtherBirth = Line.Valid(Regency, 194, birth: new DateOnly(1987, 7, 7), name: "Rahmah Fitriani");
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        await client.ConfirmAsync(await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([sameAsExisting, twinA, twinB, sameNameOtherBirth]), "ganda.xlsx"));

        (await PersonAsync(sameAsExisting.NikText))!.PossibleDuplicateOfId.ShouldBe(existing.Id);
        var a = (await PersonAsync(twinA.NikText))!;
        var b = (await PersonAsync(twinB.NikText))!;
        a.PossibleDuplicateOfId.ShouldBe(b.Id);
        b.PossibleDuplicateOfId.ShouldBe(a.Id);
        (await PersonAsync(sameNameOtherBirth.NikText))!.PossibleDuplicateOfId.ShouldBeNull();
        (await app.WithDbAsync(db => db.People.AsNoTracking().FirstAsync(p => p.Id == existing.Id))).PossibleDuplicateOfId.ShouldBeNull("the person already registered is not changed by an import");
    }

    [Fact]
    public async Task A_database_failure_while_staging_the_preview_fails_the_check_with_a_message_and_keeps_no_rows()
    {
        // Rows are written to the COPY by a thread of their own while later rows are checked: a failure there must end the check, not hang it.
        var lines = Enumerable.Range(170, 30).Select(i => Line.Valid(Regency, i)).ToArray();
        lines[25].Name = "Gagal Saat Disimpan";
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION fail_staged_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.full_name = 'Gagal Saat Disimpan' THEN RAISE EXCEPTION 'uji: gagal saat menyimpan pratinjau'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_staged_row BEFORE INSERT ON import_rows FOR EACH ROW EXECUTE FUNCTION fail_staged_row();
            """));
        Guid session;
        try
        {
            session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "gagal-pratinjau.xlsx");
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER fail_staged_row ON import_rows; DROP FUNCTION fail_staged_row();"));
        }

        var page = await PageAsync(client, $"/Registry/Import/{session}");
        page.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe(nameof(ImportStatus.Failed));
        page.QuerySelector("#import-message")!.TextContent.ShouldContain("Berkas tidak dapat diperiksa karena kesalahan sistem.");
        (await app.WithDbAsync(db => db.Set<ImportRow>().CountAsync(r => r.SessionId == session))).ShouldBe(0);
    }

    [Fact]
    public async Task A_failure_on_a_late_row_leaves_nothing_written()
    {
        var lines = Enumerable.Range(100, 40).Select(i => Line.Valid(Regency, i)).ToArray();
        lines[37].Name = "Gagal Di Tengah";
        var existing = Line.Valid(Regency, 140);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        await client.ConfirmAsync(await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([existing]), "satu.xlsx"));
        existing.Phone = "0811 1111 1111";
        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([existing, .. lines]), "gagal.xlsx");
        (await TotalsAsync(client, session))["new"].ShouldBe(40);
        var people = await PeopleCountAsync();
        var audits = await ImportAuditCountAsync();
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION fail_late_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.full_name = 'Gagal Di Tengah' THEN RAISE EXCEPTION 'uji: gagal di tengah impor'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_late_row BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION fail_late_row();
            """));
        try
        {
            await client.ConfirmAsync(session);
        }
        finally
        {
            await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER fail_late_row ON people; DROP FUNCTION fail_late_row();"));
        }

        (await PeopleCountAsync()).ShouldBe(people);
        (await ImportAuditCountAsync()).ShouldBe(audits);
        (await PersonAsync(existing.NikText))!.Phone.ShouldNotBe("0811 1111 1111", "the update of the first row was rolled back too");
        var page = await PageAsync(client, $"/Registry/Import/{session}");
        page.QuerySelector("#import-status")!.GetAttribute("data-status").ShouldBe(nameof(ImportStatus.Failed));
        page.QuerySelector("#import-message")!.TextContent.ShouldContain("tidak ada data yang disimpan");
    }

    [Fact]
    public async Task A_NIK_registered_by_someone_else_after_the_preview_aborts_the_whole_import()
    {
        var lines = Enumerable.Range(150, 5).Select(i => Line.Valid(Regency, i, birth: new DateOnly(1991, 4, 1 + i - 150))).ToArray();
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle(lines), "balapan.xlsx");
        await app.AddPersonAsync(Regency, "Didaftarkan Duluan", Sex.Female, new DateOnly(1991, 4, 4), sequence: 153);
        var people = await PeopleCountAsync();

        await client.ConfirmAsync(session);

        (await PeopleCountAsync()).ShouldBe(people);
        var page = await PageAsync(client, $"/Registry/Import/{session}");
        page.QuerySelector("#import-message")!.TextContent.ShouldContain("1 NIK di berkas ini telah didaftarkan pengguna lain sejak pratinjau dibuat. Tidak ada data yang disimpan.");
    }

    [Fact]
    public async Task Rejected_rows_download_opens_with_the_file_columns_and_an_Alasan_column()
    {
        var good = Line.Valid(Regency, 160);
        var bad = Line.Valid(Regency, 161);
        bad.Education = "SMA Kejuruan";
        bad.WorkStart = new DateOnly(2016, 11, 21);
        var client = await app.ClientForAsync(Roles.Operator, Regency);
        var session = await client.UploadToPreviewAsync(RosterFiles.ExcelStyle([good, bad]), "dua.xlsx");

        var response = await client.GetAsync($"/Registry/Import/{session}?handler=Rejected");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Kompeten.Web.Infrastructure.XlsxWriter.ContentType);
        var sheet = RosterFiles.ReadSheet(await response.Content.ReadAsByteArrayAsync());
        sheet[0].ShouldBe([.. RosterFiles.Headers, "Alasan"]);
        sheet.Count.ShouldBe(2);
        sheet[1][0].ShouldBe(bad.NikText, "the NIK comes back as typed, so the row can be fixed and uploaded again");
        sheet[1][2].ShouldBe("Pegawai Uji 161");
        sheet[1][17].ShouldBe("21/11/2016");
        sheet[1][18].ShouldBe("Baris 3: Pendidikan terakhir \"SMA Kejuruan\" tidak dikenal. Isi salah satu: SD, SMP, SLTA, D1, D2, D3, D4, S1, S2, S3.");
    }

    [Fact]
    public async Task The_template_has_the_headers_an_example_row_text_NIK_cells_and_the_codes()
    {
        var client = await app.ClientForAsync(Roles.Operator, Regency);

        var bytes = await client.GetByteArrayAsync("/Registry/Import?handler=Template");

        var data = RosterFiles.ReadSheet(bytes, "Data");
        data[0].ShouldBe(RosterFiles.Headers);
        data[1][0].ShouldBe("6301015705889999");
        data[1][16].ShouldBe(Regency);
        var codes = RosterFiles.ReadSheet(bytes, "Kode");
        codes.ShouldContain(r => r[0] == "Kategori Tenaga" && r[1] == "pustakawan");
        codes.ShouldContain(r => r[0] == "Kode Kab/Kota" && r[1] == Regency);
        codes.ShouldNotContain(r => r[0] == "Kode Kab/Kota" && r[1] == "63.02", "an operator's template lists only their regency");
        RosterFiles.ReadSheet(bytes, "Petunjuk").Count.ShouldBeGreaterThan(5);

        // The template as downloaded is itself importable; its example row is refused with a reason.
        var session = await client.UploadToPreviewAsync(bytes, "templat.xlsx");
        (await PreviewRowsAsync(client, session))[2].Text.ShouldContain("Ini baris contoh dari templat; hapus baris ini sebelum mengunggah.");
    }

    [Fact]
    public async Task Leadership_cannot_open_the_import()
    {
        var client = await app.ClientForAsync(Roles.Pimpinan, "63");

        var response = await client.GetAsync("/Registry/Import");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/AccessDenied");
    }
}
