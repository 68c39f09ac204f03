using System.Text.RegularExpressions;
using Kompeten.Web.Data;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Imports a scheme's units → elements → KUK from a spreadsheet, one KUK per row:
/// Kode unit | Judul unit | Elemen | KUK. Blank unit or element cells continue the one above.
/// Merges (existing units are matched by code, else title; nothing is deleted), and applies
/// nothing unless every row is right.
/// </summary>
public static partial class SchemeImport
{
    public static readonly string[] Headers = ["Kode unit", "Judul unit", "Elemen", "KUK"];

    private static readonly (string Key, string[] Names)[] Columns =
    [
        ("code", ["Kode unit", "Kode"]),
        ("unit", ["Judul unit", "Unit", "Nama unit"]),
        ("element", ["Elemen", "Elemen kompetensi"]),
        ("kuk", ["KUK", "Kriteria unjuk kerja"]),
    ];

    /// <summary>SKKNI unit codes, e.g. R.91PRP02.021.1.</summary>
    [GeneratedRegex(@"^[A-Z]\.\d{2}[A-Z]{3}\d{2}\.\d{3}\.\d{1,2}$")]
    public static partial Regex UnitCode();

    public const int MaxTitle = 300;

    public sealed record RowError(int Row, string Message);

    public sealed record Report(int Rows, int NewUnits, int NewElements, int NewCriteria, int UpdatedUnits, List<RowError> Errors)
    {
        public bool Succeeded => Errors.Count == 0;

        /// <summary>The HTTP status of a file refused before any row was read: 413 over the size limit, else 400.</summary>
        public int? RefusedWith { get; init; }
    }

    private sealed class PlannedUnit
    {
        public SchemeUnit? Existing;
        public string? Code;
        public required string Title;
        public int Row;
        public List<PlannedElement> Elements = [];
    }

    private sealed class PlannedElement
    {
        public required string Title;
        public List<string> Criteria = [];
    }

    public static byte[] Template() => XlsxWriter.ToBytes(x => x.AddSheet("Unit", XlsxColumn.Fitting(Headers, XlsxFormat.Text), []));

    /// <summary>A file that cannot be read, or is over the <paramref name="limits"/>, is refused (<see cref="Report.RefusedWith"/>) and nothing is changed.</summary>
    public static async Task<Report> RunAsync(AppDbContext db, int schemeId, Stream file, string fileName, TabularLimits limits, CancellationToken ct = default)
    {
        ImportSheet sheet;
        try
        {
            sheet = ImportSheet.Read(file, fileName, limits);
        }
        catch (TabularFileException e)
        {
            return new(0, 0, 0, 0, 0, [new(0, e.Message)]) { RefusedWith = e.StatusCode };
        }
        var rows = sheet.Rows;
        if (sheet.HeaderRow == 0)
        {
            return new(0, 0, 0, 0, 0, [new(0, $"Berkas tidak berisi apa pun. Isi baris judul ({string.Join(", ", Headers)}) dan satu baris per KUK, misalnya pada templat.")]);
        }
        var col = sheet.Locate(Columns, out var missing);
        if (missing.Count > 0) return new(rows.Count, 0, 0, 0, 0, [new(sheet.HeaderRow, $"Kolom {string.Join(", ", missing)} tidak ditemukan di baris judul. Unduh templat lalu salin data ke kolom yang sesuai.")]);
        if (rows.Count == 0) return new(0, 0, 0, 0, 0, [new(sheet.HeaderRow + 1, "Berkas tidak berisi data di bawah baris judul.")]);

        var scheme = await db.Schemes.Include(s => s.Units).ThenInclude(u => u.Elements).ThenInclude(e => e.Criteria)
            .AsSplitQuery().FirstAsync(s => s.Id == schemeId, ct);
        var errors = new List<RowError>();
        var planned = new List<PlannedUnit>();
        PlannedUnit? unit = null;
        PlannedElement? element = null;
        foreach (var row in rows)
        {
            var (n, code, title, elementTitle, kuk) = (row.Number, row[col["code"]].Text?.ToUpperInvariant(),
                row[col["unit"]].Text, row[col["element"]].Text, row[col["kuk"]].Text);
            foreach (var (text, what) in new[] { (title, "Judul unit"), (elementTitle, "Elemen"), (kuk, "KUK") })
            {
                if (text is { Length: > MaxTitle }) errors.Add(new(n, $"{what} terlalu panjang ({text.Length} karakter); paling banyak {MaxTitle} karakter."));
            }
            if (code is not null || title is not null)
            {
                if (code is not null && !UnitCode().IsMatch(code))
                {
                    errors.Add(new(n, $"Kode unit \"{code}\" tidak sesuai format SKKNI (contoh: R.91PRP02.021.1). Kosongkan bila kodenya belum diketahui."));
                    (unit, element) = (null, null);
                    continue;
                }
                var same = planned.FirstOrDefault(p => code is not null ? p.Code == code : p.Code is null && string.Equals(p.Title, title, StringComparison.OrdinalIgnoreCase));
                if (same is not null)
                {
                    if (title is not null && !string.Equals(same.Title, title, StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add(new(n, $"Kode unit {code} sudah dipakai di baris {same.Row} dengan judul \"{same.Title}\"; satu kode hanya untuk satu judul."));
                    }
                    unit = same;
                }
                else
                {
                    var existing = scheme.Units.FirstOrDefault(u => code is not null ? u.Code == code : string.Equals(u.Title, title, StringComparison.OrdinalIgnoreCase));
                    if (title is null && existing is null)
                    {
                        errors.Add(new(n, $"Unit {code} belum ada di skema ini; isi juga judul unitnya."));
                        (unit, element) = (null, null);
                        continue;
                    }
                    unit = new PlannedUnit { Existing = existing, Code = code ?? existing?.Code, Title = title ?? existing!.Title, Row = n };
                    planned.Add(unit);
                }
                element = null;
            }
            if (elementTitle is not null)
            {
                if (unit is null)
                {
                    errors.Add(new(n, "Elemen tanpa unit: isi kode atau judul unit pada baris ini atau di atasnya."));
                    continue;
                }
                element = unit.Elements.FirstOrDefault(e => string.Equals(e.Title, elementTitle, StringComparison.OrdinalIgnoreCase));
                if (element is null) unit.Elements.Add(element = new PlannedElement { Title = elementTitle });
            }
            if (kuk is not null)
            {
                if (element is null)
                {
                    errors.Add(new(n, "KUK tanpa elemen: isi elemen kompetensi pada baris ini atau di atasnya."));
                    continue;
                }
                if (!element.Criteria.Contains(kuk, StringComparer.OrdinalIgnoreCase)) element.Criteria.Add(kuk);
            }
        }
        if (errors.Count > 0) return new(rows.Count, 0, 0, 0, 0, errors);

        int newUnits = 0, newElements = 0, newCriteria = 0, updatedUnits = 0;
        var unitOrder = scheme.Units.Select(u => u.SortOrder).DefaultIfEmpty(0).Max();
        foreach (var p in planned)
        {
            var target = p.Existing;
            if (target is null)
            {
                target = new SchemeUnit { Code = p.Code, Title = p.Title, SortOrder = unitOrder += 10 };
                scheme.Units.Add(target);
                newUnits++;
            }
            else if (target.Title != p.Title || target.Code != p.Code)
            {
                (target.Title, target.Code) = (p.Title, p.Code);
                updatedUnits++;
            }
            var elementOrder = target.Elements.Select(e => e.SortOrder).DefaultIfEmpty(0).Max();
            foreach (var pe in p.Elements)
            {
                var el = target.Elements.FirstOrDefault(e => string.Equals(e.Title, pe.Title, StringComparison.OrdinalIgnoreCase));
                if (el is null)
                {
                    target.Elements.Add(el = new SchemeElement { Title = pe.Title, SortOrder = elementOrder += 10 });
                    newElements++;
                }
                var criterionOrder = el.Criteria.Select(c => c.SortOrder).DefaultIfEmpty(0).Max();
                foreach (var text in pe.Criteria.Where(t => !el.Criteria.Any(c => string.Equals(c.Text, t, StringComparison.OrdinalIgnoreCase))))
                {
                    el.Criteria.Add(new PerformanceCriterion { Text = text, SortOrder = criterionOrder += 10 });
                    newCriteria++;
                }
            }
        }
        db.AuditReason = $"Impor unit dari berkas {Path.GetFileName(fileName)}";
        await db.SaveChangesAsync(ct);
        return new(rows.Count, newUnits, newElements, newCriteria, updatedUnits, []);
    }
}
