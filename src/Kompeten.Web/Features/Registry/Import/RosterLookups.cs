using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>Reference codes by code or by name ("Pustakawan" → "pustakawan"), per kind.</summary>
public sealed class ReferenceNames
{
    private readonly Dictionary<string, Dictionary<string, string>> _byKind = [];

    public List<ReferenceItem> Items { get; private init; } = [];

    public static async Task<ReferenceNames> LoadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var items = await db.ReferenceItems.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Kind).ThenBy(r => r.SortOrder).ThenBy(r => r.Code).ToListAsync(ct);
        var names = new ReferenceNames { Items = items };
        foreach (var item in items)
        {
            if (!names._byKind.TryGetValue(item.Kind, out var map)) names._byKind[item.Kind] = map = new Dictionary<string, string>(StringComparer.Ordinal);
            map.TryAdd(Key(item.Code), item.Code);
            map.TryAdd(Key(item.Name), item.Code);
        }
        return names;
    }

    /// <summary>The code for a typed code or name; the typed text itself when unknown (the rules then say what is allowed).</summary>
    public string? Code(string kind, string? typed)
    {
        if (typed is null) return null;
        return _byKind.TryGetValue(kind, out var map) && map.TryGetValue(Key(typed), out var code) ? code : typed;
    }

    private static string Key(string text) => string.Join('-', text.ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Libraries a roster file points at, by NPP or by name within the row's regency.</summary>
internal sealed class LibraryDirectory(AppDbContext db)
{
    private sealed record Entry(int Id, string? Npp, string Name, string RegencyCode);

    private readonly HashSet<string> _loadedRegencies = [];
    private readonly HashSet<string> _triedNpps = [];
    private readonly Dictionary<string, Entry> _byNpp = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Regency, string Name), List<Entry>> _byName = [];
    private readonly Dictionary<int, Entry> _byId = [];

    public async Task LoadAsync(IEnumerable<string> regencies, IEnumerable<string> references, IEnumerable<int> ids, PersonLookups lookups, CancellationToken ct)
    {
        var newRegencies = regencies.Distinct().Where(_loadedRegencies.Add).ToList();
        var npps = references.Select(NormalizeNpp).Where(n => n.Length >= 8 && !_byNpp.ContainsKey(n)).Distinct().Where(_triedNpps.Add).ToList();
        var newIds = ids.Distinct().Where(i => !_byId.ContainsKey(i)).ToList();
        if (newRegencies.Count + npps.Count + newIds.Count == 0) return;
        var found = await db.Libraries.AsNoTracking()
            .Where(l => newRegencies.Contains(l.RegencyCode) || (l.Npp != null && npps.Contains(l.Npp)) || newIds.Contains(l.Id))
            .Select(l => new Entry(l.Id, l.Npp, l.Name, l.RegencyCode)).ToListAsync(ct);
        foreach (var e in found)
        {
            if (!_byId.TryAdd(e.Id, e)) continue;
            lookups.LibraryRegency[e.Id] = e.RegencyCode;
            if (e.Npp is { } npp) _byNpp.TryAdd(NormalizeNpp(npp), e);
            var key = (e.RegencyCode, NormalizeName(e.Name));
            if (!_byName.TryGetValue(key, out var list)) _byName[key] = list = [];
            list.Add(e);
        }
    }

    public (int? Id, string? Error) Resolve(string reference, string? regencyCode)
    {
        if (_byNpp.TryGetValue(NormalizeNpp(reference), out var byNpp)) return (byNpp.Id, null);
        if (regencyCode is null) return (null, $"Perpustakaan \"{reference}\" tidak dapat dicari karena Kode Kab/Kota kosong.");
        if (_byName.TryGetValue((regencyCode, NormalizeName(reference)), out var list))
        {
            if (list.Count == 1) return (list[0].Id, null);
            return (null, $"Ada {list.Count} perpustakaan bernama \"{reference}\" di {regencyCode}; tulis NPP-nya agar tidak tertukar.");
        }
        return (null, $"Perpustakaan \"{reference}\" tidak ditemukan di kabupaten/kota {regencyCode}. Tulis NPP atau nama persis seperti di lembar \"Perpustakaan\" pada templat, atau kosongkan kolom ini.");
    }

    private static string NormalizeNpp(string text) => IdentityNumbers.NormalizeNpp(text) ?? "";

    private static string NormalizeName(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
