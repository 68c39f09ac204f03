namespace Kompeten.Web.Features.Registry;

/// <summary>The kinds of administrator-editable lists a person or a library is described with.</summary>
public static class ReferenceKind
{
    public const string LibraryType = "library-type";
    public const string StaffCategory = "staff-category";
    public const string FunctionalLevel = "functional-level";
    public const string EmploymentStatus = "employment-status";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [LibraryType] = "Jenis perpustakaan",
        [StaffCategory] = "Kategori tenaga",
        [FunctionalLevel] = "Jabatan fungsional",
        [EmploymentStatus] = "Status kepegawaian",
    };
}

/// <summary>One entry of a reference list (e.g. library type "sekolah"); entities keep its code.</summary>
public class ReferenceItem : Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string Kind { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Kept for old records (e.g. the former Terampil/Mahir/Penyelia levels), not offered for new ones.</summary>
    public bool Legacy { get; set; }
}
