using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

public sealed class LibraryInput
{
    [Display(Name = "Nama perpustakaan")]
    [Required(ErrorMessage = "Nama perpustakaan wajib diisi.")]
    [StringLength(300, ErrorMessage = "Nama paling panjang 300 karakter.")]
    public string? Name { get; set; }

    [Display(Name = "Jenis perpustakaan")]
    [Required(ErrorMessage = "Jenis perpustakaan wajib dipilih.")]
    public string? TypeCode { get; set; }

    [Display(Name = "NPP")]
    public string? Npp { get; set; }

    [Display(Name = "Status")]
    [Required(ErrorMessage = "Status negeri/swasta wajib dipilih.")]
    public LibraryOwnership? Ownership { get; set; }

    [Display(Name = "Alamat")]
    [StringLength(500, ErrorMessage = "Alamat paling panjang 500 karakter.")]
    public string? Address { get; set; }

    [Display(Name = "Kabupaten/Kota")]
    [Required(ErrorMessage = "Kabupaten/kota wajib dipilih.")]
    public string? RegencyCode { get; set; }

    [Display(Name = "Kepala perpustakaan")]
    [StringLength(200, ErrorMessage = "Nama kepala paling panjang 200 karakter.")]
    public string? HeadName { get; set; }

    [Display(Name = "Telepon")]
    [RegularExpression(@"^\+?[0-9 \-()]{6,20}$", ErrorMessage = "Nomor telepon berisi 6–20 angka, misalnya (0511) 123456.")]
    public string? Phone { get; set; }

    [Display(Name = "E-mail")]
    [EmailAddress(ErrorMessage = "Format e-mail tidak valid, contoh: perpus@sekolah.sch.id.")]
    public string? Email { get; set; }

    public static LibraryInput From(Library l) => new()
    {
        Name = l.Name, TypeCode = l.TypeCode, Npp = l.Npp, Ownership = l.Ownership, Address = l.Address,
        RegencyCode = l.RegencyCode, HeadName = l.HeadName, Phone = l.Phone, Email = l.Email,
    };
}

/// <summary>Checks and applies a <see cref="LibraryInput"/>: annotations, regency in scope, type, NPP.</summary>
public sealed class LibraryRules(AppDbContext db, TimeProvider clock)
{
    /// <summary>An empty library for <see cref="Apply"/> to fill (its required columns are set there).</summary>
    public static Library NewLibrary() => new() { Name = "", TypeCode = "", RegencyCode = "", ProvinceCode = "" };

    public async Task<Dictionary<string, List<string>>> CheckAsync(LibraryInput input, int? libraryId, UserScope scope)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, true);
        foreach (var r in results) Add(r.MemberNames.FirstOrDefault() ?? "", r.ErrorMessage!);

        if (!string.IsNullOrWhiteSpace(input.RegencyCode))
        {
            if (!await db.Regions.AnyAsync(r => r.Code == input.RegencyCode && r.Level == RegionLevel.Regency))
                Add(nameof(input.RegencyCode), $"Kode kabupaten/kota {input.RegencyCode} tidak dikenal.");
            else if (!scope.Covers(input.RegencyCode))
                Add(nameof(input.RegencyCode), $"Kabupaten/kota {input.RegencyCode} di luar wilayah akun Anda.");
            else
                foreach (var e in IdentityNumbers.ValidateNpp(input.Npp, input.RegencyCode)) Add(nameof(input.Npp), e);
        }
        if (!string.IsNullOrWhiteSpace(input.TypeCode) && !await db.ReferenceItems.AnyAsync(r => r.Kind == ReferenceKind.LibraryType && r.Code == input.TypeCode && r.Active))
        {
            Add(nameof(input.TypeCode), $"Jenis perpustakaan '{input.TypeCode}' tidak dikenal.");
        }
        var npp = IdentityNumbers.NormalizeNpp(input.Npp);
        if (npp is not null && await NppTakenAsync(npp, libraryId, scope) is { } taken)
        {
            Add(nameof(input.Npp), taken);
        }
        return errors;
    }

    /// <summary>
    /// Saves what <see cref="Apply"/> changed. <see cref="CheckAsync"/> cannot see a library with
    /// the same NPP that another user saves between the check and this save; the unique index
    /// catches it, and the answer is the error the check would have given (nothing is saved).
    /// </summary>
    /// <returns>No errors when saved; otherwise the NPP error, keyed like <see cref="CheckAsync"/>'s.</returns>
    public async Task<Dictionary<string, List<string>>> SaveAsync(Library library, int? libraryId, UserScope scope)
    {
        try
        {
            await db.SaveChangesAsync();
            return [];
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: NppIndex }
            && library.Npp is { } npp)
        {
            var message = await NppTakenAsync(npp, libraryId, scope)
                ?? $"NPP {npp} sedang disimpan untuk perpustakaan lain pada saat yang sama. Simpan ulang; bila ditolak lagi, cari NPP tersebut di daftar perpustakaan.";
            return new() { [nameof(LibraryInput.Npp)] = [message] };
        }
    }

    /// <summary>The unique index on <see cref="Library.Npp"/> (see the Initial migration).</summary>
    private const string NppIndex = "ix_libraries_npp";

    /// <summary>Why this NPP cannot be used, naming the library that holds it when the user may see it; null when it is free.</summary>
    private async Task<string?> NppTakenAsync(string npp, int? libraryId, UserScope scope)
    {
        var holder = await db.Libraries.AsNoTracking().Where(l => l.Npp == npp && l.Id != libraryId)
            .Select(l => new { l.Id, l.Name, l.RegencyCode }).FirstOrDefaultAsync();
        if (holder is null) return null;
        return scope.Covers(holder.RegencyCode)
            ? $"NPP {npp} sudah dipakai {holder.Name} (ID {holder.Id}). Periksa kembali NPP pada sertifikat; bila perpustakaan itu yang dimaksud, ubah datanya dan jangan membuat data baru."
            : $"NPP {npp} sudah dipakai perpustakaan di kabupaten/kota lain. Periksa kembali NPP pada sertifikat, atau hubungi Admin Provinsi bila NPP itu tercatat keliru.";
    }

    public void Apply(LibraryInput input, Library library)
    {
        var now = clock.GetUtcNow();
        library.Name = input.Name!.Trim();
        library.TypeCode = input.TypeCode!;
        library.Npp = IdentityNumbers.NormalizeNpp(input.Npp);
        library.Ownership = input.Ownership!.Value;
        library.Address = input.Address?.Trim();
        library.RegencyCode = input.RegencyCode!;
        library.ProvinceCode = Region.ProvinceOf(input.RegencyCode!);
        library.HeadName = input.HeadName?.Trim();
        library.Phone = input.Phone?.Trim();
        library.Email = input.Email?.Trim().ToLowerInvariant();
        if (library.Id == 0) library.CreatedAt = now;
        library.UpdatedAt = now;
    }
}
