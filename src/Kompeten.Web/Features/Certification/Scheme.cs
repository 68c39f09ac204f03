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

    /// <summary>Document kinds (see <see cref="DocumentKinds"/>) every candidate of this scheme must upload.</summary>
    public List<string> RequiredDocuments { get; set; } = [.. DocumentKinds.Defaults];
    public List<SchemeUnit> Units { get; set; } = [];
}

/// <summary>The portfolio documents LSP Pustakawan asks for (DOMAIN.md §3 step 5).</summary>
public static class DocumentKinds
{
    public const string Photo = "pas-foto";
    public const string IdentityCard = "ktp";
    public const string Diploma = "ijazah";
    public const string Transcript = "transkrip";
    public const string EmploymentDecree = "sk-kerja";
    public const string FunctionalDecree = "sk-fungsional";
    public const string Recommendation = "rekomendasi-atasan";
    public const string Cv = "cv";
    public const string TrainingCertificate = "sertifikat-pelatihan";
    public const string UnitEvidence = "bukti-unit";

    public static readonly string[] Defaults = [Photo, IdentityCard, Diploma, Transcript, EmploymentDecree, FunctionalDecree, Recommendation, Cv];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Photo] = "Pas foto 3x4 latar merah",
        [IdentityCard] = "KTP",
        [Diploma] = "Ijazah terakhir",
        [Transcript] = "Transkrip nilai",
        [EmploymentDecree] = "SK pengangkatan / surat keterangan bekerja",
        [FunctionalDecree] = "SK jabatan fungsional (khusus pejabat fungsional pustakawan)",
        [Recommendation] = "Surat rekomendasi atasan",
        [Cv] = "Daftar riwayat hidup",
        [TrainingCertificate] = "Sertifikat pelatihan kepustakawanan",
        [UnitEvidence] = "Bukti kompetensi unit",
    };
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
    public List<SchemeElement> Elements { get; set; } = [];
}

/// <summary>An element of competency (elemen kompetensi) of a unit.</summary>
public class SchemeElement : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public required string Title { get; set; }
    public int SortOrder { get; set; }
    public List<PerformanceCriterion> Criteria { get; set; } = [];
}

/// <summary>A performance criterion (KUK) of an element.</summary>
public class PerformanceCriterion : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int ElementId { get; set; }
    public required string Text { get; set; }
    public int SortOrder { get; set; }
}
