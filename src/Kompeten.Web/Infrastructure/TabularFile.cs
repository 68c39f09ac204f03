using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ExcelDataReader;

namespace Kompeten.Web.Infrastructure;

public enum CellKind : byte
{
    Empty,
    Text,

    /// <summary>A number cell of a spreadsheet; <see cref="TabularCell.Text"/> holds it in invariant culture.</summary>
    Number,

    /// <summary>A number cell with a date style; <see cref="TabularCell.Text"/> is "yyyy-MM-dd" (or with a time).</summary>
    Date,
    Boolean,
}

/// <summary>One cell as read, keeping whether the spreadsheet stored it as text, number or date.</summary>
public readonly record struct TabularCell(CellKind Kind, string? Text)
{
    public static readonly TabularCell Empty = new(CellKind.Empty, null);

    public bool IsEmpty => Kind == CellKind.Empty;
}

/// <param name="Number">Row number as the user sees it in the spreadsheet (1 = first row), or the csv record number.</param>
public sealed record TabularRow(int Number, TabularCell[] Cells)
{
    public TabularCell this[int index] => index < Cells.Length ? Cells[index] : TabularCell.Empty;
}

/// <summary>A file that cannot be read as a table; the message is for the user, in Indonesian.</summary>
/// <param name="StatusCode">The HTTP status that answers it: 413 for a file over the size limit, else 400.</param>
public sealed class TabularFileException(string message, int statusCode = 400) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

public sealed record TabularLimits(long MaxBytes, int MaxRows)
{
    public static readonly TabularLimits Default = new(20 * 1024 * 1024, 200_000);
}

/// <summary>
/// Reads xlsx (Excel or LibreOffice: shared or inline strings, date-styled numbers; <see cref="XlsxReader"/>), the older xls (ExcelDataReader),
/// and csv (comma, semicolon or tab, detected; UTF-8 with or without BOM, else Windows-1252) into
/// rows of cells. Empty rows are skipped but row numbers stay those of the file, so messages can
/// say "baris 17". Rows stream: a file of 200,000 rows is never held in memory by this reader.
/// </summary>
public sealed class TabularFile : IDisposable
{
    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly Stream _stream;
    private readonly TabularLimits _limits;
    private readonly bool _csv;
    private IExcelDataReader? _excel;
    private XlsxReader? _xlsx;

    /// <summary>Rough number of rows (the sheet's dimension, or file size for csv), for progress bars; 0 when unknown.</summary>
    public int EstimatedRows { get; private set; }

    /// <summary>Bytes read so far relative to the file, for progress on csv.</summary>
    public double Position => _stream.CanSeek && _stream.Length > 0 ? (double)_stream.Position / _stream.Length : 0;

    private TabularFile(Stream stream, TabularLimits limits, bool csv)
    {
        _stream = stream;
        _limits = limits;
        _csv = csv;
    }

    public static readonly string[] Extensions = [".xlsx", ".xls", ".csv"];

    /// <summary>For the <c>accept</c> attribute of a file input.</summary>
    public static readonly string Accept = string.Join(',', Extensions);

    /// <summary>The accepted kinds as messages and help texts name them.</summary>
    public const string ExtensionsText = ".xlsx, .xls, atau .csv";

    /// <summary>Cheap checks before any parsing: size, emptiness, and whether the bytes are a spreadsheet or text.</summary>
    /// <returns>true for a spreadsheet (xlsx/xls), false for csv.</returns>
    public static bool Check(Stream stream, string fileName, TabularLimits? limits = null)
    {
        limits ??= TabularLimits.Default;
        if (!stream.CanSeek) throw new ArgumentException("A seekable stream is needed.", nameof(stream));
        if (stream.Length == 0) throw new TabularFileException($"Berkas kosong (0 byte). Pilih berkas {ExtensionsText} yang berisi data, misalnya templat yang sudah diisi.");
        if (stream.Length > limits.MaxBytes) throw TooLarge(stream.Length, limits.MaxBytes);

        Span<byte> head = stackalloc byte[512];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        head = head[..read];
        var isZip = IsZip(head);
        var isOle = read >= 8 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0;
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (isZip || isOle)
        {
            if (ext == ".csv") throw new TabularFileException($"Berkas {fileName} bernama .csv tetapi isinya lembar kerja Excel. Simpan ulang sebagai .xlsx, atau sebagai CSV (\"CSV UTF-8\").");
            return true;
        }
        if (ext is ".xlsx" or ".xls") throw new TabularFileException($"Berkas {fileName} bukan lembar kerja Excel yang sah. Buka di Excel/LibreOffice lalu simpan ulang sebagai .xlsx.");
        if (ext is not ("" or ".csv" or ".txt")) throw new TabularFileException($"Jenis berkas {ext} tidak didukung. Unggah berkas .xlsx (disarankan, gunakan templat), .xls, atau .csv.");
        if (IsBinary(head))
        {
            throw new TabularFileException($"Berkas {fileName} bukan lembar kerja maupun CSV (isinya berkas lain, misalnya PDF atau gambar). Unggah berkas {ExtensionsText}.");
        }
        return false;
    }

    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Utf16Le => [0xFF, 0xFE];
    private static ReadOnlySpan<byte> Utf16Be => [0xFE, 0xFF];

    /// <summary>Bytes text never starts with: a PDF, PNG, JPEG or GIF signature, or a NUL (unless a UTF-16 byte order mark explains it).</summary>
    private static bool IsBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8) || head.StartsWith(Png) || head.StartsWith(Jpeg) || head.StartsWith("GIF8"u8)) return true;
        if (head.StartsWith(Utf16Le) || head.StartsWith(Utf16Be)) return false;
        return head.Contains((byte)0);
    }

    /// <summary>Checks the file (<see cref="Check"/>) and opens it. The stream must be seekable (a saved upload).</summary>
    public static TabularFile Open(Stream stream, string fileName, TabularLimits? limits = null)
    {
        limits ??= TabularLimits.Default;
        if (!Check(stream, fileName, limits))
        {
            return new TabularFile(stream, limits, csv: true) { EstimatedRows = (int)Math.Min(int.MaxValue, stream.Length / 150) };
        }
        var file = new TabularFile(stream, limits, csv: false);
        try
        {
            if (IsZip(stream))
            {
                // xlsx: our single-pass reader (ExcelDataReader parses the whole sheet once more when it opens).
                file._xlsx = XlsxReader.Open(stream, DataSheet);
                file.EstimatedRows = file._xlsx.DimensionRows;
            }
            else
            {
                // The older binary xls.
                file._excel = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
                file.SelectDataSheet();
            }
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            file.Dispose();
            throw Unreadable(fileName);
        }
        return file;
    }

    private const string DataSheet = "Data";

    private static bool IsZip(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return IsZip(head[..read]);
    }

    /// <summary>The zip signature an xlsx starts with ("PK\x03\x04").</summary>
    private static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith("PK\x03\x04"u8);

    private static bool IsUnreadable(Exception e) =>
        e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException or IOException
            or System.Xml.XmlException or FormatException or InvalidOperationException or IndexOutOfRangeException or ArgumentException;

    private static TabularFileException Unreadable(string fileName) => new(
        $"Berkas {fileName} tidak dapat dibaca sebagai lembar kerja Excel (rusak atau terlindungi kata sandi). Buka di Excel/LibreOffice lalu simpan ulang sebagai .xlsx tanpa kata sandi.");

    public static TabularFileException TooLarge(long bytes, long maxBytes) => new(
        $"Berkas terlalu besar ({Size(bytes)}); batasnya {Size(maxBytes)}. " +
        "Bagi data menjadi beberapa berkas, atau hapus kolom dan lembar yang tidak diperlukan, lalu unggah lagi.", 413);

    /// <summary>"20 MB", "1,5 MB", "48 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.GetCultureInfo("id-ID")) + " MB"
        : Math.Ceiling(bytes / 1024d).ToString("0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>A sheet named "Data" (the template's) when there is one, else the first sheet.</summary>
    private void SelectDataSheet()
    {
        var reader = _excel!;
        var sheets = reader.ResultsCount;
        for (var i = 0; i < sheets; i++)
        {
            if (string.Equals(reader.Name?.Trim(), DataSheet, StringComparison.OrdinalIgnoreCase))
            {
                EstimatedRows = Math.Max(0, reader.RowCount);
                return;
            }
            if (!reader.NextResult()) break;
        }
        reader.Reset();
        EstimatedRows = Math.Max(0, reader.RowCount);
    }

    /// <summary>Non-empty rows, header included. Throws <see cref="TabularFileException"/> past the row limit.</summary>
    public IEnumerable<TabularRow> Rows()
    {
        var count = 0;
        using var rows = (_csv ? CsvRows() : _xlsx is not null ? _xlsx.Rows() : ExcelRows()).GetEnumerator();
        while (true)
        {
            TabularRow row;
            try
            {
                if (!rows.MoveNext()) yield break;
                row = rows.Current;
            }
            catch (Exception e) when (!_csv && IsUnreadable(e))
            {
                throw Unreadable("ini");
            }
            // The header does not count against the limit.
            if (++count > _limits.MaxRows + 1)
            {
                throw new TabularFileException(
                    $"Berkas berisi lebih dari {_limits.MaxRows.ToString("N0", CultureInfo.GetCultureInfo("id-ID"))} baris data. " +
                    $"Bagi menjadi beberapa berkas yang masing-masing paling banyak {_limits.MaxRows.ToString("N0", CultureInfo.GetCultureInfo("id-ID"))} baris, lalu unggah satu per satu.");
            }
            yield return row;
        }
    }

    private IEnumerable<TabularRow> ExcelRows()
    {
        var reader = _excel!;
        var number = 0;
        while (reader.Read())
        {
            number++;
            var n = reader.FieldCount;
            TabularCell[]? cells = null;
            var last = -1;
            for (var i = 0; i < n; i++)
            {
                var cell = ToCell(reader.GetValue(i));
                if (cell.IsEmpty) continue;
                cells ??= new TabularCell[n];
                cells[i] = cell;
                last = i;
            }
            if (cells is null) continue;
            if (last + 1 < cells.Length) Array.Resize(ref cells, last + 1);
            yield return new TabularRow(number, cells);
        }
    }

    internal static TabularCell ToCell(object? value) => value switch
    {
        null => TabularCell.Empty,
        string s => string.IsNullOrWhiteSpace(s) ? TabularCell.Empty : new TabularCell(CellKind.Text, s.Trim()),
        double d => new TabularCell(CellKind.Number, FormatNumber(d)),
        DateTime dt => new TabularCell(CellKind.Date, dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        bool b => new TabularCell(CellKind.Boolean, b ? "TRUE" : "FALSE"),
        TimeSpan t => new TabularCell(CellKind.Text, t.ToString("c", CultureInfo.InvariantCulture)),
        int i => new TabularCell(CellKind.Number, i.ToString(CultureInfo.InvariantCulture)),
        _ => new TabularCell(CellKind.Text, Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Integers as plain digits (81234567890), others round-trippable ("6.30101570588E+15").</summary>
    internal static string FormatNumber(double d) =>
        Math.Abs(d) < 1e15 && d == Math.Floor(d) ? ((long)d).ToString(CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    private IEnumerable<TabularRow> CsvRows()
    {
        var encoding = DetectEncoding(_stream);
        _stream.Position = 0;
        string delimiter;
        using (var probe = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 8192, leaveOpen: true)) delimiter = DetectDelimiter(probe);
        _stream.Position = 0;
        using var text = new StreamReader(_stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
            IgnoreBlankLines = true,
        };
        using var parser = new CsvParser(text, config);
        var number = 0;
        while (parser.Read())
        {
            number++;
            var record = parser.Record;
            if (record is null) continue;
            TabularCell[]? cells = null;
            var last = -1;
            for (var i = 0; i < record.Length; i++)
            {
                var value = record[i];
                if (string.IsNullOrWhiteSpace(value)) continue;
                cells ??= new TabularCell[record.Length];
                cells[i] = new TabularCell(CellKind.Text, value.Trim());
                last = i;
            }
            if (cells is null) continue;
            if (last + 1 < cells.Length) Array.Resize(ref cells, last + 1);
            yield return new TabularRow(number, cells);
        }
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise Windows-1252, what Excel's "CSV" writes.</summary>
    private static Encoding DetectEncoding(Stream stream)
    {
        stream.Position = 0;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[64 * 1024];
        var chars = new char[buffer.Length + 4];
        try
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) decoder.GetChars(buffer, 0, n, chars, 0, flush: false);
            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252);
        }
    }

    /// <summary>The separator that occurs most often outside quotes in the first line: ',' ';' or tab.</summary>
    private static string DetectDelimiter(StreamReader reader)
    {
        var buffer = new char[8192];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        for (var i = 0; i < n; i++)
        {
            var c = buffer[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && c == ',') comma++;
            else if (!quoted && c == ';') semicolon++;
            else if (!quoted && c == '\t') tab++;
        }
        if (semicolon > comma && semicolon >= tab) return ";";
        if (tab > comma && tab > semicolon) return "\t";
        return ",";
    }

    public void Dispose()
    {
        _xlsx?.Dispose();
        _excel?.Dispose();
    }
}
