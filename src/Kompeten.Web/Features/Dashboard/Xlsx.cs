using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kompeten.Web.Features.Dashboard;

/// <summary>One worksheet: a title line, a header row and data rows (numbers stay numbers).</summary>
public sealed record XlsxSheet(string Name, string Title, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>
/// Minimal xlsx writing with DocumentFormat.OpenXml 2.x (ClosedXML does not restore here): inline
/// strings, numeric cells for numbers, a bold header, the header row frozen.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Build(IEnumerable<XlsxSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold()), new Font(new Bold(), new FontSize { Val = 13 })),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { FontId = 1, ApplyFont = true },
                    new CellFormat { FontId = 2, ApplyFont = true }));
            var sheetList = wb.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var s in sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                uint r = 1;
                data.Append(Row(r++, [s.Title], 2));
                data.Append(new Row { RowIndex = r++ });
                var headerRow = r;
                data.Append(Row(r++, s.Header.Cast<object?>().ToList(), 1));
                foreach (var row in s.Rows) data.Append(Row(r++, row, 0));
                var widths = new Columns(s.Header.Select((h, i) => new Column
                {
                    Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Clamp(h.Length + 4, 10, i == 0 ? 40 : 24), CustomWidth = true,
                }));
                var views = new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                }) { WorkbookViewId = 0 });
                part.Worksheet = new Worksheet(views, widths, data);
                sheetList.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id++, Name = SafeName(s.Name) });
            }
            wb.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<object?> values, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = Column(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(values[i] switch
            {
                null => new Cell { CellReference = reference, StyleIndex = style },
                int or long or double or decimal or float => new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToString(values[i], CultureInfo.InvariantCulture)!),
                    StyleIndex = style,
                },
                var v => new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(Clean(v.ToString() ?? "")) { Space = SpaceProcessingModeValues.Preserve }),
                    StyleIndex = style,
                },
            });
        }
        return row;
    }

    private static string Column(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    /// <summary>Sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SafeName(string name)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? '-' : c).ToArray());
        return clean.Length > 31 ? clean[..31] : clean;
    }

    /// <summary>Control characters are not allowed in XML text.</summary>
    private static string Clean(string s) => new(s.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c)).ToArray());
}
