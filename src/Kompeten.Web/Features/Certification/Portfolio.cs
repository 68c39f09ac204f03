namespace Kompeten.Web.Features.Certification;

/// <summary>
/// An uploaded portfolio file. The bytes live in the file store (outside the web root) under
/// their SHA-256; only this row knows whose they are, so every download goes through an
/// authorised page.
/// </summary>
public class PortfolioDocument
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }

    /// <summary>One of <see cref="DocumentKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>For unit evidence: the unit it supports.</summary>
    public int? UnitId { get; set; }

    /// <summary>The name as uploaded, cleaned of paths; shown to people, never used as a path.</summary>
    public required string OriginalName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>Replaced by a newer upload of the same kind; kept for the mentor's history.</summary>
    public bool Superseded { get; set; }
}

/// <summary>A mentor's (or candidate's) comment on an application, a document or a unit claim.</summary>
public class ReviewComment
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }
    public int? DocumentId { get; set; }
    public int? UnitId { get; set; }
    public required string AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Resolved { get; set; }
}

/// <summary>A period of work a candidate declares (FR.APL.01), tagged with the schemes whose field it belongs to.</summary>
public class WorkExperience : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
    public required string Institution { get; set; }
    public string? Duties { get; set; }
    public List<string> SchemeKeys { get; set; } = [];
}

/// <summary>
/// A training certificate a person declares (title, date, organiser) — evidence for eligibility
/// route b when it is a competency-based library training.
/// </summary>
public class TrainingRecord : Infrastructure.IAudited
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public required string Title { get; set; }
    public string? Organizer { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>A competency-based library training (counts for route b).</summary>
    public bool CompetencyBased { get; set; }
}
