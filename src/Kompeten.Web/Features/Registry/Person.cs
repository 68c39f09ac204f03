using System.ComponentModel.DataAnnotations;

namespace Kompeten.Web.Features.Registry;

public enum Sex
{
    [Display(Name = "Laki-laki")] Male = 1,
    [Display(Name = "Perempuan")] Female = 2,
}

/// <summary>Highest education, in ascending order so that "D2 or higher" is a comparison.</summary>
public enum EducationLevel
{
    [Display(Name = "SD")] SD = 1,
    [Display(Name = "SMP")] SMP = 2,
    [Display(Name = "SLTA/SMA/SMK")] SLTA = 3,
    [Display(Name = "D1")] D1 = 4,
    [Display(Name = "D2")] D2 = 5,
    [Display(Name = "D3")] D3 = 6,
    [Display(Name = "D4")] D4 = 7,
    [Display(Name = "S1")] S1 = 8,
    [Display(Name = "S2")] S2 = 9,
    [Display(Name = "S3")] S3 = 10,
}

/// <summary>A library worker in the registry. The NIK is stored encrypted, with a keyed hash for lookups.</summary>
public class Person : IRegional, Infrastructure.IAudited
{
    public int Id { get; set; }

    /// <summary>NIK protected with ASP.NET Core Data Protection; read through <see cref="NikProtector"/> only.</summary>
    public required string NikCipher { get; set; }

    /// <summary>HMAC-SHA256 of the NIK (hex) under a key of our own: unique, and how a NIK is found.</summary>
    public required string NikHash { get; set; }

    /// <summary>"630201••••••0003": region and sequence digits, safe to show in lists.</summary>
    public required string NikMasked { get; set; }

    public string? Nip { get; set; }
    public required string FullName { get; set; }

    /// <summary>Name in capitals exactly as on the diploma (FR.APL.01 needs it).</summary>
    public string? DiplomaName { get; set; }
    public Sex Sex { get; set; }
    public string? BirthPlace { get; set; }
    public DateOnly BirthDate { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public EducationLevel EducationLevel { get; set; }
    public string? EducationField { get; set; }
    public bool LibraryScienceEducation { get; set; }
    public required string StaffCategoryCode { get; set; }
    public string? FunctionalLevelCode { get; set; }
    public required string EmploymentStatusCode { get; set; }
    public int? LibraryId { get; set; }
    public required string RegencyCode { get; set; }
    public required string ProvinceCode { get; set; }
    public DateOnly? LibraryWorkStart { get; set; }

    /// <summary>Set when another person has the same name and birth date; cleared by a reviewer.</summary>
    public int? PossibleDuplicateOfId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Library? Library { get; set; }
    public Region? Regency { get; set; }
    public List<Certification.Certificate> Certificates { get; set; } = [];

    public static string NormalizeName(string name) =>
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
