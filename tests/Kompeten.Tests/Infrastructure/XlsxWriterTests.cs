using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
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
        Cell(sheet, "B2").InlineString!.InnerText.ShouldBe("'=HYPERLINK(\"http://x\",\"klik\")");
    }

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
}
