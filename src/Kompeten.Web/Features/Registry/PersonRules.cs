using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Registry;

/// <summary>
/// The facts a person's validation needs from the database. The form loads them for one person;
/// an import loads them once for the whole file, so both run exactly the same rules.
/// </summary>
public sealed class PersonLookups
{
    public required HashSet<string> RegencyCodes { get; init; }
    public required Dictionary<string, HashSet<string>> ReferenceCodes { get; init; }

    /// <summary>Library id → regency code (only libraries the rules may need).</summary>
    public required Dictionary<int, string> LibraryRegency { get; init; }

    /// <summary>NIK hash → the person already holding it.</summary>
    public required Dictionary<string, ExistingPerson> ByNikHash { get; init; }

    /// <summary>NIP → id of the person already holding it.</summary>
    public required Dictionary<string, ExistingPerson> ByNip { get; init; }

    public static async Task<PersonLookups> LoadBaseAsync(AppDbContext db, CancellationToken ct = default)
    {
        var refs = await db.ReferenceItems.AsNoTracking().Where(r => r.Active).Select(r => new { r.Kind, r.Code }).ToListAsync(ct);
        return new PersonLookups
        {
            RegencyCodes = await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Regency).Select(r => r.Code).ToHashSetAsync(ct),
            ReferenceCodes = refs.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Select(r => r.Code).ToHashSet()),
            LibraryRegency = [],
            ByNikHash = [],
            ByNip = [],
        };
    }
}

public sealed record ExistingPerson(int Id, string FullName, string RegencyCode);

public sealed record PersonCheck(Dictionary<string, List<string>> Errors, string? NikDigits, string? NikHash)
{
    public bool IsValid => Errors.Count == 0;

    public IEnumerable<string> AllMessages => Errors.SelectMany(e => e.Value);
}

/// <summary>
/// The DataAnnotations of <see cref="PersonInput"/>, read once, checked as
/// <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// checks them (all properties; a failed [Required] hides the property's other attributes; the
/// attribute's own message with the property's display name) but without reflection per call.
/// </summary>
internal static class InputAnnotations
{
    private sealed record Annotated(string Name, string DisplayName, Func<PersonInput, object?> Get, RequiredAttribute? Required, ValidationAttribute[] Others);

    private static readonly Annotated[] Properties = typeof(PersonInput).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
        .Select(p =>
        {
            var attributes = p.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            var display = p.GetCustomAttribute<DisplayAttribute>()?.GetName() ?? p.GetCustomAttribute<System.ComponentModel.DisplayNameAttribute>()?.DisplayName ?? p.Name;
            var required = attributes.OfType<RequiredAttribute>().FirstOrDefault();
            var instance = Expression.Parameter(typeof(PersonInput));
            var get = Expression.Lambda<Func<PersonInput, object?>>(Expression.Convert(Expression.Property(instance, p), typeof(object)), instance).Compile();
            return new Annotated(p.Name, display, get, required, attributes.Where(a => a != required).ToArray());
        })
        .Where(a => a.Required is not null || a.Others.Length > 0)
        .ToArray();

    public static void Validate(PersonInput input, Action<string, string> add)
    {
        foreach (var p in Properties)
        {
            var value = p.Get(input);
            if (p.Required is { } required && !IsValid(required, value, input, p))
            {
                add(p.Name, required.FormatErrorMessage(p.DisplayName));
                continue;
            }
            foreach (var attribute in p.Others)
            {
                if (!IsValid(attribute, value, input, p)) add(p.Name, attribute.FormatErrorMessage(p.DisplayName));
            }
        }
    }

    private static bool IsValid(ValidationAttribute attribute, object? value, PersonInput input, Annotated p) =>
        attribute.RequiresValidationContext
            ? attribute.GetValidationResult(value, new ValidationContext(input) { MemberName = p.Name, DisplayName = p.DisplayName }) == ValidationResult.Success
            : attribute.IsValid(value);
}

/// <summary>Validates a <see cref="PersonInput"/> and applies it to a <see cref="Person"/>.</summary>
public sealed class PersonRules(AppDbContext db, NikProtector nik, TimeProvider clock)
{
    /// <summary>Checks one person for a form or an API call, loading just the facts it needs.</summary>
    public async Task<PersonCheck> CheckAsync(PersonInput input, int? personId, UserScope scope, CancellationToken ct = default)
    {
        var lookups = await PersonLookups.LoadBaseAsync(db, ct);
        if (input.LibraryId is { } libId)
        {
            var lib = await db.Libraries.AsNoTracking().Where(l => l.Id == libId).Select(l => l.RegencyCode).FirstOrDefaultAsync(ct);
            if (lib is not null) lookups.LibraryRegency[libId] = lib;
        }
        var digits = IdentityNumbers.Digits(input.Nik);
        (string Digits, string Hash)? hashed = null;
        if (digits.Length == 16 && digits.All(char.IsAsciiDigit))
        {
            var hash = nik.Hash(digits);
            hashed = (digits, hash);
            var owner = await db.People.AsNoTracking().Where(p => p.NikHash == hash)
                .Select(p => new ExistingPerson(p.Id, p.FullName, p.RegencyCode)).FirstOrDefaultAsync(ct);
            if (owner is not null) lookups.ByNikHash[hash] = owner;
        }
        var nip = IdentityNumbers.Digits(input.Nip);
        if (nip.Length > 0)
        {
            var owner = await db.People.AsNoTracking().Where(p => p.Nip == nip)
                .Select(p => new ExistingPerson(p.Id, p.FullName, p.RegencyCode)).FirstOrDefaultAsync(ct);
            if (owner is not null) lookups.ByNip[nip] = owner;
        }
        return Check(input, personId, scope, lookups, hashed);
    }

    /// <summary>All rules, without touching the database: fields, NIK/NIP, references, scope, uniqueness.</summary>
    /// <param name="hashed">The NIK's digits and keyed hash when the caller has computed them already (to look the owner up).</param>
    public PersonCheck Check(PersonInput input, int? personId, UserScope scope, PersonLookups lookups, (string Digits, string Hash)? hashed = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        // The DataAnnotations of PersonInput — the form's rules and messages — without Validator's
        // per-call reflection, which cost more than all other rules together on a 100,000-row import.
        InputAnnotations.Validate(input, Add);

        var today = clock.Today();
        if (input.BirthDate is { } bd)
        {
            var age = today.Year - bd.Year - (today.DayOfYear < bd.DayOfYear ? 1 : 0);
            if (age is < 15 or > 90) Add(nameof(input.BirthDate), $"Tanggal lahir {bd:dd-MM-yyyy} berarti usia {age} tahun; periksa kembali (usia wajar 15–90 tahun).");
        }
        if (input.LibraryWorkStart is { } ws)
        {
            if (ws > today) Add(nameof(input.LibraryWorkStart), "Tanggal mulai bekerja tidak boleh di masa depan.");
            else if (input.BirthDate is { } b && ws < b.AddYears(14)) Add(nameof(input.LibraryWorkStart), "Tanggal mulai bekerja terlalu dekat dengan tanggal lahir; periksa kembali.");
        }

        string? nikDigits = null, nikHash = null;
        if (!string.IsNullOrWhiteSpace(input.Nik))
        {
            var nikErrors = IdentityNumbers.ValidateNik(input.Nik, input.BirthDate, input.Sex, lookups.RegencyCodes.Contains);
            foreach (var e in nikErrors) Add(nameof(input.Nik), e);
            if (nikErrors.Count == 0)
            {
                nikDigits = IdentityNumbers.Digits(input.Nik);
                nikHash = hashed is { } known && known.Digits == nikDigits ? known.Hash : nik.Hash(nikDigits);
                if (lookups.ByNikHash.TryGetValue(nikHash, out var owner) && owner.Id != personId)
                {
                    Add(nameof(input.Nik), scope.Covers(owner.RegencyCode)
                        ? $"NIK ini sudah terdaftar atas nama {owner.FullName} (ID {owner.Id}). Buka data tersebut untuk memperbarui, jangan membuat data baru."
                        : "NIK ini sudah terdaftar di kabupaten/kota lain. Hubungi Admin Provinsi bila orang ini pindah tugas ke wilayah Anda.");
                }
            }
        }
        foreach (var e in IdentityNumbers.ValidateNip(input.Nip, input.BirthDate, input.Sex)) Add(nameof(input.Nip), e);
        var nip = IdentityNumbers.Digits(input.Nip);
        if (nip.Length > 0 && lookups.ByNip.TryGetValue(nip, out var nipOwner) && nipOwner.Id != personId)
        {
            Add(nameof(input.Nip), scope.Covers(nipOwner.RegencyCode)
                ? $"NIP ini sudah dipakai oleh {nipOwner.FullName} (ID {nipOwner.Id})."
                : "NIP ini sudah dipakai oleh orang di kabupaten/kota lain.");
        }

        if (!string.IsNullOrWhiteSpace(input.RegencyCode))
        {
            if (!lookups.RegencyCodes.Contains(input.RegencyCode)) Add(nameof(input.RegencyCode), $"Kode kabupaten/kota {input.RegencyCode} tidak dikenal; gunakan kode Kemendagri, misalnya 63.01.");
            else if (!scope.Covers(input.RegencyCode)) Add(nameof(input.RegencyCode), $"Kabupaten/kota {input.RegencyCode} di luar wilayah akun Anda.");
        }
        if (input.LibraryId is { } libraryId)
        {
            if (!lookups.LibraryRegency.TryGetValue(libraryId, out var libRegency)) Add(nameof(input.LibraryId), $"Perpustakaan dengan ID {libraryId} tidak ditemukan.");
            else if (libRegency != input.RegencyCode) Add(nameof(input.LibraryId), "Perpustakaan yang dipilih berada di kabupaten/kota lain; pilih perpustakaan di kabupaten/kota yang sama.");
        }

        CheckReference(ReferenceKind.StaffCategory, input.StaffCategoryCode, nameof(input.StaffCategoryCode));
        CheckReference(ReferenceKind.EmploymentStatus, input.EmploymentStatusCode, nameof(input.EmploymentStatusCode));
        CheckReference(ReferenceKind.FunctionalLevel, input.FunctionalLevelCode, nameof(input.FunctionalLevelCode));

        return new PersonCheck(errors, nikDigits, nikHash);

        void CheckReference(string kind, string? code, string field)
        {
            if (string.IsNullOrWhiteSpace(code)) return;
            if (!lookups.ReferenceCodes.TryGetValue(kind, out var codes) || !codes.Contains(code))
            {
                Add(field, $"{ReferenceKind.Labels[kind]} '{code}' tidak dikenal. Pilihan: {string.Join(", ", lookups.ReferenceCodes.GetValueOrDefault(kind) ?? [])}.");
            }
        }
    }

    /// <summary>Copies a checked input onto a person; the NIK is re-encrypted only when it changed.</summary>
    public void Apply(PersonInput input, PersonCheck check, Person person)
    {
        if (!check.IsValid) throw new InvalidOperationException("Apply only a valid input.");
        var now = clock.GetUtcNow();
        if (person.NikHash != check.NikHash)
        {
            person.NikCipher = nik.Protect(check.NikDigits!);
            person.NikHash = check.NikHash!;
            person.NikMasked = IdentityNumbers.MaskNik(check.NikDigits!);
        }
        var nip = IdentityNumbers.Digits(input.Nip);
        person.Nip = nip.Length == 0 ? null : nip;
        person.FullName = Clean(input.FullName)!;
        person.DiplomaName = Clean(input.DiplomaName) is { } dn ? Person.NormalizeName(dn) : null;
        person.Sex = input.Sex!.Value;
        person.BirthPlace = Clean(input.BirthPlace);
        person.BirthDate = input.BirthDate!.Value;
        person.Phone = Clean(input.Phone);
        person.Email = Clean(input.Email)?.ToLowerInvariant();
        person.EducationLevel = input.EducationLevel!.Value;
        person.EducationField = Clean(input.EducationField);
        person.LibraryScienceEducation = input.LibraryScienceEducation;
        person.StaffCategoryCode = input.StaffCategoryCode!;
        person.FunctionalLevelCode = Clean(input.FunctionalLevelCode);
        person.EmploymentStatusCode = input.EmploymentStatusCode!;
        person.LibraryId = input.LibraryId;
        person.RegencyCode = input.RegencyCode!;
        person.ProvinceCode = Region.ProvinceOf(input.RegencyCode!);
        person.LibraryWorkStart = input.LibraryWorkStart;
        if (person.Id == 0) person.CreatedAt = now;
        person.UpdatedAt = now;
    }

    /// <summary>Another person with the same name and birth date, to be reviewed as a likely duplicate.</summary>
    public Task<int?> FindLikelyDuplicateAsync(Person person, CancellationToken ct = default) =>
        db.People.AsNoTracking()
            .Where(p => p.Id != person.Id && p.BirthDate == person.BirthDate && p.FullName.ToUpper() == person.FullName.ToUpper())
            .Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Most values are already clean: keep them without splitting and joining (an import cleans ~1 million).
        if (value[0] != ' ' && value[^1] != ' ' && !value.Contains("  ", StringComparison.Ordinal)) return value;
        return string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static Person NewPerson() => new()
    {
        NikCipher = "",
        NikHash = "",
        NikMasked = "",
        FullName = "",
        StaffCategoryCode = "",
        EmploymentStatusCode = "",
        RegencyCode = "",
        ProvinceCode = "",
    };
}
