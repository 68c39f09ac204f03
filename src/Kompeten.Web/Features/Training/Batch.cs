using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kompeten.Web.Features.Training;

public enum BatchStatus
{
    [Display(Name = "Persiapan")] Draft = 1,
    [Display(Name = "Pendaftaran dibuka")] Open = 2,
    [Display(Name = "Pendaftaran ditutup")] Closed = 3,
    [Display(Name = "Selesai")] Completed = 4,
    [Display(Name = "Dibatalkan")] Cancelled = 5,
}

public enum SeatOutcome
{
    Taken = 0,
    BatchFull = 1,
    QuotaFull = 2,
    NoQuota = 3,
    PoolFull = 4,
}

/// <summary>
/// One batch (angkatan) of a programme. Seats are counted on the row itself — SeatsTaken against
/// Capacity, PoolTaken against PoolSeats, and per regency in <see cref="BatchQuota"/> — and every
/// change to them happens while the row is locked (SELECT … FOR UPDATE, see <see cref="BatchSeats"/>);
/// CHECK constraints make an oversold row impossible even if that rule were broken.
/// </summary>
public class Batch : IAudited
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }

    /// <summary>1, 2, 3… shown as "Angkatan I", "Angkatan II".</summary>
    public int Number { get; set; }

    /// <summary>Copied from the programme so that scope filters need no join.</summary>
    public required string ProvinceCode { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public required string Venue { get; set; }
    public int Capacity { get; set; } = 100;

    /// <summary>Lesson hours (jam pelajaran) printed on the certificate of attendance.</summary>
    public int LessonHours { get; set; }
    public DateTimeOffset? RegistrationOpensAt { get; set; }
    public DateTimeOffset? RegistrationClosesAt { get; set; }

    /// <summary>After this moment operators can no longer nominate; unused regency seats go to the pool.</summary>
    public DateTimeOffset? NominationDeadline { get; set; }

    /// <summary>Share of sessions a participant must attend to receive a certificate of attendance.</summary>
    public int AttendanceRulePercent { get; set; } = 80;
    public BatchStatus Status { get; set; } = BatchStatus.Draft;

    /// <summary>What the pool is meant for, e.g. "Perpustakaan sekolah dan umum".</summary>
    public string? PoolLabel { get; set; }
    public int PoolSeats { get; set; }
    public int PoolTaken { get; set; }

    /// <summary>Seats held by active participants and by open waiting-list offers.</summary>
    public int SeatsTaken { get; set; }
    public DateTimeOffset? QuotasReleasedAt { get; set; }

    public string? SignerName { get; set; }
    public string? SignerNip { get; set; }
    public string? SignerTitle { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Programme? Programme { get; set; }
    public List<Session> Sessions { get; set; } = [];
    public List<BatchQuota> Quotas { get; set; } = [];

    public string Name => $"Angkatan {Roman(Number)}";
    public int FreeSeats => Math.Max(0, Capacity - SeatsTaken);
    public int FreePoolSeats => Math.Max(0, Math.Min(PoolSeats - PoolTaken, Capacity - SeatsTaken));

    public bool AcceptsNominations(DateTimeOffset now) =>
        Status == BatchStatus.Open && QuotasReleasedAt is null && (NominationDeadline is null || now < NominationDeadline);

    public bool AcceptsSelfRegistration(DateTimeOffset now) =>
        Status == BatchStatus.Open && (RegistrationOpensAt is null || now >= RegistrationOpensAt) && (RegistrationClosesAt is null || now < RegistrationClosesAt);

    /// <summary>Waiting-list offers are made until the batch is finished or cancelled.</summary>
    public bool OffersSeats => Status is BatchStatus.Open or BatchStatus.Closed;

    public bool QuotaReleaseDue(DateTimeOffset now) => QuotasReleasedAt is null && NominationDeadline is { } d && now >= d;

    /// <summary>Takes a seat from a regency's quota (and from the batch).</summary>
    public SeatOutcome TakeQuotaSeat(BatchQuota? quota)
    {
        if (SeatsTaken >= Capacity) return SeatOutcome.BatchFull;
        if (quota is null) return SeatOutcome.NoQuota;
        if (quota.Taken >= quota.Seats) return SeatOutcome.QuotaFull;
        SeatsTaken++;
        quota.Taken++;
        return SeatOutcome.Taken;
    }

    /// <summary>Takes a seat from the pool (self-registration, waiting-list offers, seats released by regencies).</summary>
    public SeatOutcome TakePoolSeat()
    {
        if (SeatsTaken >= Capacity) return SeatOutcome.BatchFull;
        if (PoolTaken >= PoolSeats) return SeatOutcome.PoolFull;
        SeatsTaken++;
        PoolTaken++;
        return SeatOutcome.Taken;
    }

    /// <summary>
    /// Gives a seat back. Before the nomination deadline a regency seat returns to its regency;
    /// after it, the seat moves to the pool so that the waiting list gets it.
    /// </summary>
    public void ReturnSeat(BatchQuota? quota)
    {
        if (SeatsTaken <= 0) throw new InvalidOperationException("Batch has no seat to return.");
        SeatsTaken--;
        if (quota is null)
        {
            PoolTaken--;
            return;
        }
        quota.Taken--;
        if (QuotasReleasedAt is not null)
        {
            quota.Seats--;
            quota.Released++;
            PoolSeats++;
        }
    }

    /// <summary>At the nomination deadline: every regency keeps the seats it filled, the rest join the pool.</summary>
    public int ReleaseQuotas(IEnumerable<BatchQuota> quotas, DateTimeOffset now)
    {
        if (QuotasReleasedAt is not null) return 0;
        var released = 0;
        foreach (var q in quotas)
        {
            var free = q.Seats - q.Taken;
            if (free <= 0) continue;
            q.Seats -= free;
            q.Released += free;
            released += free;
        }
        PoolSeats += released;
        QuotasReleasedAt = now;
        return released;
    }

    /// <summary>Problems with the seat plan, in Bahasa Indonesia; empty when it is sound.</summary>
    public IEnumerable<string> SeatPlanProblems(IEnumerable<BatchQuota> quotas)
    {
        var list = quotas.ToList();
        if (Capacity < 1) yield return "Kapasitas minimal 1 peserta.";
        if (list.Any(q => q.Seats < 0) || PoolSeats < 0) yield return "Kuota tidak boleh negatif.";
        var planned = list.Sum(q => q.Seats) + PoolSeats;
        if (planned > Capacity) yield return $"Jumlah kuota kabupaten/kota dan kuota umum ({planned}) melebihi kapasitas ({Capacity}); kurangi kuota atau naikkan kapasitas.";
        if (SeatsTaken > Capacity) yield return $"Sudah ada {SeatsTaken} kursi terisi; kapasitas tidak boleh kurang dari itu.";
        if (PoolTaken > PoolSeats) yield return $"Kuota umum sudah terisi {PoolTaken}; kuota umum tidak boleh kurang dari itu.";
        foreach (var q in list.Where(q => q.Taken > q.Seats))
        {
            yield return $"Kuota {q.RegencyCode} sudah terisi {q.Taken}; kuotanya tidak boleh kurang dari itu.";
        }
    }

    public static string Roman(int number)
    {
        if (number <= 0 || number > 3999) return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (int Value, string Letters)[] map = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
        var sb = new System.Text.StringBuilder();
        foreach (var (value, letters) in map)
        {
            while (number >= value)
            {
                sb.Append(letters);
                number -= value;
            }
        }
        return sb.ToString();
    }
}

/// <summary>A teaching session of a batch; attendance is taken per session.</summary>
public class Session : IAudited
{
    public int Id { get; set; }
    public int BatchId { get; set; }
    public int SortOrder { get; set; }
    public required string Title { get; set; }

    /// <summary>Narasumber.</summary>
    public string? Speaker { get; set; }

    /// <summary>Local wall-clock date and times at the venue.</summary>
    public DateOnly Date { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public int LessonHours { get; set; }

    public Batch? Batch { get; set; }
}

/// <summary>Seats a regency may fill by nomination until the nomination deadline.</summary>
public class BatchQuota : IAudited
{
    public int BatchId { get; set; }
    public required string RegencyCode { get; set; }
    public int Seats { get; set; }
    public int Taken { get; set; }

    /// <summary>Seats moved to the pool (at the deadline or when a participant left afterwards).</summary>
    public int Released { get; set; }

    public Batch? Batch { get; set; }
    public Region? Regency { get; set; }
}

public sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> e)
    {
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_batches_seats", "seats_taken >= 0 AND seats_taken <= capacity");
            t.HasCheckConstraint("ck_batches_pool", "pool_taken >= 0 AND pool_taken <= pool_seats");
            t.HasCheckConstraint("ck_batches_attendance_rule", "attendance_rule_percent BETWEEN 0 AND 100");
        });
        e.Property(x => x.ProvinceCode).HasMaxLength(13);
        e.Property(x => x.Venue).HasMaxLength(300);
        e.Property(x => x.PoolLabel).HasMaxLength(200);
        e.Property(x => x.SignerName).HasMaxLength(200);
        e.Property(x => x.SignerNip).HasMaxLength(18);
        e.Property(x => x.SignerTitle).HasMaxLength(300);
        e.HasIndex(x => new { x.ProgrammeId, x.Number }).IsUnique();
        e.HasIndex(x => new { x.ProvinceCode, x.StartDate });
        e.HasMany(x => x.Sessions).WithOne(x => x.Batch).HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Quotas).WithOne(x => x.Batch).HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        e.Ignore(x => x.Name);
        e.Ignore(x => x.FreeSeats);
        e.Ignore(x => x.FreePoolSeats);
        e.Ignore(x => x.OffersSeats);
    }
}

public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> e)
    {
        e.Property(x => x.Title).HasMaxLength(300);
        e.Property(x => x.Speaker).HasMaxLength(300);
        e.HasIndex(x => new { x.BatchId, x.SortOrder });
    }
}

public sealed class BatchQuotaConfiguration : IEntityTypeConfiguration<BatchQuota>
{
    public void Configure(EntityTypeBuilder<BatchQuota> e)
    {
        e.HasKey(x => new { x.BatchId, x.RegencyCode });
        e.ToTable(t => t.HasCheckConstraint("ck_batch_quotas_taken", "taken >= 0 AND taken <= seats"));
        e.Property(x => x.RegencyCode).HasMaxLength(13);
        e.HasOne(x => x.Regency).WithMany().HasForeignKey(x => x.RegencyCode).OnDelete(DeleteBehavior.Restrict);
    }
}
