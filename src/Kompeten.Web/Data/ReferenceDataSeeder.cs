using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Data;

/// <summary>
/// Seeds regions (all 38 provinces and 514 regencies/cities with boundaries), reference lists and
/// the known clusters from the copies in Data/Reference (see SOURCES.md there). Idempotent: it adds
/// what is missing and never overwrites what an administrator edited.
/// </summary>
public static class ReferenceDataSeeder
{
    public static string ReferenceDirectory => Path.Combine(AppContext.BaseDirectory, "Data", "Reference");

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default)
    {
        db.Actor = (null, "sistem (data referensi)");
        await SeedRegionsAsync(db, ct);
        await SeedReferenceItemsAsync(db, ct);
        await SeedSchemesAsync(db, ct);
    }

    private static async Task SeedRegionsAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = await db.Regions.Select(r => r.Code).ToHashSetAsync(ct);
        var lines = await File.ReadAllLinesAsync(Path.Combine(ReferenceDirectory, "indonesia-regions.csv"), ct);
        var boundaries = ReadBoundaries("kalsel-regencies.geojson").Concat(ReadBoundaries("indonesia-provinces.geojson"))
            .ToDictionary(x => x.Code, x => x.Geometry);
        var added = new List<Region>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = SplitCsv(line);
            if (existing.Contains(f[0])) continue;
            added.Add(new Region
            {
                Code = f[0],
                Name = f[1],
                Level = f[2] == "province" ? RegionLevel.Province : RegionLevel.Regency,
                ParentCode = f[3].Length == 0 ? null : f[3],
                Latitude = double.Parse(f[4], CultureInfo.InvariantCulture),
                Longitude = double.Parse(f[5], CultureInfo.InvariantCulture),
                BoundaryGeoJson = boundaries.GetValueOrDefault(f[0]),
            });
        }
        if (added.Count == 0) return;
        db.Regions.AddRange(added.OrderBy(r => r.Level));
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<(string Code, string Geometry)> ReadBoundaries(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(ReferenceDirectory, file)))!;
        foreach (var feature in doc["features"]!.AsArray())
        {
            yield return ((string)feature!["properties"]!["code"]!, feature["geometry"]!.ToJsonString());
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }

    public static readonly (string Kind, string Code, string Name, bool Legacy)[] ReferenceItems =
    [
        (ReferenceKind.LibraryType, "nasional", "Perpustakaan Nasional", false),
        (ReferenceKind.LibraryType, "umum-provinsi", "Perpustakaan Umum Provinsi", false),
        (ReferenceKind.LibraryType, "umum-kabkota", "Perpustakaan Umum Kabupaten/Kota", false),
        (ReferenceKind.LibraryType, "umum-kecamatan", "Perpustakaan Umum Kecamatan", false),
        (ReferenceKind.LibraryType, "umum-desa", "Perpustakaan Desa/Kelurahan", false),
        (ReferenceKind.LibraryType, "sekolah", "Perpustakaan Sekolah/Madrasah", false),
        (ReferenceKind.LibraryType, "perguruan-tinggi", "Perpustakaan Perguruan Tinggi", false),
        (ReferenceKind.LibraryType, "khusus", "Perpustakaan Khusus", false),
        (ReferenceKind.LibraryType, "komunitas", "Taman Bacaan Masyarakat / Perpustakaan Komunitas", false),
        (ReferenceKind.StaffCategory, "pustakawan", "Pustakawan", false),
        (ReferenceKind.StaffCategory, "tenaga-teknis", "Tenaga Teknis Perpustakaan", false),
        (ReferenceKind.StaffCategory, "pengelola", "Pengelola Perpustakaan", false),
        (ReferenceKind.FunctionalLevel, "tidak-ada", "Tidak menduduki jabatan fungsional", false),
        (ReferenceKind.FunctionalLevel, "ahli-pertama", "Pustakawan Ahli Pertama", false),
        (ReferenceKind.FunctionalLevel, "ahli-muda", "Pustakawan Ahli Muda", false),
        (ReferenceKind.FunctionalLevel, "ahli-madya", "Pustakawan Ahli Madya", false),
        (ReferenceKind.FunctionalLevel, "ahli-utama", "Pustakawan Ahli Utama", false),
        (ReferenceKind.FunctionalLevel, "asisten-terampil", "Asisten Perpustakaan Terampil", false),
        (ReferenceKind.FunctionalLevel, "asisten-mahir", "Asisten Perpustakaan Mahir", false),
        (ReferenceKind.FunctionalLevel, "asisten-penyelia", "Asisten Perpustakaan Penyelia", false),
        (ReferenceKind.FunctionalLevel, "pustakawan-terampil", "Pustakawan Terampil (lama)", true),
        (ReferenceKind.FunctionalLevel, "pustakawan-mahir", "Pustakawan Mahir (lama)", true),
        (ReferenceKind.FunctionalLevel, "pustakawan-penyelia", "Pustakawan Penyelia (lama)", true),
        (ReferenceKind.EmploymentStatus, "pns", "PNS", false),
        (ReferenceKind.EmploymentStatus, "pppk", "PPPK", false),
        (ReferenceKind.EmploymentStatus, "non-asn", "Non-ASN (honorer)", false),
        (ReferenceKind.EmploymentStatus, "swasta", "Pegawai swasta/yayasan", false),
        (ReferenceKind.EmploymentStatus, "relawan", "Relawan", false),
    ];

    private static async Task SeedReferenceItemsAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = (await db.ReferenceItems.Select(r => new { r.Kind, r.Code }).ToListAsync(ct))
            .Select(r => (r.Kind, r.Code)).ToHashSet();
        var order = 0;
        foreach (var (kind, code, name, legacy) in ReferenceItems)
        {
            order += 10;
            if (existing.Contains((kind, code))) continue;
            db.ReferenceItems.Add(new ReferenceItem { Kind = kind, Code = code, Name = name, Legacy = legacy, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedSchemesAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = await db.Schemes.Select(s => s.Key).ToHashSetAsync(ct);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ReferenceDirectory, "clusters.json"), ct));
        foreach (var c in doc.RootElement.GetProperty("clusters").EnumerateArray())
        {
            var key = c.GetProperty("key").GetString()!;
            if (existing.Contains(key)) continue;
            var scheme = new Scheme { Key = key, Name = c.GetProperty("name").GetString()!, SourceStatus = c.GetProperty("status").GetString()! };
            var order = 0;
            foreach (var u in c.GetProperty("units").EnumerateArray())
            {
                scheme.Units.Add(new SchemeUnit
                {
                    Code = u.GetProperty("code").GetString(),
                    Title = u.GetProperty("title").GetString()!,
                    SortOrder = order += 10,
                });
            }
            db.Schemes.Add(scheme);
        }
        await db.SaveChangesAsync(ct);
    }
}
