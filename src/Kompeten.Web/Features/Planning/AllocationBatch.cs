using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Planning;

/// <summary>What the administrator chooses when applying a draft allocation: the programme, dates, venue and pool.</summary>
public sealed record AllocationBatchInput(int ProgrammeId, DateOnly StartDate, DateOnly EndDate, string Venue, int PoolSeats = 0, string? PoolLabel = null);

public enum AllocationBatchOutcome
{
    Created,
    NotFound,
    /// <summary>The allocation or programme belongs to a province outside the user's scope.</summary>
    Forbidden,
    Invalid,
    AlreadyApplied,
}

public sealed record AllocationBatchResult(AllocationBatchOutcome Outcome, string Message, int? BatchId = null);

/// <summary>
/// Applies a draft workshop allocation (<see cref="QuotaAllocation"/>) to a new batch in one step: a
/// Draft batch of the chosen programme whose <see cref="BatchQuota"/> rows are the allocation's
/// seats per regency, with capacity = those seats + the pool. It follows the rules of Features/Training's
/// batch form (a programme in scope, quotas only for the organising province's regencies, the next free
/// batch number, <see cref="Batch.SeatPlanProblems"/>); no seat is taken, so the seat service
/// (<see cref="BatchSeats"/>) has nothing to do until nominations open. The allocation row is locked
/// while the batch is created, so applying twice at once creates one batch.
/// </summary>
public sealed class AllocationBatch(AppDbContext db, UserScope scope, TimeProvider clock)
{
    public async Task<AllocationBatchResult> ApplyAsync(int allocationId, AllocationBatchInput input, CancellationToken ct = default)
    {
        var allocation = await db.QuotaAllocations.AsNoTracking().Include(a => a.Lines).FirstOrDefaultAsync(a => a.Id == allocationId, ct);
        if (allocation is null) return new(AllocationBatchOutcome.NotFound, "Draf alokasi tidak ditemukan; simpan ulang kuota dari halaman Perencanaan.");
        var refusal = Refusal(allocation);
        if (refusal is not null) return refusal;

        var programme = await db.Programmes.AsNoTracking().InScope(scope).FirstOrDefaultAsync(p => p.Id == input.ProgrammeId, ct);
        if (programme is null) return new(AllocationBatchOutcome.Invalid, "Program tidak ditemukan di wilayah Anda; pilih program dari daftar.");
        if (programme.ProvinceCode != allocation.RegionCode)
        {
            return new(AllocationBatchOutcome.Invalid, $"Program \"{programme.Name}\" milik provinsi lain; pilih program provinsi draf ini ({allocation.RegionCode}).");
        }
        var problems = new List<string>();
        if (input.EndDate < input.StartDate) problems.Add("Tanggal selesai tidak boleh sebelum tanggal mulai.");
        if (string.IsNullOrWhiteSpace(input.Venue)) problems.Add("Tempat wajib diisi, misalnya \"Aula Dispersip Kalsel, Banjarbaru\".");
        else if (input.Venue.Trim().Length > 300) problems.Add("Tempat paling panjang 300 karakter.");
        if (input.PoolSeats is < 0 or > 5000) problems.Add("Kuota umum antara 0 dan 5000.");
        var regencies = await db.Regions.AsNoTracking().Where(r => r.ParentCode == programme.ProvinceCode).Select(r => r.Code).ToListAsync(ct);
        if (allocation.Lines.Any(l => !regencies.Contains(l.RegionCode))) problems.Add("Draf berisi wilayah di luar provinsi penyelenggara; simpan ulang kuota dari perencanaan provinsi.");
        if (problems.Count > 0) return new(AllocationBatchOutcome.Invalid, string.Join(" ", problems));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = (await db.QuotaAllocations.FromSql($"SELECT * FROM quota_allocations WHERE id = {allocationId} FOR UPDATE").ToListAsync(ct)).Single();
        if (locked.Applied) return AlreadyApplied;

        var now = clock.GetUtcNow();
        var number = 1 + (await db.Batches.Where(b => b.ProgrammeId == programme.Id).MaxAsync(b => (int?)b.Number, ct) ?? 0);
        var quotas = allocation.Lines.Where(l => l.Seats > 0).OrderBy(l => l.RegionCode, StringComparer.Ordinal)
            .Select(l => new BatchQuota { RegencyCode = l.RegionCode, Seats = l.Seats }).ToList();
        var batch = new Batch
        {
            ProgrammeId = programme.Id, ProvinceCode = programme.ProvinceCode, Number = number,
            StartDate = input.StartDate, EndDate = input.EndDate, Venue = input.Venue.Trim(),
            Capacity = quotas.Sum(q => q.Seats) + input.PoolSeats, PoolSeats = input.PoolSeats, PoolLabel = input.PoolLabel?.Trim(),
            Status = BatchStatus.Draft, CreatedAt = now, UpdatedAt = now, Quotas = quotas,
        };
        var seatProblems = batch.SeatPlanProblems(quotas).ToList();
        if (seatProblems.Count > 0) return new(AllocationBatchOutcome.Invalid, string.Join(" ", seatProblems));
        db.Batches.Add(batch);
        locked.Applied = true;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(AllocationBatchOutcome.Created,
            $"{batch.Name} {programme.Name} dibuat dari draf \"{allocation.Title}\": {quotas.Sum(q => q.Seats):N0} kursi untuk {quotas.Count:N0} kabupaten/kota dan {input.PoolSeats:N0} kuota umum. Lengkapi sesi dan jadwal pendaftaran, lalu buka pendaftaran.",
            batch.Id);
    }

    /// <summary>Why the user may not apply this allocation (scope, kind, already applied); null when they may.</summary>
    public AllocationBatchResult? Refusal(QuotaAllocation allocation)
    {
        if (allocation.RegionCode == Dashboard.DashboardArea.NationalCode || allocation.RegionCode.Contains('.'))
        {
            return new(AllocationBatchOutcome.Invalid, "Draf ini bukan untuk satu provinsi; angkatan dibuat per provinsi — simpan kuota angkatan dari perencanaan provinsi.");
        }
        if (!scope.CoversProvince(allocation.RegionCode) || scope.Level == ScopeLevel.Regency)
        {
            return new(AllocationBatchOutcome.Forbidden, $"Draf ini untuk provinsi lain ({allocation.RegionCode}); Anda hanya dapat menerapkan draf provinsi Anda sendiri.");
        }
        if (allocation.Kind != AllocationKind.WorkshopSeats)
        {
            return new(AllocationBatchOutcome.Invalid, "Draf ini berisi kuota sertifikasi dibiayai, bukan kuota angkatan; simpan \"kuota angkatan\" dari perencanaan lalu terapkan.");
        }
        return allocation.Applied ? AlreadyApplied : null;
    }

    private static readonly AllocationBatchResult AlreadyApplied = new(AllocationBatchOutcome.AlreadyApplied,
        "Draf ini sudah diterapkan ke sebuah angkatan; untuk angkatan berikutnya simpan draf baru dari halaman Perencanaan.");
}
