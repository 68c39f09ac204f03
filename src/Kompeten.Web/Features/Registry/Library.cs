using System.ComponentModel.DataAnnotations;

namespace Kompeten.Web.Features.Registry;

public enum LibraryOwnership
{
    [Display(Name = "Negeri")] Negeri = 1,
    [Display(Name = "Swasta")] Swasta = 2,
}

public class Library : IRegional, Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string TypeCode { get; set; }

    /// <summary>Nomor Pokok Perpustakaan; optional, and when given it agrees with the regency.</summary>
    public string? Npp { get; set; }
    public LibraryOwnership Ownership { get; set; } = LibraryOwnership.Negeri;
    public string? Address { get; set; }
    public required string RegencyCode { get; set; }
    public required string ProvinceCode { get; set; }
    public string? HeadName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Region? Regency { get; set; }
}
