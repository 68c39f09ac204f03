using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kompeten.Tests.Support;

/// <param name="Text">The cell's text: a shared or inline string, or the raw value of any other cell.</param>
/// <param name="IsString">A shared (t="s") or inline (t="inlineStr") string.</param>
/// <param name="QuotePrefix">Its style has quotePrefix="1": shown as is and kept as text when edited.</param>
/// <param name="HasFormula">It has an &lt;f&gt; element.</param>
public sealed record XlsxCell(string Sheet, string Reference, string? Text, bool IsString, bool QuotePrefix, bool HasFormula, CellFormat Format);

/// <summary>The cells of a workbook as written, with what their style says (read with OpenXml).</summary>
public static class XlsxCells
{
    public static List<XlsxCell> Read(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = doc.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var formats = workbook.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var result = new List<XlsxCell>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            foreach (var cell in part.Worksheet.Descendants<Cell>())
            {
                var type = cell.DataType?.Value;
                var text = type == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : type == CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text;
                var format = formats.Count > 0 ? formats[(int)(cell.StyleIndex?.Value ?? 0)] : new CellFormat();
                result.Add(new XlsxCell(sheet.Name!, cell.CellReference!, text, type == CellValues.SharedString || type == CellValues.InlineString,
                    format.QuotePrefix?.Value == true, cell.CellFormula is not null, (CellFormat)format.CloneNode(true)));
            }
        }
        return result;
    }

    /// <summary>
    /// The workbook has no formula anywhere, and <paramref name="text"/> is there exactly (no
    /// apostrophe added) as a string cell with a quote-prefixed style.
    /// </summary>
    public static void ShouldHaveQuotePrefixedText(this byte[] xlsx, params string[] texts)
    {
        var cells = Read(xlsx);
        cells.Where(c => c.HasFormula).ShouldBeEmpty("no cell is a formula");
        foreach (var text in texts)
        {
            var matching = cells.Where(c => c.Text == text).ToList();
            matching.ShouldNotBeEmpty($"a cell with exactly \"{text}\"");
            matching.ShouldAllBe(c => c.IsString && c.QuotePrefix, $"\"{text}\" is a string cell with a quotePrefix style");
        }
    }
}
