namespace Kompeten.Web.Features.Certification;

/// <summary>A certification cluster (klaster/skema) of LSP Pustakawan, editable by administrators.</summary>
public class Scheme : Infrastructure.IAudited
{
    public int Id { get; set; }

    /// <summary>Stable slug, e.g. "layanan-dasar".</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>"confirmed" when the name was found in an official source, else "confirm".</summary>
    public string SourceStatus { get; set; } = "confirmed";
    public int ValidityYears { get; set; } = 3;
    public bool Active { get; set; } = true;
    public List<SchemeUnit> Units { get; set; } = [];
}

/// <summary>A competency unit of a scheme (SKKNI code such as R.91PRP02.021.1, which may be unknown yet).</summary>
public class SchemeUnit : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int SchemeId { get; set; }
    public string? Code { get; set; }
    public required string Title { get; set; }
    public int SortOrder { get; set; }
    public Scheme? Scheme { get; set; }
}
