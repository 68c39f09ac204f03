using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry.Import;

/// <summary>
/// The filtered people list as xlsx, with the import template's headers so that an export can be
/// edited and imported again. NIKs are masked unless the caller asks for full NIKs (and may see
/// them); a full-NIK export is written to the NIK access log before the file leaves the server.
/// </summary>
public sealed class PeopleExport(AppDbContext db, PeopleQuery people, NikProtector nik, TimeProvider clock)
{
    private sealed record Row(
        string NikCipher, string NikMasked, string? Nip, string FullName, string? DiplomaName, Sex Sex, string? BirthPlace, DateOnly BirthDate,
        string? Phone, string? Email, EducationLevel EducationLevel, string? EducationField, bool LibraryScience, string StaffCategoryCode,
        string? FunctionalLevelCode, string EmploymentStatusCode, string? LibraryNpp, string? LibraryName, string RegencyCode, string? RegencyName,
        DateOnly? LibraryWorkStart, bool Certified, DateTimeOffset UpdatedAt);

    public static string FileName(UserScope scope, TimeProvider clock) =>
        $"tenaga-perpustakaan-{scope.RegionCode ?? "nasional"}-{clock.AgencyNow():yyyyMMdd-HHmm}.xlsx";

    /// <returns>The number of people exported.</returns>
    public async Task<int> WriteAsync(PeopleFilter filter, UserScope scope, bool fullNik, string userId, string userName, Stream output, CancellationToken ct = default)
    {
        var today = clock.Today();
        var q = people.Filtered(filter, scope);
        q = filter.Sort == "updated" ? q.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id) : q.OrderBy(p => p.FullName).ThenBy(p => p.Id);
        var rows = q.Select(p => new Row(
            fullNik ? p.NikCipher : "", p.NikMasked, p.Nip, p.FullName, p.DiplomaName, p.Sex, p.BirthPlace, p.BirthDate, p.Phone, p.Email,
            p.EducationLevel, p.EducationField, p.LibraryScienceEducation, p.StaffCategoryCode, p.FunctionalLevelCode, p.EmploymentStatusCode,
            p.Library != null ? p.Library.Npp : null, p.Library != null ? p.Library.Name : null, p.RegencyCode, p.Regency != null ? p.Regency.Name : null,
            p.LibraryWorkStart, p.Certificates.Any(c => c.RevokedAt == null && c.ValidUntil >= today), p.UpdatedAt));

        var columns = RosterColumns.All.Select(c => new XlsxColumn(c.Header, c.Width, c.Format)).ToList();
        columns.Add(new XlsxColumn("Nama Kab/Kota", 28));
        columns.Add(new XlsxColumn("Bersertifikat", 13));
        columns.Add(new XlsxColumn("Terakhir Diubah", 18, XlsxFormat.DateTime));

        var count = 0;
        using (var x = XlsxWriter.Create(output))
        {
            // Streams from the database: a province of 120,000 people is never held as a list.
            x.AddSheet("Data", columns, rows.AsNoTracking().AsEnumerable().Select(r =>
            {
                count++;
                return (IReadOnlyList<object?>)
                [
                    fullNik ? nik.Unprotect(r.NikCipher) : r.NikMasked, r.Nip, r.FullName, r.DiplomaName, r.Sex == Sex.Female ? "P" : "L",
                    r.BirthPlace, r.BirthDate, r.Phone, r.Email, r.EducationLevel.ToString(), r.EducationField, r.LibraryScience,
                    r.StaffCategoryCode, r.FunctionalLevelCode, r.EmploymentStatusCode, r.LibraryNpp ?? r.LibraryName, r.RegencyCode,
                    r.LibraryWorkStart, r.RegencyName, r.Certified, r.UpdatedAt,
                ];
            }));
        }

        if (fullNik)
        {
            db.NikAccessLogs.Add(new NikAccessLog
            {
                UserId = userId,
                UserName = userName,
                Action = "export",
                RecordCount = count,
                Detail = "Ekspor daftar tenaga perpustakaan dengan NIK lengkap; filter: " + Describe(filter, scope),
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);
        }
        return count;
    }

    private static string Describe(PeopleFilter f, UserScope scope)
    {
        var parts = new List<string> { $"wilayah {scope.RegionCode ?? "nasional"}" };
        if (!string.IsNullOrWhiteSpace(f.Regency)) parts.Add($"kab/kota {f.Regency}");
        if (!string.IsNullOrWhiteSpace(f.LibraryType)) parts.Add($"jenis perpustakaan {f.LibraryType}");
        if (!string.IsNullOrWhiteSpace(f.StaffCategory)) parts.Add($"kategori {f.StaffCategory}");
        if (f.Certified is { } c) parts.Add(c ? "bersertifikat" : "belum bersertifikat");
        if (f.Pipeline is { } stage) parts.Add($"tahap {RegistryLists.Display(stage)}");
        if (f.TrainedYear is { } year) parts.Add($"dilatih tahun {year}");
        if (!string.IsNullOrWhiteSpace(f.Q)) parts.Add(IdentityNumbers.Digits(f.Q).Length >= 16 ? "pencarian nomor identitas" : $"pencarian \"{f.Q}\"");
        return string.Join(", ", parts);
    }
}
