using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Kompeten.Web.Data;

/// <remarks>
/// Contexts are pooled (<see cref="DatabaseSetup.AddKompetenDatabase"/>): setting up a context's
/// internal services cost more per API request than the query it ran. So the constructor takes
/// only the options (the clock and the HTTP context accessor are singletons read from the
/// application's services), and the per-use state (<see cref="Actor"/>, <see cref="AuditReason"/>)
/// is cleared when a context goes back to the pool.
/// </remarks>
public class AppDbContext : IdentityDbContext<AppUser>
{
    private readonly IHttpContextAccessor? http;
    private readonly TimeProvider? clock;

    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options)
    {
        var services = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider;
        http = services?.GetService<IHttpContextAccessor>();
        clock = services?.GetService<TimeProvider>();
    }

    public override void Dispose()
    {
        ClearUseState();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ClearUseState();
        return base.DisposeAsync();
    }

    private void ClearUseState()
    {
        Actor = null;
        AuditReason = null;
    }

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<ReferenceItem> ReferenceItems => Set<ReferenceItem>();
    public DbSet<Library> Libraries => Set<Library>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Scheme> Schemes => Set<Scheme>();
    public DbSet<SchemeUnit> SchemeUnits => Set<SchemeUnit>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<SchemeElement> SchemeElements => Set<SchemeElement>();
    public DbSet<PerformanceCriterion> PerformanceCriteria => Set<PerformanceCriterion>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationEvent> ApplicationEvents => Set<ApplicationEvent>();
    public DbSet<UnitClaim> UnitClaims => Set<UnitClaim>();
    public DbSet<PortfolioDocument> PortfolioDocuments => Set<PortfolioDocument>();
    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();
    public DbSet<WorkExperience> WorkExperiences => Set<WorkExperience>();
    public DbSet<Mentor> Mentors => Set<Mentor>();
    public DbSet<AssessmentEvent> AssessmentEvents => Set<AssessmentEvent>();
    public DbSet<EventScheme> EventSchemes => Set<EventScheme>();
    public DbSet<Assessor> Assessors => Set<Assessor>();
    public DbSet<UnitResult> UnitResults => Set<UnitResult>();
    public DbSet<CertificateReminder> CertificateReminders => Set<CertificateReminder>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<TrainingRecord> TrainingRecords => Set<TrainingRecord>();
    public DbSet<AssessmentOutcome> AssessmentOutcomes => Set<AssessmentOutcome>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<NikAccessLog> NikAccessLogs => Set<NikAccessLog>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SystemSetting> SystemSettings => Set<SystemSetting>();
    public DbSet<Features.Training.Programme> Programmes => Set<Features.Training.Programme>();
    public DbSet<Features.Training.BudgetLine> BudgetLines => Set<Features.Training.BudgetLine>();
    public DbSet<Features.Training.Batch> Batches => Set<Features.Training.Batch>();
    public DbSet<Features.Training.Session> Sessions => Set<Features.Training.Session>();
    public DbSet<Features.Training.BatchQuota> BatchQuotas => Set<Features.Training.BatchQuota>();
    public DbSet<Features.Training.Participant> Participants => Set<Features.Training.Participant>();
    public DbSet<Features.Training.WaitlistEntry> WaitlistEntries => Set<Features.Training.WaitlistEntry>();
    public DbSet<Features.Training.AttendanceScan> AttendanceScans => Set<Features.Training.AttendanceScan>();
    public DbSet<Features.Training.AttendanceCertificate> AttendanceCertificates => Set<Features.Training.AttendanceCertificate>();
    public DbSet<Features.Training.TestQuestion> TestQuestions => Set<Features.Training.TestQuestion>();
    public DbSet<Features.Training.TestSubmission> TestSubmissions => Set<Features.Training.TestSubmission>();
    public DbSet<Features.Dashboard.CertificationTarget> CertificationTargets => Set<Features.Dashboard.CertificationTarget>();
    public DbSet<Features.Planning.BudgetAllocation> BudgetAllocations => Set<Features.Planning.BudgetAllocation>();
    public DbSet<Features.Planning.CostSetting> CostSettings => Set<Features.Planning.CostSetting>();
    public DbSet<Features.Planning.QuotaAllocation> QuotaAllocations => Set<Features.Planning.QuotaAllocation>();

    /// <summary>Overrides the actor recorded in the audit trail (background jobs, command line).</summary>
    public (string? Id, string Name)? Actor { get; set; }

    /// <summary>Reason recorded with the audit entries of the next save.</summary>
    public string? AuditReason { get; set; }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasPostgresExtension("pg_trgm");

        b.Entity<Region>(e =>
        {
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(13);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.ParentCode);
        });
        b.Entity<ReferenceItem>(e =>
        {
            e.HasIndex(x => new { x.Kind, x.Code }).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.Name).HasMaxLength(200);
        });
        b.Entity<Library>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(300);
            e.HasIndex(x => x.Npp).IsUnique().HasFilter("npp IS NOT NULL");
            e.HasIndex(x => new { x.RegencyCode, x.Name });
            e.HasIndex(x => new { x.ProvinceCode, x.Name });
            e.HasOne(x => x.Regency).WithMany().HasForeignKey(x => x.RegencyCode).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Person>(e =>
        {
            e.Property(x => x.FullName).HasMaxLength(200);
            e.Property(x => x.NikHash).HasMaxLength(64);
            e.HasIndex(x => x.NikHash).IsUnique();
            e.HasIndex(x => x.Nip).IsUnique().HasFilter("nip IS NOT NULL");
            // Keyset paging and scope filters: (scope column, sort key, id).
            e.HasIndex(x => new { x.RegencyCode, x.FullName, x.Id });
            e.HasIndex(x => new { x.ProvinceCode, x.FullName, x.Id });
            e.HasIndex(x => x.FullName, "ix_people_full_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
            e.HasIndex(x => new { x.UpdatedAt, x.Id });
            // National lists walk this in order and stop after a page, also when a common name filters them.
            e.HasIndex(x => new { x.FullName, x.Id });
            e.HasIndex(x => x.LibraryId);
            e.HasOne(x => x.Library).WithMany().HasForeignKey(x => x.LibraryId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(x => x.Regency).WithMany().HasForeignKey(x => x.RegencyCode).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Scheme>(e =>
        {
            e.HasIndex(x => x.Key).IsUnique();
            e.HasMany(x => x.Units).WithOne(x => x.Scheme).HasForeignKey(x => x.SchemeId);
        });
        b.Entity<Certificate>(e =>
        {
            e.HasIndex(x => x.VerificationCode).IsUnique();
            e.HasIndex(x => new { x.SchemeId, x.Number }).IsUnique();
            e.HasIndex(x => new { x.PersonId, x.ValidUntil });
            e.HasIndex(x => x.ApplicationId);
            e.HasOne(x => x.Person).WithMany(p => p.Certificates).HasForeignKey(x => x.PersonId);
            e.HasOne(x => x.Scheme).WithMany().HasForeignKey(x => x.SchemeId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => new { x.EntityType, x.EntityId, x.At });
            e.Property(x => x.Changes).HasColumnType("jsonb");
        });
        b.Entity<NikAccessLog>(e => e.HasIndex(x => x.At));
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<SystemSetting>(e => e.HasKey(x => x.Key));
        b.Entity<AppUser>(e => e.Property(x => x.RegionCode).HasMaxLength(13));

        // Newer features keep their mapping next to their entities (IEntityTypeConfiguration<T>).
        b.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        ApplySnakeCaseNames(b);
    }

    /// <summary>snake_case tables and columns, so that hand-written SQL (reports, benchmarks) reads naturally.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null)
            {
                entity.SetTableName(table.StartsWith("AspNet", StringComparison.Ordinal) ? ToSnake(table) : ToSnake(entity.ClrType.Name) switch
                {
                    "person" => "people",
                    var n when n.EndsWith('y') && !n.EndsWith("ey", StringComparison.Ordinal) => n[..^1] + "ies",
                    var n when n.EndsWith('s') || n.EndsWith("ch", StringComparison.Ordinal) || n.EndsWith("sh", StringComparison.Ordinal) || n.EndsWith('x') => n + "es",
                    var n => n + "s",
                });
            }
            foreach (var property in entity.GetProperties()) property.SetColumnName(ToSnake(property.Name));
            foreach (var key in entity.GetKeys()) key.SetName(ToSnake(key.GetName() ?? string.Empty));
            foreach (var fk in entity.GetForeignKeys()) fk.SetConstraintName(ToSnake(fk.GetConstraintName() ?? string.Empty));
            foreach (var index in entity.GetIndexes()) index.SetDatabaseName(ToSnake(index.GetDatabaseName() ?? string.Empty));
        }
    }

    internal static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves with an audit entry per changed audited record. Keys of new rows exist only after the
    /// insert, so their entries are written by a second statement in the same transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = CollectAudit();
        if (pending.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var (entry, audit) in pending) audit.EntityId = KeyOf(entry);
            AuditEntries.AddRange(pending.Select(p => p.Audit));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            return count;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private static readonly HashSet<string> SecretProperties = [nameof(Person.NikCipher), nameof(Person.NikHash)];
    private static readonly HashSet<string> NoiseProperties = [nameof(Person.UpdatedAt), nameof(Person.CreatedAt)];

    private List<(EntityEntry Entry, AuditEntry Audit)> CollectAudit()
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var actor = Actor ?? CurrentActor();
        var pending = new List<(EntityEntry Entry, AuditEntry Audit)>();
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            if (Describe(entry, now, actor) is { } audit) pending.Add((entry, audit));
        }
        return pending;
    }

    /// <summary>
    /// The audit entry SaveChanges would write for a new record, for hot paths that insert it with
    /// their own SQL (<see cref="AuditEntry.EntityId"/> is filled in by that SQL). The record is not tracked.
    /// </summary>
    public AuditEntry DescribeCreate(IAudited entity)
    {
        var entry = Entry((object)entity);
        entry.State = EntityState.Added;
        try
        {
            return Describe(entry, (clock ?? TimeProvider.System).GetUtcNow(), Actor ?? CurrentActor())!;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    private AuditEntry? Describe(EntityEntry entry, DateTimeOffset now, (string? Id, string Name) actor)
    {
        var (userId, userName) = actor;
        var changes = new Dictionary<string, object?[]>();
        foreach (var p in entry.Properties)
        {
            var name = p.Metadata.Name;
            if (NoiseProperties.Contains(name) || p.Metadata.IsPrimaryKey()) continue;
            var changed = entry.State != EntityState.Modified || p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
            if (!changed) continue;
            if (SecretProperties.Contains(name))
            {
                if (name == nameof(Person.NikCipher)) changes["Nik"] = ["(dilindungi)", "(dilindungi)"];
                continue;
            }
            changes[name] = entry.State switch
            {
                EntityState.Added => [null, p.CurrentValue],
                EntityState.Deleted => [p.OriginalValue, null],
                _ => [p.OriginalValue, p.CurrentValue],
            };
        }
        if (entry.State == EntityState.Modified && changes.Count == 0) return null;
        return new AuditEntry
        {
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = KeyOf(entry),
            Action = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
            UserId = userId,
            UserName = userName,
            At = now,
            Changes = JsonSerializer.Serialize(changes),
            Reason = AuditReason,
        };
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));

    private (string? Id, string Name) CurrentActor()
    {
        var user = http?.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated == true)
        {
            return (user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name ?? "?");
        }
        return (null, "sistem");
    }
}
