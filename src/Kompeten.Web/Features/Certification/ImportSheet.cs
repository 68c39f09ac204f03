using System.Globalization;
using Kompeten.Web.Features.Registry.Import;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// An uploaded sheet as the results, scheme and test-score imports read it: the first non-empty row is the
/// header, the rest are data rows (numbered as in the spreadsheet). Read through
/// <see cref="TabularFile"/> (xlsx, xls or csv) within the upload limits of
/// <see cref="ImportOptions"/>, so an oversized file is refused before it is parsed.
/// </summary>
public sealed class ImportSheet
{
    public IReadOnlyList<string> Headers { get; }
    public IReadOnlyList<TabularRow> Rows { get; }

    /// <summary>The header's row number in the spreadsheet (rows above it may be empty); 0 when the sheet has no rows at all.</summary>
    public int HeaderRow { get; }

    private ImportSheet(IReadOnlyList<string> headers, int headerRow, IReadOnlyList<TabularRow> rows) => (Headers, HeaderRow, Rows) = (headers, headerRow, rows);

    /// <summary>Reads the whole sheet; the stream must be seekable (an uploaded form file is).</summary>
    /// <exception cref="TabularFileException">Empty, too large (status 413), too many rows, or not a spreadsheet; the message is for the user.</exception>
    public static ImportSheet Read(Stream content, string fileName, TabularLimits limits)
    {
        using var file = TabularFile.Open(content, fileName, limits);
        string[]? headers = null;
        var headerRow = 0;
        var rows = new List<TabularRow>();
        foreach (var row in file.Rows())
        {
            if (headers is null) (headers, headerRow) = ([.. row.Cells.Select(c => c.Text ?? "")], row.Number);
            else rows.Add(row);
        }
        return new(headers ?? [], headerRow, rows);
    }

    /// <summary>A long number typed into a cell loses digits (a NIK needs 16, a spreadsheet keeps 15).</summary>
    public static bool IsImpreciseNumber(TabularRow row, int column) =>
        row[column] is { Kind: CellKind.Number, Text: { } text }
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) >= 1e15;

    /// <summary>Finds each wanted column by its header text (case and spacing ignored).</summary>
    public Dictionary<string, int> Locate(IEnumerable<(string Key, string[] Names)> wanted, out List<string> missing)
    {
        static string Norm(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var found = new Dictionary<string, int>();
        missing = [];
        foreach (var (key, names) in wanted)
        {
            var index = Headers.Select((h, i) => (h, i)).FirstOrDefault(x => names.Any(n => Norm(n) == Norm(x.h)), (h: "", i: -1)).i;
            if (index >= 0) found[key] = index;
            else missing.Add(names[0]);
        }
        return found;
    }
}
