using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kompeten.Web.Infrastructure;

/// <summary>How the cells of a column are shown (and kept when a user types into them).</summary>
public enum XlsxFormat
{
    General,

    /// <summary>"@": what is typed stays text — NIK, NIP, phone numbers.</summary>
    Text,
    Date,
    DateTime,
    Integer,
    Decimal,
}

/// <param name="Header">Text of the header row.</param>
/// <param name="Width">Column width in characters.</param>
/// <param name="AllowedValues">Offered as a drop-down list (short lists only: Excel caps the list at 255 characters).</param>
public sealed record XlsxColumn(string Header, double Width = 16, XlsxFormat Format = XlsxFormat.General, IReadOnlyList<string>? AllowedValues = null);

public sealed record XlsxOptions
{
    /// <summary>Shared strings (what Excel writes) instead of inline strings (smaller code path, streams).</summary>
    public bool SharedStrings { get; init; }

    /// <summary>
    /// Text beginning with = + - @ tab or CR gets a leading apostrophe, so that a spreadsheet never
    /// runs it as a formula after someone edits the cell (CSV/formula injection).
    /// </summary>
    public bool NeutraliseFormulas { get; init; } = true;
}

/// <summary>
/// Writes xlsx workbooks row by row (DocumentFormat.OpenXml's streaming writer), so a report of
/// 100,000 rows never holds a document tree in memory. Values keep their type: strings become
/// text, numbers numbers, DateOnly/DateTime real dates with a dd/mm/yyyy style, bool "Ya"/"Tidak".
/// Usage: <c>using var x = XlsxWriter.Create(stream); x.AddSheet("Data", columns, rows);</c>
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    // Cell style indexes of the stylesheet built in BuildStylesheet.
    private const uint StyleHeader = 1, StyleDate = 2, StyleText = 3, StyleDateTime = 4, StyleInteger = 5, StyleDecimal = 6;
    private static readonly DateTime Epoch = new(1899, 12, 30);

    private readonly SpreadsheetDocument _doc;
    private readonly WorkbookPart _workbook;
    private readonly Sheets _sheets = new();
    private readonly XlsxOptions _options;
    private readonly Dictionary<string, int>? _shared;
    private readonly List<string>? _sharedList;
    private bool _closed;

    private XlsxWriter(Stream stream, XlsxOptions options)
    {
        _options = options;
        _doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbook = _doc.AddWorkbookPart();
        var styles = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = BuildStylesheet();
        if (options.SharedStrings)
        {
            _shared = new Dictionary<string, int>(StringComparer.Ordinal);
            _sharedList = [];
        }
    }

    /// <summary>The stream must be writable and seekable (a MemoryStream or a file).</summary>
    public static XlsxWriter Create(Stream stream, XlsxOptions? options = null) => new(stream, options ?? new XlsxOptions());

    /// <summary>Writes one sheet: a styled, frozen header row, then the rows.</summary>
    public void AddSheet(string name, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        var sheetId = (uint)_sheets.ChildElements.Count + 1;
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft })
            { TabSelected = sheetId == 1, WorkbookViewId = 0 }));
            if (columns.Count > 0)
            {
                var cols = new Columns();
                for (var i = 0; i < columns.Count; i++)
                {
                    var col = new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = columns[i].Width, CustomWidth = true };
                    var style = ColumnStyle(columns[i].Format);
                    if (style != 0) col.Style = style;
                    cols.Append(col);
                }
                w.WriteElement(cols);
            }

            w.WriteStartElement(new SheetData());
            uint rowIndex = 1;
            if (columns.Count > 0)
            {
                w.WriteStartElement(new Row { RowIndex = rowIndex });
                for (var i = 0; i < columns.Count; i++) WriteCell(w, i, rowIndex, columns[i].Header, StyleHeader, XlsxFormat.General);
                w.WriteEndElement();
            }
            foreach (var row in rows)
            {
                rowIndex++;
                w.WriteStartElement(new Row { RowIndex = rowIndex });
                for (var i = 0; i < row.Count; i++)
                {
                    var format = i < columns.Count ? columns[i].Format : XlsxFormat.General;
                    WriteCell(w, i, rowIndex, row[i], null, format);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement(); // sheetData

            var lastColumn = ColumnName(Math.Max(columns.Count, 1) - 1);
            if (columns.Count > 0) w.WriteElement(new AutoFilter { Reference = $"A1:{lastColumn}{Math.Max(rowIndex, 2)}" });
            var validations = columns
                .Select((c, i) => (c, i))
                .Where(x => x.c.AllowedValues is { Count: > 0 } list && string.Join(",", list).Length < 250)
                .Select(x => new DataValidation(new Formula1($"\"{string.Join(",", x.c.AllowedValues!)}\""))
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "Isian tidak dikenal",
                    Error = $"Pilih salah satu: {string.Join(", ", x.c.AllowedValues!)}",
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{ColumnName(x.i)}2:{ColumnName(x.i)}100000" },
                })
                .ToList();
            if (validations.Count > 0) w.WriteElement(new DataValidations(validations) { Count = (uint)validations.Count });
            w.WriteEndElement(); // worksheet
        }
        _sheets.Append(new Sheet { Id = _workbook.GetIdOfPart(part), SheetId = sheetId, Name = SafeSheetName(name) });
    }

    private static uint ColumnStyle(XlsxFormat format) => format switch
    {
        XlsxFormat.Text => StyleText,
        XlsxFormat.Date => StyleDate,
        XlsxFormat.DateTime => StyleDateTime,
        XlsxFormat.Integer => StyleInteger,
        XlsxFormat.Decimal => StyleDecimal,
        _ => 0,
    };

    private void WriteCell(OpenXmlWriter w, int column, uint row, object? value, uint? style, XlsxFormat format)
    {
        if (value is null || value is string { Length: 0 }) return;
        var reference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
        var cell = new Cell { CellReference = reference };
        switch (value)
        {
            case string s:
                SetText(cell, s);
                if (format == XlsxFormat.Text) cell.StyleIndex = StyleText;
                break;
            case DateOnly d:
                cell.CellValue = new CellValue((d.ToDateTime(TimeOnly.MinValue) - Epoch).TotalDays.ToString(CultureInfo.InvariantCulture));
                cell.StyleIndex = StyleDate;
                break;
            case DateTime dt:
                cell.CellValue = new CellValue((dt - Epoch).TotalDays.ToString(CultureInfo.InvariantCulture));
                cell.StyleIndex = dt.TimeOfDay == TimeSpan.Zero ? StyleDate : StyleDateTime;
                break;
            case DateTimeOffset dto:
                var local = dto.ToAgencyTime().DateTime; // WITA: the agency's working time zone
                cell.CellValue = new CellValue((local - Epoch).TotalDays.ToString(CultureInfo.InvariantCulture));
                cell.StyleIndex = StyleDateTime;
                break;
            case bool b:
                SetText(cell, b ? "Ya" : "Tidak");
                break;
            case int or long or short or byte or uint or ulong:
                cell.CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                cell.StyleIndex = format == XlsxFormat.Decimal ? StyleDecimal : StyleInteger;
                break;
            case double or float or decimal:
                cell.CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                if (format == XlsxFormat.Integer) cell.StyleIndex = StyleInteger;
                else if (format == XlsxFormat.Decimal) cell.StyleIndex = StyleDecimal;
                break;
            default:
                SetText(cell, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
        if (style is { } s2) cell.StyleIndex = s2;
        w.WriteElement(cell);
    }

    private void SetText(Cell cell, string text)
    {
        if (_options.NeutraliseFormulas) text = Neutralise(text);
        text = StripInvalidXml(text);
        if (_shared is not null)
        {
            if (!_shared.TryGetValue(text, out var index))
            {
                index = _sharedList!.Count;
                _shared[text] = index;
                _sharedList.Add(text);
            }
            cell.DataType = CellValues.SharedString;
            cell.CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(TextElement(text));
        }
    }

    private static Text TextElement(string text)
    {
        var t = new Text(text);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) t.Space = SpaceProcessingModeValues.Preserve;
        return t;
    }

    /// <summary>"=1+1" → "'=1+1": shown as text, never evaluated.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string StripInvalidXml(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && c is not ('\t' or '\n' or '\r')) return new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray());
        }
        return text;
    }

    /// <summary>0 → "A", 25 → "Z", 26 → "AA".</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        index++;
        while (index > 0)
        {
            var rem = (index - 1) % 26;
            name = (char)('A' + rem) + name;
            index = (index - 1) / 26;
        }
        return name;
    }

    private static string SafeSheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('\\' or '/' or '?' or '*' or '[' or ']' or ':')).ToArray());
        return clean.Length == 0 ? "Data" : clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet BuildStylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "dd/mm/yyyy hh:mm" })
        { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9EAD3" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center })
            { NumberFormatId = 49, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 1, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
        { Count = 7 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    /// <summary>Finishes the workbook (sheet list, shared strings). Called by Dispose.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        if (_sharedList is not null)
        {
            var part = _workbook.AddNewPart<SharedStringTablePart>();
            using var w = OpenXmlWriter.Create(part);
            w.WriteStartElement(new SharedStringTable { Count = (uint)_sharedList.Count, UniqueCount = (uint)_sharedList.Count });
            foreach (var s in _sharedList) w.WriteElement(new SharedStringItem(TextElement(s)));
            w.WriteEndElement();
        }
        if (_sheets.ChildElements.Count == 0) AddSheet("Data", [], []);
        _workbook.Workbook = new Workbook(_sheets);
        _workbook.Workbook.Save();
        _doc.Dispose();
    }

    public void Dispose() => Close();
}
