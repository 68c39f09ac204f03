using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
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
public sealed record XlsxColumn(string Header, double Width = 16, XlsxFormat Format = XlsxFormat.General, IReadOnlyList<string>? AllowedValues = null)
{
    /// <summary>
    /// Columns as wide as their headers (12–45 characters). <see cref="XlsxFormat.Text"/> for lists
    /// whose cells someone may type over or paste into: a NIK entered there stays text instead of becoming 6.3E+15.
    /// </summary>
    public static XlsxColumn[] Fitting(IEnumerable<string> headers, XlsxFormat format = XlsxFormat.General) =>
        [.. headers.Select(h => new XlsxColumn(h, Math.Clamp(h.Length + 6, 12, 45), format))];
}

/// <summary>A row written in bold among the data rows: a total or a sub-heading.</summary>
public sealed class XlsxBoldRow(params object?[] cells) : System.Collections.ObjectModel.ReadOnlyCollection<object?>(cells);

public sealed record XlsxOptions
{
    /// <summary>Shared strings (what Excel writes) instead of inline strings (smaller code path, streams).</summary>
    public bool SharedStrings { get; init; }

    /// <summary>
    /// Text beginning with = + - @ tab or CR keeps its exact value but gets a quote-prefixed cell
    /// style (quotePrefix="1", what Excel sets when one types a leading apostrophe) in the Text
    /// format "@". A string cell is never evaluated when the file is opened; the style keeps it text
    /// when someone edits the cell and presses Enter, so a spreadsheet never runs it as a formula
    /// (formula injection). Nothing is added to the value itself: "+62 812…" is shown and read back
    /// as "+62 812…".
    /// </summary>
    public bool NeutraliseFormulas { get; init; } = true;
}

/// <summary>
/// Writes xlsx workbooks row by row (DocumentFormat.OpenXml's streaming writer), so a report of
/// 100,000 rows never holds a document tree in memory. Values keep their type: strings become
/// text, numbers numbers, DateOnly/DateTime real dates with a dd/mm/yyyy style, bool "Ya"/"Tidak".
/// Every export goes through it, so every one neutralises formula-like text the same way
/// (a quote-prefixed style, see <see cref="XlsxOptions.NeutraliseFormulas"/>).
/// Usage: <c>using var x = XlsxWriter.Create(stream); x.AddSheet("Data", columns, rows);</c>, or
/// <c>XlsxWriter.ToBytes(x => x.AddSheet(…))</c> for a download small enough to build in memory.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Cell style indexes of the stylesheet built in BuildStylesheet: 0–6 plain, 7–13 the same in
    // bold (a style + BoldOffset), 14 a sheet's title line; 15–29 each of 0–14 with quotePrefix="1"
    // and General turned into Text (a style + QuoteOffset), for text that looks like a formula.
    private const uint StyleHeader = 1, StyleDate = 2, StyleText = 3, StyleDateTime = 4, StyleInteger = 5, StyleDecimal = 6;
    private const uint BoldOffset = 7, StyleTitle = 14, QuoteOffset = 15;
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

    /// <summary>Builds a workbook in memory and returns its bytes.</summary>
    public static byte[] ToBytes(Action<XlsxWriter> write, XlsxOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var x = Create(stream, options)) write(x);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes one sheet: a styled, frozen header row, then the rows (an <see cref="XlsxBoldRow"/> in bold).
    /// A <paramref name="title"/> goes above the header in large bold type, followed by a blank row.
    /// </summary>
    public void AddSheet(string name, IReadOnlyList<XlsxColumn> columns, IEnumerable<IReadOnlyList<object?>> rows, string? title = null)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        var sheetId = (uint)_sheets.ChildElements.Count + 1;
        var headerRow = title is null ? 1u : 3u;
        using (var w = OpenXmlWriter.Create(part))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = headerRow, TopLeftCell = $"A{headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
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
            if (title is not null)
            {
                w.WriteStartElement(new Row { RowIndex = 1 });
                WriteCell(w, 0, 1, title, StyleTitle, XlsxFormat.General, bold: false);
                w.WriteEndElement();
            }
            var rowIndex = headerRow;
            if (columns.Count > 0)
            {
                w.WriteStartElement(new Row { RowIndex = rowIndex });
                for (var i = 0; i < columns.Count; i++) WriteCell(w, i, rowIndex, columns[i].Header, StyleHeader, XlsxFormat.General, bold: false);
                w.WriteEndElement();
            }
            foreach (var row in rows)
            {
                rowIndex++;
                var bold = row is XlsxBoldRow;
                w.WriteStartElement(new Row { RowIndex = rowIndex });
                for (var i = 0; i < row.Count; i++)
                {
                    var format = i < columns.Count ? columns[i].Format : XlsxFormat.General;
                    WriteCell(w, i, rowIndex, row[i], null, format, bold);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement(); // sheetData

            var lastColumn = ColumnName(Math.Max(columns.Count, 1) - 1);
            if (columns.Count > 0) w.WriteElement(new AutoFilter { Reference = $"A{headerRow}:{lastColumn}{Math.Max(rowIndex, headerRow + 1)}" });
            var validations = columns
                .Select((c, i) => (c.AllowedValues, List: c.AllowedValues is { Count: > 0 } values ? string.Join(",", values) : "", Column: ColumnName(i)))
                .Where(x => x.List.Length is > 0 and < 250)
                .Select(x => new DataValidation(new Formula1($"\"{x.List}\""))
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "Isian tidak dikenal",
                    Error = $"Pilih salah satu: {string.Join(", ", x.AllowedValues!)}",
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{x.Column}{headerRow + 1}:{x.Column}100000" },
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

    private void WriteCell(OpenXmlWriter w, int column, uint row, object? value, uint? style, XlsxFormat format, bool bold)
    {
        if (value is null || value is string { Length: 0 }) return;
        var reference = ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
        var cell = new Cell { CellReference = reference };
        var quote = false;
        switch (value)
        {
            case string s:
                quote = SetText(cell, s);
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
                quote = SetText(cell, b ? "Ya" : "Tidak");
                break;
            case int or long or short or byte or uint or ulong:
                cell.CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                cell.StyleIndex = format == XlsxFormat.Decimal ? StyleDecimal : StyleInteger;
                break;
            case decimal or double or float:
                // "G29" drops the trailing zeros of a numeric(18,2) column: 4675000, not 4675000.00.
                cell.CellValue = new CellValue(value is decimal m ? m.ToString("G29", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!);
                if (format is XlsxFormat.Integer or XlsxFormat.Decimal) cell.StyleIndex = ColumnStyle(format);
                break;
            default:
                quote = SetText(cell, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
        if (style is { } s2) cell.StyleIndex = s2;
        else if (bold) cell.StyleIndex = (cell.StyleIndex?.Value ?? 0) + BoldOffset;
        if (quote) cell.StyleIndex = (cell.StyleIndex?.Value ?? 0) + QuoteOffset;
        w.WriteElement(cell);
    }

    /// <summary>Writes the text as a string cell; true when it needs a quote-prefixed style.</summary>
    private bool SetText(Cell cell, string text)
    {
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
        return _options.NeutraliseFormulas && LooksLikeFormula(text);
    }

    private static Text TextElement(string text)
    {
        var t = new Text(text);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) t.Space = SpaceProcessingModeValues.Preserve;
        return t;
    }

    /// <summary>Whether a spreadsheet could take the text for a formula once the cell is edited: "=1+1", "+62 812…", "-2", "@SUM(…)".</summary>
    public static bool LooksLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

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

    private static Stylesheet BuildStylesheet()
    {
        List<CellFormat> formats = [.. FormatsIn(font: 0), .. FormatsIn(font: 1),
            new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }];
        System.Diagnostics.Debug.Assert(formats.Count == QuoteOffset && formats.Count == StyleTitle + 1 && StyleTitle == 2 * BoldOffset);
        // The same again with quotePrefix: the cell shows its text as is and stays text when edited
        // (Excel). Those in General also get the Text format "@", which keeps an edit text where
        // quotePrefix is not honoured (LibreOffice 7.4 through its API; Google Sheets' "plain text").
        formats.AddRange(formats.Select(f =>
        {
            var quoted = (CellFormat)f.CloneNode(true);
            quoted.QuotePrefix = true;
            if (quoted.NumberFormatId?.Value == 0)
            {
                quoted.NumberFormatId = 49;
                quoted.ApplyNumberFormat = true;
            }
            return quoted;
        }).ToList());
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "dd/mm/yyyy hh:mm" })
            { Count = 2 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 13 }, new FontName { Val = "Calibri" }))
            { Count = 3 },
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
            new CellFormats(formats) { Count = (uint)formats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>General, header, date, text, date-time, integer, decimal (the Style* constants) in one font; the header keeps its own.</summary>
    private static IEnumerable<CellFormat> FormatsIn(uint font)
    {
        BooleanValue? applyFont = font != 0 ? new BooleanValue(true) : null;
        return
        [
            new CellFormat { NumberFormatId = 0, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = applyFont },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center })
            { NumberFormatId = 49, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 164, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = applyFont },
            new CellFormat { NumberFormatId = 49, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = applyFont },
            new CellFormat { NumberFormatId = 165, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = applyFont },
            new CellFormat { NumberFormatId = 1, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = applyFont },
            new CellFormat { NumberFormatId = 4, FontId = font, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = applyFont },
        ];
    }

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

/// <summary>
/// Reads the rows of one sheet of an xlsx in a single streaming pass: the sheet XML is scanned
/// as UTF-8 bytes straight off the zip entry (no DOM, no pre-scan), so memory stays flat whatever
/// the number of rows; only the shared-strings table is held, as it must be. Handles what Excel and
/// LibreOffice write: shared (t="s") and inline (t="inlineStr") strings, formula strings (t="str"),
/// numbers, booleans, errors (read as empty), ISO dates (t="d"), numbers with a date style
/// (built-in formats 14–22, 27–36, 45–47, 50–58 or a custom format with d/m/y/h/s), the 1904 date
/// system, cells and rows without r="…" references, skipped columns, rich-text runs and phonetic
/// runs (skipped), entities and _xHHHH_ escapes.
/// </summary>
public sealed class XlsxReader : IDisposable
{
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly DateTime Epoch1900 = new(1899, 12, 30), Epoch1904 = new(1904, 1, 1);

    private readonly ZipArchive _zip;
    private readonly string?[] _shared;
    private readonly bool[] _dateStyles;
    private readonly DateTime _epoch;
    private readonly Stream _sheetStream;
    private readonly XmlScanner _sheet;

    /// <summary>The last row of the sheet's &lt;dimension&gt;, when it has one; 0 otherwise.</summary>
    public int DimensionRows { get; }

    private XlsxReader(ZipArchive zip, string?[] shared, bool[] dateStyles, DateTime epoch, Stream sheetStream)
    {
        _zip = zip;
        _shared = shared;
        _dateStyles = dateStyles;
        _epoch = epoch;
        _sheetStream = sheetStream;
        _sheet = new XmlScanner(sheetStream);
        DimensionRows = _sheet.SkipToSheetData();
    }

    /// <summary>Opens the sheet named <paramref name="preferredSheet"/> (case and surrounding spaces ignored) or else the first sheet.</summary>
    /// <exception cref="InvalidDataException">Not an xlsx package, or its parts cannot be read.</exception>
    public static XlsxReader Open(Stream stream, string? preferredSheet = null, long maxSharedStringChars = 200_000_000)
    {
        var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            var workbookPath = Relationships(zip, "_rels/.rels", "").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target
                ?? "xl/workbook.xml";
            var baseDir = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
            var rels = Relationships(zip, baseDir + "_rels/" + workbookPath[baseDir.Length..] + ".rels", baseDir);

            var workbook = LoadXml(zip, workbookPath) ?? throw new InvalidDataException("xlsx tanpa workbook.xml");
            var ns = workbook.Root!.Name.Namespace;
            var date1904 = workbook.Root.Element(ns + "workbookPr")?.Attribute("date1904")?.Value is "1" or "true";
            var sheets = workbook.Root.Element(ns + "sheets")?.Elements(ns + "sheet")
                .Select(s => (Name: (string?)s.Attribute("name") ?? "", Id: (string?)s.Attribute(XName.Get("id", RelNs)) ?? "")).ToList() ?? [];
            if (sheets.Count == 0) throw new InvalidDataException("xlsx tanpa lembar");
            var chosen = sheets.FirstOrDefault(s => preferredSheet is not null && string.Equals(s.Name.Trim(), preferredSheet, StringComparison.OrdinalIgnoreCase));
            if (chosen.Name is null) chosen = sheets[0];
            var sheetPath = rels.FirstOrDefault(r => r.Id == chosen.Id).Target ?? throw new InvalidDataException("lembar tanpa relasi");

            var sharedPath = rels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
            var stylesPath = rels.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target;
            var shared = sharedPath is not null && Entry(zip, sharedPath) is { } sst ? ReadSharedStrings(sst, maxSharedStringChars) : [];
            var dateStyles = stylesPath is not null ? DateStyles(LoadXml(zip, stylesPath)) : [];

            var sheetEntry = Entry(zip, sheetPath) ?? throw new InvalidDataException("bagian lembar tidak ada");
            return new XlsxReader(zip, shared, dateStyles, date1904 ? Epoch1904 : Epoch1900, sheetEntry.Open());
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static ZipArchiveEntry? Entry(ZipArchive zip, string path) =>
        zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase));

    private static XDocument? LoadXml(ZipArchive zip, string path)
    {
        if (Entry(zip, path) is not { } entry) return null;
        using var s = entry.Open();
        using var reader = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    private static List<(string Id, string Type, string Target)> Relationships(ZipArchive zip, string path, string baseDir)
    {
        var doc = LoadXml(zip, path);
        if (doc?.Root is null) return [];
        return doc.Root.Elements().Where(e => e.Name.LocalName == "Relationship")
            .Select(e => ((string?)e.Attribute("Id") ?? "", (string?)e.Attribute("Type") ?? "", Resolve(baseDir, (string?)e.Attribute("Target") ?? "")))
            .ToList();
    }

    /// <summary>A relationship target as a zip entry name: "worksheets/sheet1.xml" under "xl/", "/xl/…" absolute, "../" resolved.</summary>
    private static string Resolve(string baseDir, string target)
    {
        var path = target.StartsWith('/') ? target[1..] : baseDir + target;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part is not ("." or "")) parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>Which cell styles (cellXfs index) show numbers as dates or times.</summary>
    private static bool[] DateStyles(XDocument? styles)
    {
        if (styles?.Root is null) return [];
        var ns = styles.Root.Name.Namespace;
        var custom = styles.Root.Element(ns + "numFmts")?.Elements(ns + "numFmt")
            .Where(f => int.TryParse((string?)f.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .GroupBy(f => int.Parse((string)f.Attribute("numFmtId")!, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (string?)g.First().Attribute("formatCode") ?? "") ?? [];
        var xfs = styles.Root.Element(ns + "cellXfs")?.Elements(ns + "xf").ToList() ?? [];
        var result = new bool[xfs.Count];
        for (var i = 0; i < xfs.Count; i++)
        {
            if (!int.TryParse((string?)xfs[i].Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            result[i] = custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDateFormat(id);
        }
        return result;
    }

    internal static bool IsBuiltInDateFormat(int id) => id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58;

    /// <summary>
    /// Whether a number format shows a date or time: after removing quoted text, escaped and
    /// padding characters and bracketed parts other than elapsed time ([h], [mm], [ss]), it has a
    /// d, m, y, h or s. "dd/mm/yyyy", "d mmmm yyyy", "[$-421]dd mmmm yyyy", "hh:mm" are dates;
    /// "0.00", "#,##0", "@", "General", "0\" hari\"" are not.
    /// </summary>
    internal static bool IsDateFormat(string code)
    {
        if (code.Length == 0 || code.Equals("General", StringComparison.OrdinalIgnoreCase) || code == "@") return false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inner = end < 0 ? code[(i + 1)..] : code[(i + 1)..end];
                    if (inner.Length > 0 && inner.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S')) return true;
                    i = end < 0 ? code.Length : end;
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' or 'h' or 'H' or 's' or 'S':
                    return true;
            }
        }
        return false;
    }

    /// <summary>The shared-strings table, each entry trimmed as a cell's text will be; null for blank entries.</summary>
    private static string?[] ReadSharedStrings(ZipArchiveEntry entry, long maxChars)
    {
        using var stream = entry.Open();
        var scanner = new XmlScanner(stream);
        var list = new List<string?>();
        var text = new TextBuilder();
        long chars = 0;
        while (scanner.Read())
        {
            if (scanner.Kind == XmlScanner.TagKind.Start && scanner.Name == XmlName.Si)
            {
                var s = scanner.ReadRichText(XmlName.Si, text);
                chars += s.Length;
                if (chars > maxChars) throw new InvalidDataException("tabel teks bersama terlalu besar");
                list.Add(Clean(s));
            }
            else if (scanner.Kind == XmlScanner.TagKind.Empty && scanner.Name == XmlName.Si)
            {
                list.Add(null);
            }
        }
        return list.ToArray();
    }

    private static string? Clean(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Non-empty rows in file order, cells indexed by column (A = 0); row numbers as in the spreadsheet.</summary>
    public IEnumerable<TabularRow> Rows()
    {
        var sheet = _sheet;
        var text = new TextBuilder();
        var cells = new List<TabularCell>(32);
        var rowNumber = 0;
        var inRow = false;
        var column = -1;
        while (sheet.Read())
        {
            var name = sheet.Name;
            if (sheet.Kind == XmlScanner.TagKind.End)
            {
                if (name == XmlName.Row && inRow)
                {
                    inRow = false;
                    if (Take(cells) is { } row) yield return new TabularRow(rowNumber, row);
                }
                else if (name == XmlName.SheetData) yield break;
                continue;
            }
            if (name == XmlName.Row)
            {
                rowNumber = sheet.AttributeInt("r"u8) is > 0 and var r ? r : rowNumber + 1;
                column = -1;
                cells.Clear();
                inRow = sheet.Kind == XmlScanner.TagKind.Start;
            }
            else if (name == XmlName.C)
            {
                column = sheet.ColumnOf("r"u8) is >= 0 and var col ? col : column + 1;
                if (sheet.Kind == XmlScanner.TagKind.Empty) continue;
                var type = sheet.CellType();
                var style = sheet.AttributeInt("s"u8);
                var cell = ReadCell(sheet, type, style, text);
                if (cell.IsEmpty) continue;
                while (cells.Count < column) cells.Add(TabularCell.Empty);
                if (cells.Count == column) cells.Add(cell);
                else cells[column] = cell; // a column repeated out of order: the later cell wins
            }
        }
    }

    private static TabularCell[]? Take(List<TabularCell> cells)
    {
        var last = cells.Count - 1;
        while (last >= 0 && cells[last].IsEmpty) last--;
        if (last < 0) return null;
        var row = new TabularCell[last + 1];
        cells.CopyTo(0, row, 0, last + 1);
        return row;
    }

    /// <summary>Reads a cell's children up to &lt;/c&gt;: the value &lt;v&gt;, an inline string &lt;is&gt;; formulas are skipped.</summary>
    private TabularCell ReadCell(XmlScanner sheet, CellType type, int style, TextBuilder text)
    {
        var result = TabularCell.Empty;
        while (sheet.Read())
        {
            var name = sheet.Name;
            if (sheet.Kind == XmlScanner.TagKind.End)
            {
                if (name == XmlName.C) break;
                continue;
            }
            if (sheet.Kind is XmlScanner.TagKind.Empty or XmlScanner.TagKind.CData) continue;
            if (name == XmlName.V)
            {
                result = Value(sheet, type, style, text);
            }
            else if (name == XmlName.Is)
            {
                var s = sheet.ReadRichText(XmlName.Is, text);
                result = Clean(s) is { } t ? new TabularCell(CellKind.Text, t) : TabularCell.Empty;
            }
            else
            {
                sheet.Skip(name);
            }
        }
        return result;
    }

    private TabularCell Value(XmlScanner sheet, CellType type, int style, TextBuilder text)
    {
        switch (type)
        {
            case CellType.Shared:
                if (!sheet.ReadNumberText(out var raw)) return TabularCell.Empty;
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= _shared.Length) return TabularCell.Empty;
                return _shared[index] is { } shared ? new TabularCell(CellKind.Text, shared) : TabularCell.Empty;
            case CellType.String or CellType.Inline:
                return Clean(sheet.ReadText(XmlName.V, text)) is { } s ? new TabularCell(CellKind.Text, s) : TabularCell.Empty;
            case CellType.Boolean:
                if (!sheet.ReadNumberText(out var b)) return TabularCell.Empty;
                return new TabularCell(CellKind.Boolean, b.Length == 1 && b[0] == (byte)'1' ? "TRUE" : "FALSE");
            case CellType.Error:
                sheet.Skip(XmlName.V);
                return TabularCell.Empty;
            case CellType.Date:
                var iso = sheet.ReadText(XmlName.V, text).Trim();
                return DateTime.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                    ? DateCell(parsed)
                    : Clean(iso) is { } t ? new TabularCell(CellKind.Text, t) : TabularCell.Empty;
            default:
                if (!sheet.ReadNumberText(out var number)) return TabularCell.Empty;
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return Clean(Encoding.UTF8.GetString(number)) is { } t2 ? new TabularCell(CellKind.Text, t2) : TabularCell.Empty;
                }
                if (style >= 0 && style < _dateStyles.Length && _dateStyles[style] && d is >= 0 and < 2958466)
                {
                    return DateCell(_epoch.AddMilliseconds(Math.Round(d * 86_400_000d)));
                }
                return new TabularCell(CellKind.Number, TabularFile.FormatNumber(d));
        }
    }

    private static TabularCell DateCell(DateTime dt) => new(CellKind.Date, dt.TimeOfDay == TimeSpan.Zero
        ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

    public void Dispose()
    {
        _sheetStream.Dispose();
        _zip.Dispose();
    }

    internal enum CellType : byte { Number, Shared, String, Inline, Boolean, Error, Date }

    internal enum XmlName : byte { Other, SheetData, Dimension, Row, C, V, Is, T, R, RPh, Si }

    /// <summary>Appends decoded text pieces; one reusable buffer per reader.</summary>
    internal sealed class TextBuilder
    {
        public char[] Chars = new char[256];
        public int Length;

        public void Append(ReadOnlySpan<char> s)
        {
            if (Length + s.Length > Chars.Length) Array.Resize(ref Chars, Math.Max(Chars.Length * 2, Length + s.Length));
            s.CopyTo(Chars.AsSpan(Length));
            Length += s.Length;
        }
    }

    /// <summary>
    /// A forward-only scanner over UTF-8 SpreadsheetML: start, end and empty tags by local name
    /// (prefixes ignored), the text before each tag, and the unprefixed attributes of the current tag.
    /// A tag and the text before it are always whole in the buffer, which grows when one does not fit.
    /// </summary>
    internal sealed class XmlScanner(Stream stream)
    {
        public enum TagKind : byte { Start, End, Empty, CData }

        private byte[] _buf = new byte[64 * 1024];
        private int _pos, _len;
        private bool _eof;
        private char[] _decode = new char[256];

        public TagKind Kind { get; private set; }
        public XmlName Name { get; private set; }
        private int _textStart, _textEnd, _attrStart, _attrEnd;

        private ReadOnlySpan<byte> Text => _buf.AsSpan(_textStart, _textEnd - _textStart);
        private ReadOnlySpan<byte> Attributes => _buf.AsSpan(_attrStart, _attrEnd - _attrStart);

        /// <summary>Moves to the next tag; comments, declarations and processing instructions are skipped, CDATA comes as <see cref="TagKind.CData"/>.</summary>
        public bool Read()
        {
            while (true)
            {
                var ltRel = IndexFrom(0, (byte)'<');
                if (ltRel < 0) return false;
                var gtRel = IndexFrom(ltRel + 1, (byte)'>');
                if (gtRel < 0) return false;
                // Offsets are relative to _pos: reading more moves the data to the front of the buffer.
                var lt = _pos + ltRel;
                var gt = _pos + gtRel;
                _textStart = _pos;
                _textEnd = lt;
                var next = _buf[lt + 1];
                if (next is (byte)'!' or (byte)'?')
                {
                    // "<![CDATA[" and "<!--" hold no '>', so when they are there they are whole in the buffer.
                    var tag = _buf.AsSpan(lt, gt - lt);
                    if (tag.StartsWith("<![CDATA["u8))
                    {
                        var endRel = IndexOfSequence(ltRel + 9, "]]>"u8);
                        if (endRel < 0) return false;
                        _textStart = _pos;
                        _textEnd = _pos + ltRel;
                        Kind = TagKind.CData;
                        Name = XmlName.Other;
                        _attrStart = _pos + ltRel + 9;
                        _attrEnd = _pos + endRel;
                        _pos += endRel + 3;
                        return true;
                    }
                    if (tag.StartsWith("<!--"u8))
                    {
                        var endRel = IndexOfSequence(ltRel + 4, "-->"u8);
                        if (endRel < 0) return false;
                        _pos += endRel + 3;
                    }
                    else
                    {
                        _pos = gt + 1;
                    }
                    continue;
                }
                var p = lt + 1;
                if (_buf[p] == (byte)'/')
                {
                    Kind = TagKind.End;
                    p++;
                }
                else
                {
                    Kind = _buf[gt - 1] == (byte)'/' ? TagKind.Empty : TagKind.Start;
                }
                var nameStart = p;
                while (p < gt && !IsSpace(_buf[p]) && _buf[p] != (byte)'/') p++;
                Name = NameOf(_buf.AsSpan(nameStart, p - nameStart));
                _attrStart = p;
                _attrEnd = Kind == TagKind.Empty ? gt - 1 : gt;
                _pos = gt + 1;
                return true;
            }
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

        private static XmlName NameOf(ReadOnlySpan<byte> qualified)
        {
            var colon = qualified.LastIndexOf((byte)':');
            var local = colon >= 0 ? qualified[(colon + 1)..] : qualified;
            return local.Length switch
            {
                1 => local[0] switch { (byte)'c' => XmlName.C, (byte)'v' => XmlName.V, (byte)'t' => XmlName.T, (byte)'r' => XmlName.R, _ => XmlName.Other },
                2 => local.SequenceEqual("is"u8) ? XmlName.Is : local.SequenceEqual("si"u8) ? XmlName.Si : XmlName.Other,
                3 => local.SequenceEqual("row"u8) ? XmlName.Row : local.SequenceEqual("rPh"u8) ? XmlName.RPh : XmlName.Other,
                9 => local.SequenceEqual("sheetData"u8) ? XmlName.SheetData : local.SequenceEqual("dimension"u8) ? XmlName.Dimension : XmlName.Other,
                _ => XmlName.Other,
            };
        }

        /// <summary>Offset (from the unread position) of <paramref name="b"/> at or after offset <paramref name="from"/>, reading more as needed; -1 at the end.</summary>
        private int IndexFrom(int from, byte b)
        {
            while (true)
            {
                var i = _buf.AsSpan(_pos + from, _len - _pos - from).IndexOf(b);
                if (i >= 0) return from + i;
                from = _len - _pos;
                if (!Fill()) return -1;
            }
        }

        private int IndexOfSequence(int from, ReadOnlySpan<byte> seq)
        {
            while (true)
            {
                var i = _buf.AsSpan(_pos + from, _len - _pos - from).IndexOf(seq);
                if (i >= 0) return from + i;
                from = Math.Max(from, _len - _pos - seq.Length + 1);
                if (!Fill()) return -1;
            }
        }

        /// <summary>Moves the unread bytes to the front (growing the buffer when they fill it) and reads more; false at the end.</summary>
        private bool Fill()
        {
            if (_eof) return false;
            var keep = _len - _pos;
            if (keep == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
            if (_pos > 0 && keep > 0) Buffer.BlockCopy(_buf, _pos, _buf, 0, keep);
            _pos = 0;
            _len = keep;
            var n = stream.ReadAtLeast(_buf.AsSpan(_len), 1, throwOnEndOfStream: false);
            if (n == 0)
            {
                _eof = true;
                return false;
            }
            _len += n;
            return true;
        }

        /// <summary>Skips everything up to the end of &lt;sheetData&gt;'s start tag; returns the dimension's last row (0 when absent).</summary>
        public int SkipToSheetData()
        {
            var rows = 0;
            while (Read())
            {
                if (Name == XmlName.Dimension && Attribute("ref"u8) is { } reference)
                {
                    var colon = reference.LastIndexOf((byte)':');
                    var last = colon >= 0 ? reference[(colon + 1)..] : reference;
                    var digits = 0;
                    while (digits < last.Length && !char.IsAsciiDigit((char)last[digits])) digits++;
                    if (int.TryParse(last[digits..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) rows = n;
                }
                if (Name == XmlName.SheetData)
                {
                    if (Kind == TagKind.Empty) _eof = true; // a sheet without data
                    return rows;
                }
            }
            return rows;
        }

        /// <summary>The raw value of an unprefixed attribute of the current tag.</summary>
        public ReadOnlySpan<byte> Attribute(ReadOnlySpan<byte> name)
        {
            var a = Attributes;
            var i = 0;
            while (i < a.Length)
            {
                while (i < a.Length && IsSpace(a[i])) i++;
                var nameStart = i;
                while (i < a.Length && a[i] != (byte)'=' && !IsSpace(a[i])) i++;
                var attrName = a[nameStart..i];
                while (i < a.Length && a[i] != (byte)'"' && a[i] != (byte)'\'') i++;
                if (i >= a.Length) return default;
                var quote = a[i++];
                var valueStart = i;
                while (i < a.Length && a[i] != quote) i++;
                if (attrName.SequenceEqual(name)) return a[valueStart..Math.Min(i, a.Length)];
                i++;
            }
            return default;
        }

        public int AttributeInt(ReadOnlySpan<byte> name) =>
            Attribute(name) is { Length: > 0 } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

        /// <summary>Zero-based column of a cell reference attribute ("AB12" → 27); -1 when absent.</summary>
        public int ColumnOf(ReadOnlySpan<byte> name)
        {
            var v = Attribute(name);
            var col = 0;
            var i = 0;
            for (; i < v.Length; i++)
            {
                var c = v[i] | 0x20;
                if (c is < 'a' or > 'z') break;
                col = col * 26 + (c - 'a' + 1);
            }
            return i == 0 || col > 16384 ? -1 : col - 1;
        }

        public CellType CellType() => Attribute("t"u8) switch
        {
            [(byte)'s'] => XlsxReader.CellType.Shared,
            [(byte)'s', (byte)'t', (byte)'r'] => XlsxReader.CellType.String,
            [(byte)'i', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e', (byte)'S', (byte)'t', (byte)'r'] => XlsxReader.CellType.Inline,
            [(byte)'b'] => XlsxReader.CellType.Boolean,
            [(byte)'e'] => XlsxReader.CellType.Error,
            [(byte)'d'] => XlsxReader.CellType.Date,
            _ => XlsxReader.CellType.Number,
        };

        /// <summary>After a &lt;v&gt; start tag: the raw bytes up to &lt;/v&gt; (numbers and indexes need no decoding). Valid until the next read.</summary>
        public bool ReadNumberText(out ReadOnlySpan<byte> value)
        {
            value = default;
            if (!Read()) return false;
            if (Kind != TagKind.End || Name != XmlName.V)
            {
                Skip(XmlName.V);
                return false;
            }
            value = Text.Trim(" \t\r\n"u8);
            return value.Length > 0;
        }

        /// <summary>After a start tag: its decoded text up to the matching end tag.</summary>
        public string ReadText(XmlName element, TextBuilder text)
        {
            text.Length = 0;
            var depth = 0;
            while (Read())
            {
                AppendText(text);
                if (Kind == TagKind.Start && Name == element) depth++;
                else if (Kind == TagKind.End && Name == element && depth-- == 0) break;
            }
            return new string(text.Chars, 0, text.Length);
        }

        /// <summary>After &lt;si&gt; or &lt;is&gt;: the text of its &lt;t&gt; elements, directly or in rich-text runs, leaving out phonetic runs.</summary>
        public string ReadRichText(XmlName element, TextBuilder text)
        {
            text.Length = 0;
            var inT = false;
            var phonetic = 0;
            while (Read())
            {
                if (inT && phonetic == 0) AppendText(text);
                if (Kind == TagKind.End && Name == element) break;
                if (Name == XmlName.RPh) phonetic += Kind == TagKind.Start ? 1 : Kind == TagKind.End ? -1 : 0;
                else if (Name == XmlName.T) inT = Kind == TagKind.Start;
            }
            return new string(text.Chars, 0, text.Length);
        }

        /// <summary>Skips to the end tag of an element whose start tag was just read.</summary>
        public void Skip(XmlName element)
        {
            var depth = 0;
            while (Read())
            {
                if (Name != element) continue;
                if (Kind == TagKind.Start) depth++;
                else if (Kind == TagKind.End && depth-- == 0) return;
            }
        }

        /// <summary>Decodes the text before the current tag: UTF-8, entities, and Excel's _xHHHH_ escapes.</summary>
        private void AppendText(TextBuilder text)
        {
            AppendDecoded(text, Text, entities: true);
            if (Kind == TagKind.CData) AppendDecoded(text, Attributes, entities: false);
        }

        private void AppendDecoded(TextBuilder text, ReadOnlySpan<byte> raw, bool entities)
        {
            if (raw.IsEmpty) return;
            if (_decode.Length < raw.Length) _decode = new char[Math.Max(raw.Length, _decode.Length * 2)];
            var n = Encoding.UTF8.GetChars(raw, _decode);
            var chars = _decode.AsSpan(0, n);
            if (!entities || chars.IndexOfAny('&', '_') < 0)
            {
                text.Append(chars);
                return;
            }
            var i = 0;
            while (i < chars.Length)
            {
                var c = chars[i];
                if (c == '&')
                {
                    var semi = chars[i..].IndexOf(';');
                    if (semi > 1 && Entity(chars.Slice(i + 1, semi - 1)) is { } decoded)
                    {
                        text.Append(decoded);
                        i += semi + 1;
                        continue;
                    }
                }
                else if (c == '_' && i + 6 < chars.Length && chars[i + 1] == 'x' && chars[i + 6] == '_'
                         && ushort.TryParse(chars.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    text.Append([(char)code]);
                    i += 7;
                    continue;
                }
                text.Append(chars.Slice(i, 1));
                i++;
            }
        }

        private static string? Entity(ReadOnlySpan<char> name)
        {
            switch (name)
            {
                case "lt": return "<";
                case "gt": return ">";
                case "amp": return "&";
                case "quot": return "\"";
                case "apos": return "'";
            }
            if (name.Length > 1 && name[0] == '#')
            {
                var hex = name[1] is 'x' or 'X';
                var digits = hex ? name[2..] : name[1..];
                if (int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var cp)
                    && cp is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                {
                    return char.ConvertFromUtf32(cp);
                }
            }
            return null;
        }
    }
}
