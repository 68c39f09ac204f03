namespace Kompeten.Web.Features.Registry;

/// <summary>Every view or export of a full NIK (UU PDP): who, whose, when, why.</summary>
public class NikAccessLog
{
    public long Id { get; set; }

    /// <summary>The person whose NIK was shown; null for an export of many.</summary>
    public int? PersonId { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>"view", "export", "handoff" …</summary>
    public required string Action { get; set; }
    public string? Detail { get; set; }
    public int RecordCount { get; set; } = 1;
    public DateTimeOffset At { get; set; }
}
