namespace Kompeten.Web.Features.Certification;

/// <summary>An assessment (uji kompetensi) held by the LSP at a test site (TUK).</summary>
public class AssessmentEvent : Infrastructure.IAudited
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Lsp { get; set; } = "LSP Pustakawan";
    public required string TestSite { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public required string ProvinceCode { get; set; }
    public List<EventScheme> Schemes { get; set; } = [];
    public List<Assessor> Assessors { get; set; } = [];
}

/// <summary>A scheme offered at an event, with its seats.</summary>
public class EventScheme
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public int SchemeId { get; set; }
    public int Capacity { get; set; }
    public Scheme? Scheme { get; set; }
}

/// <summary>An LSP assessor (not a mentor): name and registration number (No. Reg. MET).</summary>
public class Assessor
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public required string Name { get; set; }
    public required string RegistrationNumber { get; set; }
}

/// <summary>The outcome of one unit at an assessment: K or BK.</summary>
public class UnitResult
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }
    public int UnitId { get; set; }
    public bool Competent { get; set; }
    public int Attempt { get; set; }
}

/// <summary>
/// A reminder that was sent (certificate, threshold). The unique key is what makes "exactly once"
/// hold with several app instances: whoever inserts the row first sends the message.
/// </summary>
public class CertificateReminder
{
    public long Id { get; set; }
    public int CertificateId { get; set; }
    public int DaysBefore { get; set; }
    public required string Recipient { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>An in-app notification for a user.</summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Text { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>The overall outcome of one attempt at one event: K or BK, kept after a re-sit clears the event from the application.</summary>
public class AssessmentOutcome
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }
    public int EventId { get; set; }
    public int Attempt { get; set; }
    public bool Competent { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
