namespace Kompeten.Web.Infrastructure;

/// <summary>One change to a record: who changed what, when. Written by <see cref="Data.AppDbContext"/> on save.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }

    /// <summary>"create", "update", "delete", or a named action such as "import".</summary>
    public required string Action { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>JSON object: field → [old, new].</summary>
    public string? Changes { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Marks an entity whose changes are audited automatically.</summary>
public interface IAudited;
