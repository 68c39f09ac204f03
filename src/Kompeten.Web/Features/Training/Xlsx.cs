using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// A small xlsx writer on DocumentFormat.OpenXml 2.x: sheets of rows, numbers as numbers (so
/// totals can be recomputed in Excel), text as inline strings, bold header rows. Unlike
/// <see cref="XlsxWriter"/> it bolds any row (totals mid-sheet); text is neutralised the same way.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed class Sheet(string name)
    {
        public string Name { get; } = name.Length > 31 ? name[..31] : name;
        public List<object?[]> Rows { get; } = [];
        public HashSet<int> BoldRows { get; } = [];

        public Sheet Header(params object?[] cells)
        {
            BoldRows.Add(Rows.Count);
            Rows.Add(cells);
            return this;
        }

        public Sheet Row(params object?[] cells)
        {
            Rows.Add(cells);
            return this;
        }
    }

    public static byte[] Write(params Sheet[] sheets)
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
            var list = book.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var sheet in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < sheet.Rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    var cells = sheet.Rows[r];
                    for (var c = 0; c < cells.Length; c++)
                    {
                        var cell = Cell(cells[c], $"{XlsxWriter.ColumnName(c)}{r + 1}");
                        if (sheet.BoldRows.Contains(r)) cell.StyleIndex = 1;
                        row.Append(cell);
                    }
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = book.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
            }
            book.Workbook.Save();
        }
        return buffer.ToArray();
    }

    private static Cell Cell(object? value, string reference) => value switch
    {
        null => new Cell { CellReference = reference },
        int or long or decimal or double or float => new Cell
        {
            CellReference = reference,
            DataType = CellValues.Number,
            CellValue = new CellValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture)),
        },
        _ => new Cell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(XlsxWriter.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")) { Space = SpaceProcessingModeValues.Preserve }),
        },
    };
}
