using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kompeten.Tests.Training;

public class TrainingXlsxTests
{
    [Fact]
    public void A_participant_name_that_looks_like_a_formula_is_written_as_text_not_run()
    {
        var bytes = Kompeten.Web.Features.Training.Xlsx.Write(
            new Kompeten.Web.Features.Training.Xlsx.Sheet("Peserta").Header("No", "Nama").Row(1, "=HYPERLINK(\"http://x\",\"klik\")"));

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        sheet.Descendants<CellFormula>().ShouldBeEmpty();
        var cells = sheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ToList();
        cells[0].CellValue!.Text.ShouldBe("1");
        cells[1].InlineString!.InnerText.ShouldBe("'=HYPERLINK(\"http://x\",\"klik\")");
    }
}
