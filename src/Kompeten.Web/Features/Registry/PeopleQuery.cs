using Kompeten.Web.Infrastructure;
using System.Globalization;
using System.Text;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>Filters of the people list; the same object drives the page, the API and the xlsx export.</summary>
public sealed class PeopleFilter
{
    /// <summary>Name (part), a full 16-digit NIK or an 18-digit NIP.</summary>
    public string? Q { get; set; }
    public string? Regency { get; set; }
    public string? LibraryType { get; set; }
    public string? StaffCategory { get; set; }

    /// <summary>true: holds a valid certificate today; false: does not.</summary>
    public bool? Certified { get; set; }

    /// <summary>Has an application in this status (any scheme).</summary>
    public Certification.ApplicationStatus? Pipeline { get; set; }

    /// <summary>Trained in this year: see <see cref="Training.TrainedPeople.InYear"/>.</summary>
    public int? TrainedYear { get; set; }

    /// <summary>"name" (default) or "updated" (most recently changed first).</summary>
    public string? Sort { get; set; }

    /// <summary>Opaque keyset cursor from the previous page.</summary>
    public string? After { get; set; }

    public int? Size { get; set; }

    public int PageSize => Math.Clamp(Size ?? 50, 1, 200);
}

public sealed record PersonRow(
    int Id,
    string FullName,
    string NikMasked,
    string? Nip,
    string RegencyCode,
    string RegencyName,
    string? LibraryName,
    string StaffCategoryCode,
    bool Certified,
    DateTimeOffset UpdatedAt);

public sealed record PeoplePage(List<PersonRow> Items, string? Next);

/// <summary>The registry's list query: scope first, then filters, then keyset paging on an index.</summary>
public sealed class PeopleQuery(AppDbContext db, NikProtector nik, TimeProvider clock)
{
    public IQueryable<Person> Filtered(PeopleFilter f, UserScope scope)
    {
        var today = clock.Today();
        var q = db.People.AsNoTracking().InScope(scope);
        if (!string.IsNullOrWhiteSpace(f.Regency)) q = q.Where(p => p.RegencyCode == f.Regency);
        if (!string.IsNullOrWhiteSpace(f.StaffCategory)) q = q.Where(p => p.StaffCategoryCode == f.StaffCategory);
        if (!string.IsNullOrWhiteSpace(f.LibraryType)) q = q.Where(p => p.Library != null && p.Library.TypeCode == f.LibraryType);
        if (f.Certified is { } certified)
        {
            q = certified
                ? q.Where(p => p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today))
                : q.Where(p => !p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today));
        }
        if (f.Pipeline is { } status)
        {
            q = q.Where(p => db.Applications.Any(a => a.PersonId == p.Id && a.Status == status));
        }
        if (f.TrainedYear is { } year and >= 1 and <= 9999)
        {
            var trained = Training.TrainedPeople.InYear(db, year);
            q = q.Where(p => trained.Contains(p.Id));
        }
        var search = f.Q?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var digits = IdentityNumbers.Digits(search);
            if (digits.Length == 16 && digits.All(char.IsAsciiDigit))
            {
                var hash = nik.Hash(digits);
                q = q.Where(p => p.NikHash == hash);
            }
            else if (digits.Length == 18 && digits.All(char.IsAsciiDigit))
            {
                q = q.Where(p => p.Nip == digits);
            }
            else
            {
                var pattern = LikePattern.Containing(search);
                q = q.Where(p => EF.Functions.ILike(p.FullName, pattern, LikePattern.Escape));
            }
        }
        return q;
    }

    public async Task<PeoplePage> PageAsync(PeopleFilter f, UserScope scope, CancellationToken ct = default)
    {
        var today = clock.Today();
        var q = Filtered(f, scope);
        var byUpdated = f.Sort == "updated";
        var cursor = Cursor.Decode(f.After);
        if (cursor is { } c)
        {
            if (byUpdated)
            {
                var at = new DateTimeOffset(long.Parse(c.Key, CultureInfo.InvariantCulture), TimeSpan.Zero);
                q = q.Where(p => p.UpdatedAt < at || (p.UpdatedAt == at && p.Id < c.Id));
            }
            else
            {
                q = q.Where(p => EF.Functions.GreaterThan(ValueTuple.Create(p.FullName, p.Id), ValueTuple.Create(c.Key, c.Id)));
            }
        }
        q = byUpdated ? q.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id) : q.OrderBy(p => p.FullName).ThenBy(p => p.Id);
        // First the page's ids (filter, order, limit only), then the details of just those rows:
        // otherwise PostgreSQL may join and test certificates for every match of a common name
        // before it sorts and cuts the page.
        var ids = await q.Take(f.PageSize + 1).Select(p => p.Id).ToListAsync(ct);
        var details = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new PersonRow(
                p.Id, p.FullName, p.NikMasked, p.Nip, p.RegencyCode, p.Regency!.Name,
                p.Library != null ? p.Library.Name : null, p.StaffCategoryCode,
                p.Certificates.Any(x => x.RevokedAt == null && x.ValidUntil >= today), p.UpdatedAt))
            .ToDictionaryAsync(r => r.Id, ct);
        var rows = ids.Select(id => details[id]).ToList();
        string? next = null;
        if (rows.Count > f.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = Cursor.Encode(byUpdated ? last.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) : last.FullName, last.Id);
        }
        return new PeoplePage(rows, next);
    }

    private static class Cursor
    {
        public static string Encode(string key, int id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}|{key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static (string Key, int Id)? Decode(string? value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            try
            {
                var padded = value.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
                var bar = text.IndexOf('|');
                return bar > 0 && int.TryParse(text[..bar], CultureInfo.InvariantCulture, out var id) ? (text[(bar + 1)..], id) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
