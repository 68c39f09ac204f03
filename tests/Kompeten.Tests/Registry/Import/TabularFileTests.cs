using System.Text;
using Kompeten.Tests.Support;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Registry.Import;

/// <summary>The reader and writer on their own: cell types, separators, encodings, limits.</summary>
public class TabularFileTests
{
    private static List<TabularRow> Read(byte[] bytes, string name, TabularLimits? limits = null)
    {
        using var file = TabularFile.Open(new MemoryStream(bytes), name, limits);
        return file.Rows().ToList();
    }

    [Fact]
    public void An_Excel_style_file_keeps_dates_numbers_and_shared_strings_apart_and_reads_the_Data_sheet()
    {
        var line = Line.Valid("63.01", 7);
        line.Phone = 81234567890d;

        var rows = Read(RosterFiles.ExcelStyle([line]), "excel.xlsx");

        rows.Count.ShouldBe(2);
        rows[0][0].ShouldBe(new TabularCell(CellKind.Text, "NIK"));
        rows[1][0].ShouldBe(new TabularCell(CellKind.Text, line.NikText));
        rows[1][6].ShouldBe(new TabularCell(CellKind.Date, ((DateOnly)line.BirthDate!).ToString("yyyy-MM-dd")));
        rows[1][7].ShouldBe(new TabularCell(CellKind.Number, "81234567890"));
        rows[1].Number.ShouldBe(2);
    }

    [Fact]
    public void A_LibreOffice_style_file_gives_inline_strings_and_dates_typed_as_text()
    {
        var rows = Read(RosterFiles.LibreOfficeStyle([Line.Valid("63.01", 8)]), "libre.xlsx");

        rows[1][2].ShouldBe(new TabularCell(CellKind.Text, "Pegawai Uji 8"));
        rows[1][17].ShouldBe(new TabularCell(CellKind.Text, "01/07/2015"));
    }

    [Fact]
    public void A_NIK_stored_as_a_number_is_seen_as_a_number()
    {
        var line = Line.Valid("63.01", 9);
        line.Nik = 6301015705880000d;

        var cell = Read(RosterFiles.ExcelStyle([line]), "angka.xlsx")[1][0];

        cell.Kind.ShouldBe(CellKind.Number);
        RosterCells.IdentityNumber(cell, "NIK", 16, out var error).ShouldBeNull();
        error.ShouldBe("NIK tersimpan sebagai angka (6,30102E+15), sehingga digit-digit terakhirnya hilang. " +
                       "Ubah format kolom NIK menjadi Teks (Format Cells → Text), ketik ulang NIK (16 digit) lalu unggah lagi.");
    }

    [Theory]
    [InlineData("NIK,Nama\r\n6301,\"Siti; Aminah\"\r\n", "Siti; Aminah")]
    [InlineData("NIK;Nama\r\n6301;\"Siti, Aminah\"\r\n", "Siti, Aminah")]
    [InlineData("NIK\tNama\n6301\tSiti Aminah\n", "Siti Aminah")]
    public void The_csv_separator_is_detected(string csv, string name)
    {
        var rows = Read(Encoding.UTF8.GetBytes(csv), "data.csv");

        rows[0].Cells.Select(c => c.Text).ShouldBe(["NIK", "Nama"]);
        rows[1][1].Text.ShouldBe(name);
    }

    [Fact]
    public void A_UTF8_BOM_is_not_part_of_the_first_header_and_Windows_1252_is_read_too()
    {
        var withBom = Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("NIK;Nama\n1;Siti Ña\n")], "bom.csv");
        var ansi = Read(Encoding.Latin1.GetBytes("NIK;Nama\n1;Siti Ña\n"), "ansi.csv");

        withBom[0][0].Text.ShouldBe("NIK");
        withBom[1][1].Text.ShouldBe("Siti Ña");
        ansi[1][1].Text.ShouldBe("Siti Ña");
    }

    [Fact]
    public void Empty_rows_are_skipped_but_row_numbers_stay_those_of_the_file()
    {
        var rows = Read(Encoding.UTF8.GetBytes("NIK;Nama\n;\n\n1;Siti\n"), "kosong.csv");

        rows.Select(r => r.Number).ShouldBe([1, 3]);
    }

    [Fact]
    public void Empty_oversized_unknown_and_broken_files_are_refused_with_a_message()
    {
        Should.Throw<TabularFileException>(() => Read([], "kosong.xlsx")).Message.ShouldStartWith("Berkas kosong (0 byte).");
        Should.Throw<TabularFileException>(() => Read(new byte[3000], "besar.csv", new TabularLimits(2048, 10))).Message
            .ShouldStartWith("Berkas terlalu besar (3 KB); batasnya 2 KB.");
        Should.Throw<TabularFileException>(() => Read("%PDF-1.7"u8.ToArray(), "surat.pdf")).Message.ShouldStartWith("Jenis berkas .pdf tidak didukung.");
        Should.Throw<TabularFileException>(() => Read("bukan excel"u8.ToArray(), "palsu.xlsx")).Message.ShouldContain("bukan lembar kerja Excel yang sah");
        Should.Throw<TabularFileException>(() => Read([(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 1, 2, 3], "rusak.xlsx")).Message.ShouldContain("tidak dapat dibaca sebagai lembar kerja Excel");
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_while_reading()
    {
        var csv = "NIK\n" + string.Concat(Enumerable.Range(1, 11).Select(i => $"{i}\n"));

        Should.Throw<TabularFileException>(() => Read(Encoding.UTF8.GetBytes(csv), "banyak.csv", new TabularLimits(1 << 20, 10))).Message
            .ShouldStartWith("Berkas berisi lebih dari 10 baris data.");
        Read(Encoding.UTF8.GetBytes("NIK\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"{i}\n"))), "pas.csv", new TabularLimits(1 << 20, 10)).Count.ShouldBe(11);
    }

    [Theory]
    [InlineData(CellKind.Text, "17/05/1988")]
    [InlineData(CellKind.Text, "17-5-1988")]
    [InlineData(CellKind.Text, "1988-05-17")]
    [InlineData(CellKind.Text, "17 Mei 1988")]
    [InlineData(CellKind.Text, "17 May 1988")]
    [InlineData(CellKind.Date, "1988-05-17")]
    [InlineData(CellKind.Number, "32280")] // a date cell that lost its date format
    public void Dates_are_read_in_the_forms_people_type_them(CellKind kind, string text)
    {
        RosterCells.TryDate(new TabularCell(kind, text), out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(1988, 5, 17));
    }

    [Theory]
    [InlineData("Jenis Kelamin (L/P)", "jeniskelamin")]
    [InlineData("  JENIS   kelamin ", "jeniskelamin")]
    [InlineData("E-mail", "email")]
    [InlineData("NPP/Nama Perpustakaan", "nppnamaperpustakaan")]
    public void Header_matching_ignores_case_spacing_punctuation_and_hints(string header, string normalized) =>
        RosterColumns.Normalize(header).ShouldBe(normalized);

    [Theory]
    [InlineData("6301", "63.01")]
    [InlineData("63.1", "63.10")]
    [InlineData("63.71", "63.71")]
    public void Regency_codes_that_Excel_mangled_are_repaired(string typed, string code) => RosterCells.RegencyCode(typed).ShouldBe(code);

    [Fact]
    public void The_xlsx_writer_keeps_formula_like_text_exact_and_writes_dates_and_numbers_as_such()
    {
        using var ms = new MemoryStream();
        using (var x = XlsxWriter.Create(ms))
        {
            x.AddSheet("Uji", [new XlsxColumn("Teks"), new XlsxColumn("Tanggal", Format: XlsxFormat.Date), new XlsxColumn("Angka")],
                [["=1+1", new DateOnly(2026, 11, 21), 42], ["-2", null, 1.5], ["\tTab", null, null], ["aman", null, null]]);
        }

        var sheet = RosterFiles.ReadSheet(ms.ToArray(), "Uji");
        sheet.Select(r => r[0]).ShouldBe(["Teks", "=1+1", "-2", "\tTab", "aman"]);
        ms.ToArray().ShouldHaveQuotePrefixedText("=1+1", "-2", "\tTab");
        XlsxCells.Read(ms.ToArray()).Single(c => c.Text == "aman").QuotePrefix.ShouldBeFalse();
        sheet[1][1].ShouldBe("46347");
        sheet[1][2].ShouldBe("42");
        sheet[2][2].ShouldBe("1.5");
        var back = Read(ms.ToArray(), "uji.xlsx");
        back[1][1].ShouldBe(new TabularCell(CellKind.Date, "2026-11-21"));
        back[1][2].Kind.ShouldBe(CellKind.Number);
        back[1][0].ShouldBe(new TabularCell(CellKind.Text, "=1+1"));
        back[2][0].ShouldBe(new TabularCell(CellKind.Text, "-2"));
    }

    [Fact]
    public void The_xlsx_writer_can_use_shared_strings()
    {
        using var ms = new MemoryStream();
        using (var x = XlsxWriter.Create(ms, new XlsxOptions { SharedStrings = true }))
        {
            x.AddSheet("Data", [new XlsxColumn("A")], [["sama"], ["sama"], ["lain"]]);
        }

        Read(ms.ToArray(), "shared.xlsx").Select(r => r[0].Text).ShouldBe(["A", "sama", "sama", "lain"]);
    }
}
