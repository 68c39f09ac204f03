using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Registry.Import;

public enum ImportStatus
{
    [Display(Name = "Menunggu giliran")] Queued = 0,
    [Display(Name = "Sedang diperiksa")] Validating = 1,
    [Display(Name = "Siap diimpor")] Ready = 2,
    [Display(Name = "Sedang diimpor")] Applying = 3,
    [Display(Name = "Selesai diimpor")] Applied = 4,

    /// <summary>The file could not be read as a roster (empty, wrong headers, too large…).</summary>
    [Display(Name = "Berkas ditolak")] Rejected = 5,

    /// <summary>Applying failed and was rolled back: nothing was written.</summary>
    [Display(Name = "Gagal, tidak ada data yang disimpan")] Failed = 6,
    [Display(Name = "Dibatalkan")] Cancelled = 7,
}

public enum RowOutcome : short
{
    [Display(Name = "baru")] New = 1,
    [Display(Name = "perbarui")] Update = 2,
    [Display(Name = "tidak berubah")] Unchanged = 3,
    [Display(Name = "galat")] Error = 4,
}

/// <summary>
/// One uploaded roster file, from upload through preview to the applied result. Its rows live in
/// <see cref="ImportRow"/> (one row per line of the file, the person's columns typed), so a preview of
/// 100,000 lines can be paged and applied with set-based SQL (docs/decisions/0009-registry-import.md).
/// </summary>
public class ImportSession
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>The uploader's scope when uploading; the rows are checked and applied within it.</summary>
    public ScopeLevel ScopeLevel { get; set; }
    public string? ScopeRegion { get; set; }

    public required string FileName { get; set; }
    public long FileSize { get; set; }
    public ImportStatus Status { get; set; }

    /// <summary>What the background work is doing now, for the progress bar ("Memeriksa baris…").</summary>
    public string? Phase { get; set; }
    public int ProcessedRows { get; set; }

    /// <summary>Rows expected (estimated from the file until it is read), for the progress bar.</summary>
    public int ExpectedRows { get; set; }

    public int TotalRows { get; set; }
    public int NewRows { get; set; }
    public int UpdateRows { get; set; }
    public int UnchangedRows { get; set; }
    public int ErrorRows { get; set; }

    /// <summary>Why the file was rejected or why applying failed, in Indonesian.</summary>
    public string? Message { get; set; }

    /// <summary>Header texts as found in the file, for the rejected-rows download.</summary>
    public string[] Headers { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ValidatedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }

    public List<ImportRow> Rows { get; set; } = [];

    public UserScope Scope => new(ScopeLevel, ScopeRegion, null);

    public bool IsRunning => Status is ImportStatus.Queued or ImportStatus.Validating or ImportStatus.Applying;

    public int Percent => Status switch
    {
        ImportStatus.Ready or ImportStatus.Applied => 100,
        _ when ExpectedRows <= 0 => 0,
        _ => Math.Clamp(ProcessedRows * 100 / ExpectedRows, 0, 99),
    };
}

/// <summary>
/// One line of an uploaded file with its verdict. New/update rows carry the person's columns as
/// they will be written (typed) and their audit entry's changes, so the apply is plain
/// INSERT/UPDATE … SELECT.
/// </summary>
public class ImportRow
{
    public Guid SessionId { get; set; }

    /// <summary>Row number in the file (as the spreadsheet shows it).</summary>
    public int Number { get; set; }
    public RowOutcome Outcome { get; set; }

    /// <summary>The existing person (update/unchanged), or the id reserved for the new person (new).</summary>
    public int? PersonId { get; set; }

    /// <summary>The existing person's UpdatedAt when checked: applying refuses if it changed since.</summary>
    public DateTimeOffset? PersonVersion { get; set; }

    public string? NikHash { get; set; }
    public string? NikMasked { get; set; }
    public string? FullName { get; set; }
    public string? RegencyCode { get; set; }

    /// <summary>Reasons in Indonesian (error rows).</summary>
    public string[]? Errors { get; set; }

    /// <summary>Error rows: the cells as typed (JSON array of strings), the NIK cell left out.</summary>
    public string? Cells { get; set; }

    /// <summary>Error rows: the NIK cell as typed, encrypted like every NIK at rest.</summary>
    public string? NikTypedCipher { get; set; }

    /// <summary>New and update rows: the audit entry's changes (field → [old, new]).</summary>
    public string? Changes { get; set; }

    /// <summary>New rows: the reserved id of an earlier new row of the file with the same birth date and name (a likely duplicate).</summary>
    public int? DuplicateOf { get; set; }

    // New/update rows: the person's columns as the apply writes them (FullName and RegencyCode above too).

    /// <summary>New rows: the NIK encrypted (people.nik_cipher).</summary>
    public string? NikCipher { get; set; }
    public string? Nip { get; set; }
    public string? DiplomaName { get; set; }
    public Sex? Sex { get; set; }
    public string? BirthPlace { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public EducationLevel? EducationLevel { get; set; }
    public string? EducationField { get; set; }
    public bool? LibraryScienceEducation { get; set; }
    public string? StaffCategoryCode { get; set; }
    public string? FunctionalLevelCode { get; set; }
    public string? EmploymentStatusCode { get; set; }
    public int? LibraryId { get; set; }
    public string? ProvinceCode { get; set; }
    public DateOnly? LibraryWorkStart { get; set; }

    public ImportSession? Session { get; set; }
}

public sealed class ImportSessionConfiguration : IEntityTypeConfiguration<ImportSession>
{
    public void Configure(EntityTypeBuilder<ImportSession> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.FileName).HasMaxLength(260);
        e.Property(x => x.ScopeRegion).HasMaxLength(13);
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
        e.HasIndex(x => new { x.Status, x.CreatedAt });
        e.HasMany(x => x.Rows).WithOne(x => x.Session).HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        e.Ignore(x => x.Scope);
    }
}

public sealed class ImportRowConfiguration : IEntityTypeConfiguration<ImportRow>
{
    public void Configure(EntityTypeBuilder<ImportRow> e)
    {
        e.HasKey(x => new { x.SessionId, x.Number });
        e.HasIndex(x => new { x.SessionId, x.Outcome, x.Number });
        // Namesakes in a file are few; the apply finds them without reading the session's other rows.
        e.HasIndex(x => x.SessionId, "ix_import_rows_session_id_duplicates").HasFilter("duplicate_of IS NOT NULL");
        e.Property(x => x.Cells).HasColumnType("jsonb");
        e.Property(x => x.Changes).HasColumnType("jsonb");
        e.Property(x => x.NikHash).HasMaxLength(64);
    }
}
