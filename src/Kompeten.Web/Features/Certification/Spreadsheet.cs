using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;

namespace Kompeten.Web.Features.Certification;

/// <summary>The file could not be read as a spreadsheet; the message says so in Indonesian.</summary>
public sealed class SpreadsheetUnreadable(string message) : Exception(message);

/// <summary>
/// Small xlsx writer (DocumentFormat.OpenXml 2.x) and reader (ExcelDataReader). Every cell is
/// written as text unless it is a number or a date, so a NIK never turns into 6.3E+15.
/// </summary>
public static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static Spreadsheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var columns = new Columns();
            for (var i = 0; i < headers.Count; i++)
            {
                columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = Math.Clamp(headers[i].Length + 6, 12, 45), CustomWidth = true });
            }
            data.Append(RowOf(1, headers.Cast<object?>().ToList(), header: true));
            uint r = 2;
            foreach (var row in rows) data.Append(RowOf(r++, row, header: false));
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                columns, data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName.Length > 31 ? sheetName[..31] : sheetName });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row RowOf(uint index, IReadOnlyList<object?> values, bool header)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            var reference = ColumnName(i) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(values[i] switch
            {
                null => new Cell { CellReference = reference },
                int or long or decimal or double => new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToString(values[i], CultureInfo.InvariantCulture)!),
                },
                // Dates as dd-MM-yyyy text: readable in any locale's spreadsheet, and never reinterpreted.
                DateOnly d => Text(reference, d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture), header),
                var v => Text(reference, Convert.ToString(v, CultureInfo.InvariantCulture) ?? "", header),
            });
        }
        return row;
    }

    private static Cell Text(string reference, string text, bool header) => new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        StyleIndex = header ? 1u : 2u,
    };

    /// <summary>Style 1: bold header; style 2: text format (@), so typed-over NIKs stay text.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true, NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true }) { Count = 3 });

    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }

    /// <summary>A row as read: its 1-based row number in the sheet and its cells (trimmed text; null when empty).</summary>
    public sealed record SheetRow(int Number, IReadOnlyList<object?> Raw)
    {
        public string? this[int i] => i < Raw.Count ? AsText(Raw[i]) : null;

        public bool IsEmpty => Raw.All(v => AsText(v) is null);

        /// <summary>A long number typed into a cell loses digits (a NIK needs 16, a double keeps 15).</summary>
        public bool IsImpreciseNumber(int i) => i < Raw.Count && Raw[i] is double d && Math.Abs(d) >= 1e15;

        private static string? AsText(object? v) => v switch
        {
            null => null,
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
            double d => d.ToString("0.################", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } s ? s : null,
        };
    }

    /// <summary>The first sheet: header row and data rows (empty rows skipped).</summary>
    public static (IReadOnlyList<string> Headers, List<SheetRow> Rows) Read(Stream content)
    {
        try
        {
            using var buffered = new MemoryStream();
            content.CopyTo(buffered);
            buffered.Position = 0;
            using var reader = ExcelReaderFactory.CreateReader(buffered);
            var headers = new List<string>();
            var rows = new List<SheetRow>();
            var number = 0;
            while (reader.Read())
            {
                number++;
                var values = new object?[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++) values[i] = reader.GetValue(i);
                if (number == 1)
                {
                    headers.AddRange(values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? ""));
                    continue;
                }
                var row = new SheetRow(number, values);
                if (!row.IsEmpty) rows.Add(row);
            }
            return (headers, rows);
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new SpreadsheetUnreadable("Berkas tidak dapat dibaca sebagai lembar kerja Excel (.xlsx). Simpan ulang berkas dalam format .xlsx lalu unggah lagi.");
        }
    }

    /// <summary>Finds each wanted column by its header text (case and spacing ignored).</summary>
    public static Dictionary<string, int> Locate(IReadOnlyList<string> headers, IEnumerable<(string Key, string[] Names)> wanted, out List<string> missing)
    {
        static string Norm(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var found = new Dictionary<string, int>();
        missing = [];
        foreach (var (key, names) in wanted)
        {
            var index = headers.Select((h, i) => (h, i)).FirstOrDefault(x => names.Any(n => Norm(n) == Norm(x.h)), (h: "", i: -1)).i;
            if (index >= 0) found[key] = index;
            else missing.Add(names[0]);
        }
        return found;
    }
}
