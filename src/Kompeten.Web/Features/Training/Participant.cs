using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Training;

public enum ParticipantSource
{
    [Display(Name = "Diusulkan operator")] Nominated = 1,
    [Display(Name = "Mendaftar sendiri")] Self = 2,
    [Display(Name = "Ditambahkan admin")] Admin = 3,
}

public enum ParticipantStatus
{
    [Display(Name = "Diusulkan")] Nominated = 1,
    [Display(Name = "Menunggu persetujuan")] PendingApproval = 2,
    [Display(Name = "Disetujui")] Approved = 3,
    [Display(Name = "Mengundurkan diri")] Withdrawn = 4,
    [Display(Name = "Ditolak")] Declined = 5,
}

/// <summary>A person's place in a batch. While active (nominated, pending, approved) it holds one seat.</summary>
public class Participant : IRegional, IAudited
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public int PersonId { get; set; }

    /// <summary>The person's regency when they joined (scope: operators see their regency's participants).</summary>
    public required string RegencyCode { get; set; }
    public required string ProvinceCode { get; set; }
    public ParticipantSource Source { get; set; }
    public ParticipantStatus Status { get; set; }

    /// <summary>The quota the seat came from: a regency code, or null for the pool.</summary>
    public string? SeatRegencyCode { get; set; }

    /// <summary>Secret token in the participant's personal QR code, scanned at the door.</summary>
    public required string QrToken { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? StatusReason { get; set; }

    public Batch? Batch { get; set; }
    public Person? Person { get; set; }

    public static readonly ParticipantStatus[] ActiveStatuses = [ParticipantStatus.Nominated, ParticipantStatus.PendingApproval, ParticipantStatus.Approved];

    public bool HoldsSeat => Status is ParticipantStatus.Nominated or ParticipantStatus.PendingApproval or ParticipantStatus.Approved;

    public string? Approve(DateTimeOffset now)
    {
        if (Status == ParticipantStatus.Approved) return null;
        if (!HoldsSeat) return "Peserta ini sudah mengundurkan diri atau ditolak; daftarkan ulang bila perlu.";
        Status = ParticipantStatus.Approved;
        DecidedAt = now;
        return null;
    }

    /// <summary>Ends the participation (withdrawn or declined); the caller returns the seat.</summary>
    public string? Leave(ParticipantStatus status, string? reason, DateTimeOffset now)
    {
        if (status is not (ParticipantStatus.Withdrawn or ParticipantStatus.Declined)) throw new ArgumentOutOfRangeException(nameof(status));
        if (!HoldsSeat) return "Peserta ini sudah tidak aktif.";
        Status = status;
        StatusReason = reason;
        DecidedAt = now;
        return null;
    }

    /// <summary>12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), ≈ 60 bits.</summary>
    public static string NewToken(string prefix = "P")
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return prefix + new string(chars);
    }
}

public enum WaitlistStatus
{
    [Display(Name = "Menunggu")] Waiting = 1,
    [Display(Name = "Ditawari kursi")] Offered = 2,
    [Display(Name = "Menerima tawaran")] Accepted = 3,
    [Display(Name = "Tawaran kedaluwarsa")] Expired = 4,
    [Display(Name = "Menolak tawaran")] Declined = 5,
    [Display(Name = "Keluar dari daftar")] Left = 6,
}

/// <summary>
/// A place on a batch's waiting list: first come first served by <see cref="SortKey"/> (the
/// joining time, changed only by an audited manual move). An open offer holds a pool seat.
/// </summary>
public class WaitlistEntry : IRegional, IAudited
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public int PersonId { get; set; }
    public required string RegencyCode { get; set; }
    public required string ProvinceCode { get; set; }
    public ParticipantSource Source { get; set; }
    public WaitlistStatus Status { get; set; } = WaitlistStatus.Waiting;

    /// <summary>Order on the list: microseconds since 1970 at joining; a manual move sets it between neighbours.</summary>
    public long SortKey { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? OfferedAt { get; set; }
    public DateTimeOffset? OfferExpiresAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Note { get; set; }

    public Batch? Batch { get; set; }
    public Person? Person { get; set; }

    public static long SortKeyAt(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public bool IsOpen => Status is WaitlistStatus.Waiting or WaitlistStatus.Offered;

    public void Offer(DateTimeOffset now, TimeSpan validFor)
    {
        if (Status != WaitlistStatus.Waiting) throw new InvalidOperationException($"Entry {Id} is {Status}, not waiting.");
        Status = WaitlistStatus.Offered;
        OfferedAt = now;
        OfferExpiresAt = now + validFor;
    }

    public bool OfferExpired(DateTimeOffset now) => Status == WaitlistStatus.Offered && OfferExpiresAt is { } until && now >= until;

    /// <summary>Closes the entry; returns true when it held a seat that must go back to the batch.</summary>
    public bool Close(WaitlistStatus status, DateTimeOffset now, string? note = null)
    {
        if (!IsOpen) throw new InvalidOperationException($"Entry {Id} is already closed ({Status}).");
        var heldSeat = Status == WaitlistStatus.Offered && status != WaitlistStatus.Accepted;
        Status = status;
        ClosedAt = now;
        if (note is not null) Note = note;
        return heldSeat;
    }
}

public sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> e)
    {
        e.Property(x => x.RegencyCode).HasMaxLength(13);
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.SeatRegencyCode).HasMaxLength(13);
        e.Property(x => x.QrToken).HasMaxLength(20);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.Property(x => x.StatusReason).HasMaxLength(500);
        e.HasIndex(x => x.QrToken).IsUnique();
        // A person holds at most one active place in a batch, whoever asks and however fast.
        e.HasIndex(x => new { x.BatchId, x.PersonId }).IsUnique().HasFilter("status IN (1, 2, 3)").HasDatabaseName("ux_participants_active_person");
        e.HasIndex(x => new { x.BatchId, x.RegencyCode, x.Status });
        e.HasIndex(x => x.PersonId);
        e.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.Ignore(x => x.HoldsSeat);
    }
}

public sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> e)
    {
        e.Property(x => x.RegencyCode).HasMaxLength(13);
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.CreatedBy).HasMaxLength(256);
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasIndex(x => new { x.BatchId, x.PersonId }).IsUnique().HasFilter("status IN (1, 2)").HasDatabaseName("ux_waitlist_entries_open_person");
        e.HasIndex(x => new { x.BatchId, x.Status, x.SortKey, x.Id });
        e.HasIndex(x => new { x.Status, x.OfferExpiresAt });
        e.HasOne(x => x.Batch).WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Person).WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.Ignore(x => x.IsOpen);
    }
}
