using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kompeten.Tests.Support;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Tests.Infrastructure;

/// <summary>The one xlsx writer every export uses, read back with OpenXml.</summary>
public class XlsxWriterTests
{
    private static Worksheet Sheet(SpreadsheetDocument doc, string name)
    {
        var sheet = doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
    }

    private static Cell Cell(Worksheet sheet, string reference) => sheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    private static string Text(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue!.Text;

    /// <summary>The font of the cell's style: (bold, size).</summary>
    private static (bool Bold, double Size) Font(SpreadsheetDocument doc, Cell cell)
    {
        var styles = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
        var font = styles.Fonts!.Elements<Font>().ElementAt((int)format.FontId!.Value);
        return (font.Bold is not null, font.FontSize!.Val!.Value);
    }

    private static CellFormat Format(SpreadsheetDocument doc, Cell cell) =>
        doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    private static uint NumberFormat(SpreadsheetDocument doc, Cell cell) =>
        doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0)).NumberFormatId!.Value;

    [Fact]
    public void A_name_that_looks_like_a_formula_is_written_as_text_not_run()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Peserta", [new("No"), new("Nama")], [[1, "=HYPERLINK(\"http://x\",\"klik\")"]]));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = Sheet(doc, "Peserta");
        sheet.Descendants<CellFormula>().ShouldBeEmpty();
        Cell(sheet, "A2").CellValue!.Text.ShouldBe("1");
        var name = Cell(sheet, "B2");
        name.DataType!.Value.ShouldBe(CellValues.InlineString);
        name.InlineString!.InnerText.ShouldBe("=HYPERLINK(\"http://x\",\"klik\")", "the value is exact: no apostrophe added");
        Format(doc, name).QuotePrefix!.Value.ShouldBeTrue("the style keeps it text when the cell is edited");
        Format(doc, Cell(sheet, "A2")).QuotePrefix.ShouldBeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_phone_number_and_a_formula_come_out_exactly_as_quote_prefixed_text(bool sharedStrings)
    {
        const string phone = "+62 812 5555 0001", formula = "=HYPERLINK(\"http://x\")";
        var bytes = XlsxWriter.ToBytes(
            x => x.AddSheet("Kontak", [new("Nama"), new("Telepon/WA"), new("Catatan")], [["Budi Santoso", phone, formula]]),
            new XlsxOptions { SharedStrings = sharedStrings });

        var cells = XlsxCells.Read(bytes);
        cells.ShouldNotContain(c => c.HasFormula);
        foreach (var (reference, text) in new[] { ("B2", phone), ("C2", formula) })
        {
            var cell = cells.Single(c => c.Reference == reference);
            cell.Text.ShouldBe(text);
            cell.IsString.ShouldBeTrue(reference);
            cell.QuotePrefix.ShouldBeTrue(reference);
        }
        cells.Single(c => c.Reference == "A2").QuotePrefix.ShouldBeFalse("plain text keeps the plain style");
        bytes.ShouldHaveQuotePrefixedText(phone, formula);

        // No <f> in the sheet XML, and no apostrophe anywhere in the text.
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            foreach (var part in doc.WorkbookPart!.Parts.Select(p => p.OpenXmlPart).Where(p => p is WorksheetPart or SharedStringTablePart))
            {
                using var reader = new StreamReader(part.GetStream());
                var xml = reader.ReadToEnd();
                xml.ShouldNotContain("<x:f>");
                xml.ShouldNotContain("<f>");
                xml.ShouldNotContain("'");
            }
        }

        // Read back as text, exactly, by the app's reader and by ExcelDataReader.
        using var file = TabularFile.Open(new MemoryStream(bytes), "kontak.xlsx");
        var row = file.Rows().Skip(1).Single();
        row[1].ShouldBe(new TabularCell(CellKind.Text, phone));
        row[2].ShouldBe(new TabularCell(CellKind.Text, formula));
        using var theirs = ExcelDataReader.ExcelReaderFactory.CreateReader(new MemoryStream(bytes));
        theirs.Read().ShouldBeTrue();
        theirs.Read().ShouldBeTrue();
        (theirs.GetValue(1), theirs.GetValue(2)).ShouldBe((phone, formula));
    }

    [Fact]
    public void Formula_like_text_keeps_the_rest_of_its_style()
    {
        // Header, title, bold row, text column, number columns: each quote-prefixed cell has the
        // style its neighbour of the same kind has, plus quotePrefix, in the Text format "@".
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Dasbor",
            [new("Uraian"), new("-Catatan", Format: XlsxFormat.Text), new("Jumlah", Format: XlsxFormat.Integer)],
            [
                ["Pelatihan", "+50 pada 2026", 50],
                ["-", "biasa", -3],
                new XlsxBoldRow("@Total", "=SUM(1)", 47),
                new XlsxBoldRow("Total", "teks", 47),
            ],
            title: "=Dasbor"));

        var cells = XlsxCells.Read(bytes).ToDictionary(c => c.Reference);
        cells.Values.ShouldNotContain(c => c.HasFormula);
        (string Quoted, string Plain)[] pairs =
        [
            ("A1", "A1"),   // title (only one)
            ("B3", "A3"),   // header
            ("B4", "B5"),   // text column
            ("A5", "A4"),   // general
            ("A6", "A7"),   // bold
            ("B6", "B7"),   // bold text column
        ];
        foreach (var (quoted, plain) in pairs)
        {
            cells[quoted].IsString.ShouldBeTrue(quoted);
            cells[quoted].QuotePrefix.ShouldBeTrue(quoted);
            cells[quoted].Format.NumberFormatId!.Value.ShouldBe(49u, quoted);
            if (quoted == plain) continue;
            cells[plain].QuotePrefix.ShouldBeFalse(plain);
            // The same style but for quotePrefix and the Text format.
            var format = (CellFormat)cells[quoted].Format.CloneNode(true);
            var expected = (CellFormat)cells[plain].Format.CloneNode(true);
            format.QuotePrefix = null;
            if (expected.NumberFormatId!.Value == 0) (expected.NumberFormatId, expected.ApplyNumberFormat) = (49, true);
            format.OuterXml.ShouldBe(expected.OuterXml, $"{quoted} is styled as {plain}");
        }
        cells["A1"].Text.ShouldBe("=Dasbor");
        cells["B3"].Text.ShouldBe("-Catatan");
        cells["B4"].Text.ShouldBe("+50 pada 2026");
        cells["A5"].Text.ShouldBe("-");
        cells["A6"].Text.ShouldBe("@Total");
        cells["B6"].Text.ShouldBe("=SUM(1)");
        // Numbers are numbers, never quote-prefixed, negative or not.
        cells["C5"].IsString.ShouldBeFalse();
        cells["C5"].QuotePrefix.ShouldBeFalse();

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = Sheet(doc, "Dasbor");
        Font(doc, Cell(sheet, "A1")).ShouldBe((true, 13));
        Font(doc, Cell(sheet, "A6")).Bold.ShouldBeTrue();
        NumberFormat(doc, Cell(sheet, "B4")).ShouldBe(49u);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2007).Validate(doc)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
    }

    [Fact]
    public void Formula_like_text_can_be_written_without_the_quote_prefix()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Data", [new("Telepon")], [["+62 812 5555 0001"]]), new XlsxOptions { NeutraliseFormulas = false });

        var cell = XlsxCells.Read(bytes).Single(c => c.Reference == "A2");
        (cell.Text, cell.IsString, cell.QuotePrefix).ShouldBe(("+62 812 5555 0001", true, false));
    }

    [Theory]
    [InlineData("=1+1", true)]
    [InlineData("+62 812", true)]
    [InlineData("-", true)]
    [InlineData("@SUM(A1)", true)]
    [InlineData("\tTab", true)]
    [InlineData("\rCR", true)]
    [InlineData("Budi", false)]
    [InlineData(" =1+1", false)]
    [InlineData("'=1+1", false)]
    [InlineData("", false)]
    public void What_looks_like_a_formula(string text, bool looks) => XlsxWriter.LooksLikeFormula(text).ShouldBe(looks);

    [Fact]
    public void A_title_goes_above_the_header_and_the_view_freezes_below_the_header()
    {
        var bytes = XlsxWriter.ToBytes(x =>
        {
            x.AddSheet("Wilayah", XlsxColumn.Fitting(["Kabupaten/Kota", "Tenaga"]), [["Kota Banjarmasin", 120]], title: "Dasbor sertifikasi Kalimantan Selatan");
            x.AddSheet("Keterangan", XlsxColumn.Fitting(["Istilah", "Arti"]), [["Tenaga", "Tenaga perpustakaan"]]);
        });

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ShouldBe(["Wilayah", "Keterangan"]);

        var titled = Sheet(doc, "Wilayah");
        Text(Cell(titled, "A1")).ShouldBe("Dasbor sertifikasi Kalimantan Selatan");
        Font(doc, Cell(titled, "A1")).ShouldBe((true, 13));
        titled.Descendants<Row>().Select(r => r.RowIndex!.Value).ShouldBe([1u, 3u, 4u]);
        Text(Cell(titled, "A3")).ShouldBe("Kabupaten/Kota");
        Text(Cell(titled, "B4")).ShouldBe("120");
        var pane = titled.Descendants<Pane>().Single();
        (pane.VerticalSplit!.Value, pane.TopLeftCell!.Value).ShouldBe((3d, "A4"));
        titled.Descendants<AutoFilter>().Single().Reference!.Value.ShouldBe("A3:B4");

        var plain = Sheet(doc, "Keterangan");
        Text(Cell(plain, "A1")).ShouldBe("Istilah");
        plain.Descendants<Pane>().Single().TopLeftCell!.Value.ShouldBe("A2");
    }

    [Fact]
    public void A_bold_row_is_bold_and_keeps_its_number_formats()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Anggaran", XlsxColumn.Fitting(["Uraian", "Volume", "Jumlah"]),
        [
            ["Konsumsi", 55, 4_675_000.00m],
            new XlsxBoldRow("Total", 55, 4_675_000.00m),
        ]));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = Sheet(doc, "Anggaran");
        Font(doc, Cell(sheet, "A2")).Bold.ShouldBeFalse();
        foreach (var reference in new[] { "A3", "B3", "C3" }) Font(doc, Cell(sheet, reference)).Bold.ShouldBeTrue(reference);
        NumberFormat(doc, Cell(sheet, "B3")).ShouldBe(NumberFormat(doc, Cell(sheet, "B2")));
        NumberFormat(doc, Cell(sheet, "B3")).ShouldBe(1u, "an integer stays \"0\"");
        // A numeric(18,2) amount is written without its trailing zeros.
        Cell(sheet, "C2").CellValue!.Text.ShouldBe("4675000");
        Cell(sheet, "C3").CellValue!.Text.ShouldBe("4675000");
    }

    [Fact]
    public void Text_columns_keep_what_is_typed_into_them_as_text()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Hasil", XlsxColumn.Fitting(["NIK", "Kode unit"], XlsxFormat.Text), []));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var styles = doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        Sheet(doc, "Hasil").Descendants<Column>().ShouldAllBe(c => styles[(int)c.Style!.Value].NumberFormatId!.Value == 49);
    }

    [Fact]
    public void Fractional_numbers_take_the_number_format_of_their_column()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Angka",
            [new("Bulat", Format: XlsxFormat.Integer), new("Desimal", Format: XlsxFormat.Decimal), new("Umum")],
            [
                [4_675_000.00m, 2.5d, 1.25f],
                [7.0d, 3.50m, 12.10m],
            ]));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = Sheet(doc, "Angka");
        foreach (var row in new[] { 2, 3 })
        {
            NumberFormat(doc, Cell(sheet, $"A{row}")).ShouldBe(1u, "integer column: \"0\"");
            NumberFormat(doc, Cell(sheet, $"B{row}")).ShouldBe(4u, "decimal column: \"#,##0.00\"");
            Cell(sheet, $"C{row}").StyleIndex.ShouldBeNull("a General column adds no style");
        }
        Text(Cell(sheet, "A2")).ShouldBe("4675000");
        Text(Cell(sheet, "B2")).ShouldBe("2.5");
        Text(Cell(sheet, "C2")).ShouldBe("1.25");
        Text(Cell(sheet, "B3")).ShouldBe("3.5");
    }

    [Fact]
    public void A_short_list_of_allowed_values_becomes_a_drop_down_under_the_header()
    {
        var bytes = XlsxWriter.ToBytes(x => x.AddSheet("Hasil",
            [new("NIK"), new("Hasil", AllowedValues: ["K", "BK"]), new("Catatan", AllowedValues: [])],
            [], title: "Hasil uji"));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var validation = Sheet(doc, "Hasil").Descendants<DataValidation>().ShouldHaveSingleItem();
        validation.Formula1!.Text.ShouldBe("\"K,BK\"");
        validation.Error!.Value.ShouldBe("Pilih salah satu: K, BK");
        validation.SequenceOfReferences!.InnerText.ShouldBe("B4:B100000");
    }
}
