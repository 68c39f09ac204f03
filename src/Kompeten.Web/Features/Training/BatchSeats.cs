using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kompeten.Web.Features.Training;

public enum SeatResultKind
{
    Admitted,
    Waitlisted,
    Done,
    Full,
    AlreadyRegistered,
    AlreadyWaiting,
    Closed,
    NotAllowed,
    NotFound,
    Invalid,
}

/// <summary>The answer to a seat request, with a message in Bahasa Indonesia that says what to do next.</summary>
public sealed record SeatResult(SeatResultKind Kind, string Message, int? ParticipantId = null, int? WaitlistEntryId = null, int? Position = null)
{
    public bool Succeeded => Kind is SeatResultKind.Admitted or SeatResultKind.Waitlisted or SeatResultKind.Done;

    /// <summary>A refusal that still changed something worth keeping (an expired offer passed on).</summary>
    internal bool KeepChanges { get; init; }

    public int HttpStatus => Kind switch
    {
        SeatResultKind.Admitted or SeatResultKind.Waitlisted or SeatResultKind.Done => 200,
        SeatResultKind.NotFound => 404,
        SeatResultKind.NotAllowed => 403,
        SeatResultKind.Invalid => 400,
        _ => 409,
    };
}

/// <summary>
/// Every change to the seats of a batch: nominations, self-registration, admission by an
/// administrator, approval, withdrawal, the waiting list and its offers, and the release of
/// regency quotas at the nomination deadline.
/// <para>
/// Each change runs in a transaction that first locks the batch row (SELECT … FOR UPDATE), then
/// the quota row it needs; the counters are changed by the entity methods on <see cref="Batch"/>
/// and written before the lock is released. Locks are always taken batch → quota → participant /
/// waiting-list entry, so two requests never wait on each other in a circle. Requests that can only
/// end on the waiting list take a shared lock instead, so a rush of them does not queue behind
/// each other.
/// </para>
/// </summary>
public sealed class BatchSeats(
    AppDbContext db,
    TimeProvider clock,
    IOptions<TrainingOptions> options,
    IEmailSender email,
    VenueClock venue,
    ILogger<BatchSeats> log,
    IHttpContextAccessor? http = null)
{
    private DateTimeOffset Now => clock.GetUtcNow();
    private TimeSpan OfferValidity => TimeSpan.FromHours(options.Value.OfferValidHours);
    private string? Actor => http?.HttpContext?.User.Identity?.Name;

    /// <summary>Offers made by the last operation; mailed after the commit.</summary>
    private readonly List<WaitlistEntry> _newOffers = [];

    // ---------------------------------------------------------------- seat requests

    /// <summary>A regency operator (or an administrator) nominates a person of the regency into its quota.</summary>
    /// <remarks>
    /// The hot path of a registration rush, so it costs two round trips at most: one read of the
    /// batch, the person, their regency's quota and any place they already hold, which answers
    /// every refusal; then <c>training_nominate</c> (migration <c>TrainingNominateFunction</c>),
    /// which takes the batch seat and the quota seat with guarded updates (batch before quota, as
    /// everywhere) and inserts the participant with its audit entry in one statement. The row locks
    /// are therefore held for the function's own microseconds, never across a network round trip.
    /// </remarks>
    public async Task<SeatResult> NominateAsync(int batchId, int personId, UserScope scope, CancellationToken ct = default)
    {
        var view = await ReadForNomination(db, batchId, personId, ct);
        var (batch, person, problem) = Check(view?.Batch, view?.Person, personId, scope);
        if (problem is not null) return problem;
        if (!batch!.AcceptsNominations(Now)) return NominationsClosed(batch);
        // When the quota is visibly full, say so without touching a lock.
        var precheck = QuotaProblem(batch, view!.Quota, person!);
        if (precheck is not null) return precheck;
        if (view.ActiveId is { } active) return AlreadyParticipant(active, view.ActiveStatus!.Value);
        if (view.WaitingId is { } waiting) return AlreadyWaiting(waiting, view.WaitingStatus!.Value);

        var now = Now;
        var participant = NewParticipant(batch, person!, ParticipantSource.Nominated, ParticipantStatus.Nominated, person!.RegencyCode, track: false);
        var audit = db.DescribeCreate(participant);
        int outcome;
        try
        {
            outcome = await db.Database.SqlQuery<int>($"""
                SELECT training_nominate({batchId}, {person.RegencyCode}, {(int)BatchStatus.Open}, {now},
                    {person.Id}, {person.ProvinceCode}, {(int)participant.Source}, {(int)participant.Status}, {participant.QrToken}, {participant.CreatedBy},
                    {audit.UserId}, {audit.UserName}, {audit.Changes}::jsonb) AS "Value"
                """).SingleAsync(ct);
        }
        catch (PostgresException pg) when (pg.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Two nominations of the same person at the same instant: the unique index admits one.
            return new SeatResult(SeatResultKind.AlreadyRegistered, "Orang ini sudah terdaftar atau sudah di daftar tunggu angkatan ini.");
        }
        if (outcome > 0)
        {
            return new SeatResult(SeatResultKind.Admitted, $"{person.FullName} diusulkan sebagai peserta {batch.Name}; menunggu persetujuan admin provinsi.", outcome);
        }
        // Someone took the last seat between the read and the function: read again to say which.
        var fresh = await db.Batches.AsNoTracking().FirstAsync(b => b.Id == batchId, ct);
        if (!fresh.AcceptsNominations(now)) return NominationsClosed(fresh);
        var freshQuota = await db.BatchQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.BatchId == batchId && q.RegencyCode == person.RegencyCode, ct);
        return QuotaProblem(fresh, freshQuota, person, outcome == NominateBatchFull ? SeatOutcome.BatchFull : freshQuota is null ? SeatOutcome.NoQuota : SeatOutcome.QuotaFull)!;
    }

    private sealed record NominationView(Batch Batch, Person? Person, int? QuotaSeats, int? QuotaTaken,
        int? ActiveId, ParticipantStatus? ActiveStatus, int? WaitingId, WaitlistStatus? WaitingStatus)
    {
        public BatchQuota? Quota => Person is null || QuotaSeats is null ? null
            : new BatchQuota { BatchId = Batch.Id, RegencyCode = Person.RegencyCode, Seats = QuotaSeats.Value, Taken = QuotaTaken!.Value };
    }

    /// <summary>
    /// Everything a nomination is checked against, in one statement of index lookups (the quota as
    /// scalar subqueries: as an entity, EF ranks every quota of the regency across all batches).
    /// Compiled once: a rush of refusals spent more time in EF's per-call translation of this tree
    /// than in PostgreSQL.
    /// </summary>
    private static readonly Func<AppDbContext, int, int, CancellationToken, Task<NominationView?>> ReadForNomination = EF.CompileAsyncQuery(
        (AppDbContext db, int batchId, int personId, CancellationToken ct) => db.Batches.AsNoTracking().Where(b => b.Id == batchId).Select(b => new NominationView(
            b,
            db.People.FirstOrDefault(p => p.Id == personId),
            db.BatchQuotas.Where(q => q.BatchId == b.Id && q.RegencyCode == db.People.Where(p => p.Id == personId).Select(p => p.RegencyCode).FirstOrDefault()).Select(q => (int?)q.Seats).FirstOrDefault(),
            db.BatchQuotas.Where(q => q.BatchId == b.Id && q.RegencyCode == db.People.Where(p => p.Id == personId).Select(p => p.RegencyCode).FirstOrDefault()).Select(q => (int?)q.Taken).FirstOrDefault(),
            db.Participants.Where(p => p.BatchId == b.Id && p.PersonId == personId && Participant.ActiveStatuses.Contains(p.Status)).Select(p => (int?)p.Id).FirstOrDefault(),
            db.Participants.Where(p => p.BatchId == b.Id && p.PersonId == personId && Participant.ActiveStatuses.Contains(p.Status)).Select(p => (ParticipantStatus?)p.Status).FirstOrDefault(),
            db.WaitlistEntries.Where(w => w.BatchId == b.Id && w.PersonId == personId && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered)).Select(w => (int?)w.Id).FirstOrDefault(),
            db.WaitlistEntries.Where(w => w.BatchId == b.Id && w.PersonId == personId && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered)).Select(w => (WaitlistStatus?)w.Status).FirstOrDefault()))
            .FirstOrDefault());

    /// <summary>What <c>training_nominate</c> answers instead of a participant id.</summary>
    private const int NominateBatchFull = -1;

    /// <summary>A person registers themselves while the registration window is open: a pool seat, or the waiting list.</summary>
    public async Task<SeatResult> SelfRegisterAsync(int batchId, int personId, CancellationToken ct = default)
    {
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (batch is null || person is null) return NotFound();
        if (person.ProvinceCode != batch.ProvinceCode) return new(SeatResultKind.NotAllowed, "Angkatan ini hanya untuk tenaga perpustakaan di provinsi penyelenggara.");
        if (!batch.AcceptsSelfRegistration(Now)) return RegistrationClosed(batch);
        var already = await ExistingPlaceAsync(batchId, personId, ct);
        if (already is not null) return already;

        // Only try for a seat when one is visibly free and nobody is ahead on the waiting list;
        // in a rush, most requests go straight to the list without touching the batch row.
        var anyoneWaiting = await db.WaitlistEntries.AnyAsync(w => w.BatchId == batchId && w.Status == WaitlistStatus.Waiting, ct);
        if (batch.FreePoolSeats > 0 && !anyoneWaiting)
        {
            var now = Now;
            var seat = await InTransactionAsync(async () =>
            {
                // Batch.TakePoolSeat as one guarded update, which also keeps the waiting list's turn.
                var taken = await db.Database.ExecuteSqlAsync($"""
                    UPDATE batches SET seats_taken = seats_taken + 1, pool_taken = pool_taken + 1
                    WHERE id = {batchId} AND seats_taken < capacity AND pool_taken < pool_seats AND status = {(int)BatchStatus.Open}
                      AND (registration_opens_at IS NULL OR registration_opens_at <= {now})
                      AND (registration_closes_at IS NULL OR registration_closes_at > {now})
                      AND NOT EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.batch_id = {batchId} AND w.status = {(int)WaitlistStatus.Waiting})
                    """, ct);
                if (taken == 0) return new SeatResult(SeatResultKind.Full, "");
                var participant = NewParticipant(batch, person, ParticipantSource.Self, ParticipantStatus.PendingApproval, null);
                await db.SaveChangesAsync(ct);
                return new SeatResult(SeatResultKind.Admitted, $"Pendaftaran di {batch.Name} diterima dan menunggu persetujuan admin provinsi.", participant.Id);
            }, ct);
            if (seat.Kind != SeatResultKind.Full) return seat;
            var fresh = await db.Batches.AsNoTracking().FirstAsync(b => b.Id == batchId, ct);
            if (!fresh.AcceptsSelfRegistration(Now)) return RegistrationClosed(fresh);
        }
        return await EnterWaitlistAsync(batch, person, ParticipantSource.Self, ct);
    }

    /// <summary>
    /// Writes a waiting-list entry without locking the batch, then makes sure no pool seat sits
    /// free while someone waits: the shared lock waits for any seat change in flight, and a change
    /// that starts later sees this entry when it offers its seat.
    /// </summary>
    private async Task<SeatResult> EnterWaitlistAsync(Batch batch, Person person, ParticipantSource source, CancellationToken ct)
    {
        var entry = NewEntry(batch, person, source);
        var saved = await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Waitlisted, "", WaitlistEntryId: entry.Id);
        }, ct);
        if (saved.Kind != SeatResultKind.Waitlisted) return saved;
        var free = await db.Database.SqlQuery<int>($"""
            SELECT LEAST(pool_seats - pool_taken, capacity - seats_taken) AS "Value" FROM batches WHERE id = {batch.Id} FOR SHARE
            """).SingleAsync(ct);
        if (free > 0) await CatchUpAsync(batch.Id, ct: ct);
        return await WaitlistedAsync(entry.Id, batch, ct);
    }

    /// <summary>An administrator admits a person directly: the regency's quota while it lasts, else the pool. Approved at once.</summary>
    public async Task<SeatResult> AdmitAsync(int batchId, int personId, UserScope scope, CancellationToken ct = default)
    {
        var (batch, person, problem) = await CheckAsync(batchId, personId, scope, ct);
        if (problem is not null) return problem;
        if (batch!.Status is BatchStatus.Completed or BatchStatus.Cancelled) return new(SeatResultKind.Closed, $"{batch.Name} sudah {Label(batch.Status).ToLowerInvariant()}; peserta tidak dapat ditambahkan.");
        return await InTransactionAsync(async () =>
        {
            var locked = await LockBatchAsync(batchId, ct);
            var already = await ExistingPlaceAsync(batchId, personId, ct);
            if (already is not null) return already;
            string? seatRegency = null;
            var outcome = SeatOutcome.NoQuota;
            if (locked.QuotasReleasedAt is null)
            {
                var quota = await LockQuotaAsync(batchId, person!.RegencyCode, ct);
                outcome = locked.TakeQuotaSeat(quota);
                if (outcome == SeatOutcome.Taken) seatRegency = person.RegencyCode;
            }
            if (outcome != SeatOutcome.Taken) outcome = locked.TakePoolSeat();
            if (outcome != SeatOutcome.Taken)
            {
                return new SeatResult(SeatResultKind.Full, $"Tidak ada kursi kosong untuk {person!.FullName}: kuota {person.RegencyCode} dan kuota umum sudah terisi. Tambah kuota atau kapasitas di pengaturan angkatan, atau masukkan ke daftar tunggu.");
            }
            var participant = NewParticipant(locked, person!, ParticipantSource.Admin, ParticipantStatus.Approved, seatRegency);
            participant.DecidedAt = Now;
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Admitted, $"{person!.FullName} ditambahkan dan disetujui sebagai peserta {locked.Name}.", participant.Id);
        }, ct);
    }

    /// <summary>Puts a person on the waiting list (operators for their regency, administrators, the person themselves).</summary>
    public async Task<SeatResult> JoinWaitlistAsync(int batchId, int personId, ParticipantSource source, UserScope scope, CancellationToken ct = default)
    {
        var (batch, person, problem) = await CheckAsync(batchId, personId, scope, ct);
        if (problem is not null) return problem;
        if (!batch!.OffersSeats) return new(SeatResultKind.Closed, $"{batch.Name} tidak sedang menerima peserta ({Label(batch.Status)}); daftar tunggu ditutup.");
        var result = await InTransactionAsync(async () =>
        {
            var locked = await LockBatchAsync(batchId, ct);
            var already = await ExistingPlaceAsync(batchId, personId, ct);
            if (already is not null) return already;
            var entry = NewEntry(locked, person!, source);
            await db.SaveChangesAsync(ct);
            await OfferFreeSeatsAsync(locked, ct);
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Waitlisted, "", WaitlistEntryId: entry.Id);
        }, ct);
        return result.Kind == SeatResultKind.Waitlisted ? await WaitlistedAsync(result.WaitlistEntryId!.Value, batch, ct) : result;
    }

    // ---------------------------------------------------------------- decisions on participants

    public async Task<SeatResult> ApproveAsync(int participantId, UserScope scope, CancellationToken ct = default)
    {
        var batchId = await db.Participants.Where(p => p.Id == participantId).Select(p => (int?)p.BatchId).FirstOrDefaultAsync(ct);
        if (batchId is null) return NotFound();
        return await InTransactionAsync(async () =>
        {
            var participant = (await LockRowsAsync(db.Participants.FromSql($"SELECT * FROM participants WHERE id = {participantId} FOR UPDATE"), ct)).Single();
            if (!scope.Covers(participant.RegencyCode)) return NotFound();
            var problem = participant.Approve(Now);
            if (problem is not null) return new SeatResult(SeatResultKind.Invalid, problem);
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Done, "Peserta disetujui.", participant.Id);
        }, ct);
    }

    /// <summary>Withdrawal (by the person, their operator or an administrator) or decline (administrator): the seat is given back.</summary>
    public async Task<SeatResult> EndParticipationAsync(int participantId, ParticipantStatus status, string? reason, UserScope scope, CancellationToken ct = default)
    {
        if (status == ParticipantStatus.Declined && string.IsNullOrWhiteSpace(reason)) return new(SeatResultKind.Invalid, "Tuliskan alasan penolakan; alasan ini tercatat dan dapat dilihat operator.");
        var batchId = await db.Participants.Where(p => p.Id == participantId).Select(p => (int?)p.BatchId).FirstOrDefaultAsync(ct);
        if (batchId is null) return NotFound();
        var result = await InTransactionAsync(async () =>
        {
            var batch = await LockBatchAsync(batchId.Value, ct);
            var participant = (await LockRowsAsync(db.Participants.FromSql($"SELECT * FROM participants WHERE id = {participantId} FOR UPDATE"), ct)).Single();
            var own = scope.PersonId == participant.PersonId;
            if (!own && !scope.Covers(participant.RegencyCode)) return NotFound();
            var quota = participant.SeatRegencyCode is { } r ? await LockQuotaAsync(batch.Id, r, ct) : null;
            var problem = participant.Leave(status, reason?.Trim(), Now);
            if (problem is not null) return new SeatResult(SeatResultKind.Invalid, problem);
            batch.ReturnSeat(quota);
            db.AuditReason = reason;
            await db.SaveChangesAsync(ct);
            await OfferFreeSeatsAsync(batch, ct);
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Done, status == ParticipantStatus.Declined
                ? "Peserta ditolak; kursinya dikembalikan."
                : "Peserta mengundurkan diri; kursinya dikembalikan.", participant.Id);
        }, ct);
        db.AuditReason = null;
        await NotifyOffersAsync(ct);
        return result;
    }

    // ---------------------------------------------------------------- the waiting list

    public async Task<SeatResult> AcceptOfferAsync(int entryId, UserScope scope, CancellationToken ct = default)
    {
        var batchId = await db.WaitlistEntries.Where(w => w.Id == entryId).Select(w => (int?)w.BatchId).FirstOrDefaultAsync(ct);
        if (batchId is null) return NotFound();
        var result = await InTransactionAsync(async () =>
        {
            var batch = await LockBatchAsync(batchId.Value, ct);
            var entry = await LockEntryAsync(entryId, ct);
            if (scope.PersonId != entry.PersonId && !scope.Covers(entry.RegencyCode)) return NotFound();
            if (entry.Status != WaitlistStatus.Offered) return new SeatResult(SeatResultKind.Invalid, $"Tidak ada tawaran kursi yang terbuka (status: {Label(entry.Status)}).");
            if (entry.OfferExpired(Now))
            {
                entry.Close(WaitlistStatus.Expired, Now);
                batch.ReturnSeat(null);
                await db.SaveChangesAsync(ct);
                await OfferFreeSeatsAsync(batch, ct);
                await db.SaveChangesAsync(ct);
                return new SeatResult(SeatResultKind.Closed, $"Tawaran kursi sudah kedaluwarsa pada {venue.Format(entry.OfferExpiresAt)} dan diteruskan ke orang berikutnya. Daftar lagi bila masih berminat.") { KeepChanges = true };
            }
            var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == entry.PersonId, ct);
            if (await db.Participants.AnyAsync(p => p.BatchId == batch.Id && p.PersonId == person.Id && Participant.ActiveStatuses.Contains(p.Status), ct))
            {
                // Two requests at the same instant put the person both in a seat and on the list.
                entry.Close(WaitlistStatus.Left, Now, "Sudah menjadi peserta");
                batch.ReturnSeat(null);
                await db.SaveChangesAsync(ct);
                await OfferFreeSeatsAsync(batch, ct);
                await db.SaveChangesAsync(ct);
                return new SeatResult(SeatResultKind.AlreadyRegistered, $"{person.FullName} sudah menjadi peserta {batch.Name}; tawaran diteruskan ke orang berikutnya.") { KeepChanges = true };
            }
            entry.Close(WaitlistStatus.Accepted, Now);
            var status = entry.Source switch
            {
                ParticipantSource.Admin => ParticipantStatus.Approved,
                ParticipantSource.Nominated => ParticipantStatus.Nominated,
                _ => ParticipantStatus.PendingApproval,
            };
            // The offer already holds a pool seat: the counters do not change.
            var participant = NewParticipant(batch, person, entry.Source, status, null);
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Admitted, $"Tawaran diterima: {person.FullName} menjadi peserta {batch.Name}.", participant.Id);
        }, ct);
        await NotifyOffersAsync(ct);
        return result;
    }

    /// <summary>Declining an offer or leaving the list; an offered seat passes to the next person.</summary>
    public async Task<SeatResult> LeaveWaitlistAsync(int entryId, string? reason, UserScope scope, CancellationToken ct = default)
    {
        var batchId = await db.WaitlistEntries.Where(w => w.Id == entryId).Select(w => (int?)w.BatchId).FirstOrDefaultAsync(ct);
        if (batchId is null) return NotFound();
        var result = await InTransactionAsync(async () =>
        {
            var batch = await LockBatchAsync(batchId.Value, ct);
            var entry = await LockEntryAsync(entryId, ct);
            if (scope.PersonId != entry.PersonId && !scope.Covers(entry.RegencyCode)) return NotFound();
            if (!entry.IsOpen) return new SeatResult(SeatResultKind.Invalid, $"Entri daftar tunggu ini sudah selesai ({Label(entry.Status)}).");
            var declined = entry.Status == WaitlistStatus.Offered;
            if (entry.Close(declined ? WaitlistStatus.Declined : WaitlistStatus.Left, Now, reason?.Trim())) batch.ReturnSeat(null);
            await db.SaveChangesAsync(ct);
            await OfferFreeSeatsAsync(batch, ct);
            await db.SaveChangesAsync(ct);
            return new SeatResult(SeatResultKind.Done, declined ? "Tawaran kursi ditolak; kursi diteruskan ke orang berikutnya." : "Keluar dari daftar tunggu.");
        }, ct);
        await NotifyOffersAsync(ct);
        return result;
    }

    /// <summary>An administrator moves a waiting person to another position (1 = first). Needs a reason; audited.</summary>
    public async Task<SeatResult> MoveAsync(int entryId, int position, string? reason, UserScope scope, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5) return new(SeatResultKind.Invalid, "Pemindahan urutan daftar tunggu wajib disertai alasan (minimal 5 karakter); alasan dicatat di jejak audit.");
        var batchId = await db.WaitlistEntries.Where(w => w.Id == entryId).Select(w => (int?)w.BatchId).FirstOrDefaultAsync(ct);
        if (batchId is null) return NotFound();
        try
        {
            return await InTransactionAsync(async () =>
            {
                var batch = await LockBatchAsync(batchId.Value, ct);
                if (!scope.CoversProvince(batch.ProvinceCode)) return NotFound();
                if (scope.Level is not (ScopeLevel.Province or ScopeLevel.National)) return new SeatResult(SeatResultKind.NotAllowed, "Hanya admin provinsi yang dapat mengubah urutan daftar tunggu.");
                var waiting = await db.WaitlistEntries.Where(w => w.BatchId == batch.Id && w.Status == WaitlistStatus.Waiting)
                    .OrderBy(w => w.SortKey).ThenBy(w => w.Id).ToListAsync(ct);
                var entry = waiting.FirstOrDefault(w => w.Id == entryId);
                if (entry is null) return new SeatResult(SeatResultKind.Invalid, "Hanya orang yang masih menunggu (belum ditawari kursi) yang dapat dipindah urutannya.");
                waiting.Remove(entry);
                var index = Math.Clamp(position, 1, waiting.Count + 1) - 1;
                var before = index > 0 ? waiting[index - 1] : null;
                var after = index < waiting.Count ? waiting[index] : null;
                if (before is not null && after is not null && after.SortKey - before.SortKey < 2)
                {
                    // No gap left between the neighbours: space the whole list out again, keeping its order.
                    waiting.Insert(index, entry);
                    var key = waiting[0].SortKey;
                    foreach (var w in waiting) w.SortKey = key + 1_000_000L * waiting.IndexOf(w);
                }
                else
                {
                    entry.SortKey = (before, after) switch
                    {
                        (null, null) => entry.SortKey,
                        (null, { } a) => a.SortKey - 1_000_000L,
                        ({ } b, null) => b.SortKey + 1_000_000L,
                        ({ } b, { } a) => b.SortKey + (a.SortKey - b.SortKey) / 2,
                    };
                }
                entry.Note = $"Dipindah manual ke urutan {index + 1}: {reason.Trim()}";
                db.AuditReason = reason.Trim();
                await db.SaveChangesAsync(ct);
                return new SeatResult(SeatResultKind.Done, $"Urutan daftar tunggu diubah; kini di urutan {index + 1}.", WaitlistEntryId: entry.Id, Position: index + 1);
            }, ct);
        }
        finally
        {
            db.AuditReason = null;
        }
    }

    // ---------------------------------------------------------------- what time brings

    /// <summary>
    /// Everything that is due for a batch: releasing unused regency seats after the nomination
    /// deadline (or now, when an administrator forces it), expiring offers, offering free pool seats.
    /// </summary>
    public async Task<CatchUp> CatchUpAsync(int batchId, bool forceRelease = false, CancellationToken ct = default)
    {
        var result = await InTransactionAsync(async () =>
        {
            var batch = await LockBatchAsync(batchId, ct);
            var released = 0;
            if (batch.QuotasReleasedAt is null && (forceRelease || batch.QuotaReleaseDue(Now)))
            {
                var quotas = await LockRowsAsync(db.BatchQuotas.FromSql($"SELECT * FROM batch_quotas WHERE batch_id = {batchId} ORDER BY regency_code FOR UPDATE"), ct);
                released = batch.ReleaseQuotas(quotas, Now);
            }
            var expired = 0;
            var offers = await db.WaitlistEntries.Where(w => w.BatchId == batchId && w.Status == WaitlistStatus.Offered && w.OfferExpiresAt <= Now).ToListAsync(ct);
            foreach (var entry in offers)
            {
                entry.Close(WaitlistStatus.Expired, Now);
                batch.ReturnSeat(null);
                expired++;
            }
            await db.SaveChangesAsync(ct);
            var offered = await OfferFreeSeatsAsync(batch, ct);
            await db.SaveChangesAsync(ct);
            return new CatchUp(released, expired, offered);
        }, ct);
        await NotifyOffersAsync(ct);
        return result;
    }

    public sealed record CatchUp(int ReleasedSeats, int ExpiredOffers, int NewOffers)
    {
        public bool AnythingHappened => ReleasedSeats + ExpiredOffers + NewOffers > 0;
    }

    /// <summary>
    /// Pages call this on opening a batch, so that what time brought shows without waiting for the sweep.
    /// True when it caught the batch up (seat counts may have changed since the page read them).
    /// </summary>
    public async Task<bool> CatchUpIfDueAsync(int batchId, CancellationToken ct = default)
    {
        if (!await Due().AnyAsync(b => b.Id == batchId, ct)) return false;
        await CatchUpAsync(batchId, ct: ct);
        return true;
    }

    /// <summary>Batches that have something due; the background sweep catches each of them up.</summary>
    public Task<List<int>> BatchesDueAsync(CancellationToken ct = default) => Due().Select(b => b.Id).ToListAsync(ct);

    private IQueryable<Batch> Due()
    {
        var now = Now;
        return db.Batches.AsNoTracking()
            .Where(b => b.Status == BatchStatus.Open || b.Status == BatchStatus.Closed)
            .Where(b => (b.QuotasReleasedAt == null && b.NominationDeadline <= now)
                        || db.WaitlistEntries.Any(w => w.BatchId == b.Id && w.Status == WaitlistStatus.Offered && w.OfferExpiresAt <= now)
                        || (b.PoolTaken < b.PoolSeats && b.SeatsTaken < b.Capacity && db.WaitlistEntries.Any(w => w.BatchId == b.Id && w.Status == WaitlistStatus.Waiting)));
    }

    /// <summary>Position on the list (1 = next to be offered), or null when not waiting.</summary>
    public async Task<int?> PositionAsync(int entryId, CancellationToken ct = default)
    {
        var entry = await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId, ct);
        if (entry is null || entry.Status != WaitlistStatus.Waiting) return null;
        return 1 + await db.WaitlistEntries.CountAsync(w => w.BatchId == entry.BatchId && w.Status == WaitlistStatus.Waiting
            && (w.SortKey < entry.SortKey || (w.SortKey == entry.SortKey && w.Id < entry.Id)), ct);
    }

    // ---------------------------------------------------------------- helpers

    private async Task<int> OfferFreeSeatsAsync(Batch batch, CancellationToken ct)
    {
        if (!batch.OffersSeats || batch.FreePoolSeats == 0) return 0;
        var next = await db.WaitlistEntries.Where(w => w.BatchId == batch.Id && w.Status == WaitlistStatus.Waiting)
            .OrderBy(w => w.SortKey).ThenBy(w => w.Id).Take(batch.FreePoolSeats).ToListAsync(ct);
        foreach (var entry in next)
        {
            if (batch.TakePoolSeat() != SeatOutcome.Taken) break;
            entry.Offer(Now, OfferValidity);
            _newOffers.Add(entry);
        }
        return next.Count(e => e.Status == WaitlistStatus.Offered);
    }

    private async Task NotifyOffersAsync(CancellationToken ct)
    {
        if (_newOffers.Count == 0) return;
        var offers = _newOffers.ToList();
        _newOffers.Clear();
        var ids = offers.Select(o => o.PersonId).ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Email != null).ToDictionaryAsync(p => p.Id, ct);
        var batchNames = await db.Batches.AsNoTracking().Where(b => offers.Select(o => o.BatchId).Contains(b.Id))
            .Select(b => new { b.Id, b.Number, Programme = b.Programme!.Name }).ToDictionaryAsync(b => b.Id, ct);
        foreach (var offer in offers)
        {
            if (!people.TryGetValue(offer.PersonId, out var person)) continue;
            var b = batchNames[offer.BatchId];
            try
            {
                await email.SendAsync(person.Email!, $"Tawaran kursi {b.Programme} Angkatan {Batch.Roman(b.Number)}",
                    $"<p>Yth. {System.Net.WebUtility.HtmlEncode(person.FullName)},</p><p>Ada kursi kosong untuk Anda di {System.Net.WebUtility.HtmlEncode(b.Programme)} " +
                    $"Angkatan {Batch.Roman(b.Number)}. Terima tawaran ini di Kompeten (menu Pelatihan) sebelum {venue.Format(offer.OfferExpiresAt)}; " +
                    "setelah itu kursi diteruskan ke orang berikutnya di daftar tunggu.</p>", ct);
            }
            catch (Exception ex) when (ex is System.Net.Mail.SmtpException or InvalidOperationException or IOException)
            {
                log.LogWarning(ex, "Pemberitahuan tawaran kursi ke {Email} gagal dikirim", person.Email);
            }
        }
    }

    private async Task<(Batch? Batch, Person? Person, SeatResult? Problem)> CheckAsync(int batchId, int personId, UserScope scope, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
        var person = batch is null ? null : await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        return Check(batch, person, personId, scope);
    }

    private static (Batch? Batch, Person? Person, SeatResult? Problem) Check(Batch? batch, Person? person, int personId, UserScope scope)
    {
        if (batch is null || !scope.CoversProvince(batch.ProvinceCode)) return (null, null, NotFound());
        var own = scope.PersonId is { } mine && mine == personId;
        if (person is null || (!own && !scope.Covers(person.RegencyCode))) return (null, null, new(SeatResultKind.NotFound, "Orang tersebut tidak ditemukan di registri wilayah Anda; periksa pilihan atau tambahkan dulu ke registri."));
        if (person.ProvinceCode != batch.ProvinceCode) return (null, null, new(SeatResultKind.Invalid, "Angkatan ini hanya untuk tenaga perpustakaan di provinsi penyelenggara."));
        return (batch, person, null);
    }

    private async Task<SeatResult?> ExistingPlaceAsync(int batchId, int personId, CancellationToken ct)
    {
        var active = await db.Participants.AsNoTracking()
            .Where(p => p.BatchId == batchId && p.PersonId == personId && Participant.ActiveStatuses.Contains(p.Status))
            .Select(p => new { p.Id, p.Status }).FirstOrDefaultAsync(ct);
        if (active is not null) return AlreadyParticipant(active.Id, active.Status);
        var waiting = await db.WaitlistEntries.AsNoTracking()
            .Where(w => w.BatchId == batchId && w.PersonId == personId && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered))
            .Select(w => new { w.Id, w.Status }).FirstOrDefaultAsync(ct);
        return waiting is null ? null : AlreadyWaiting(waiting.Id, waiting.Status);
    }

    private static SeatResult AlreadyParticipant(int participantId, ParticipantStatus status) =>
        new(SeatResultKind.AlreadyRegistered, $"Orang ini sudah terdaftar di angkatan ini (status: {Label(status)}).", participantId);

    private static SeatResult AlreadyWaiting(int entryId, WaitlistStatus status) => new(SeatResultKind.AlreadyWaiting, status == WaitlistStatus.Offered
        ? "Orang ini sudah ditawari kursi dari daftar tunggu; terima atau tolak tawarannya."
        : "Orang ini sudah ada di daftar tunggu angkatan ini.", WaitlistEntryId: entryId);

    private SeatResult? QuotaProblem(Batch batch, BatchQuota? quota, Person person, SeatOutcome? outcome = null)
    {
        outcome ??= batch.SeatsTaken >= batch.Capacity ? SeatOutcome.BatchFull
            : quota is null ? SeatOutcome.NoQuota
            : quota.Taken >= quota.Seats ? SeatOutcome.QuotaFull
            : SeatOutcome.Taken;
        var region = person.RegencyCode;
        return outcome switch
        {
            SeatOutcome.Taken => null,
            SeatOutcome.BatchFull => new(SeatResultKind.Full, $"{batch.Name} sudah penuh ({batch.Capacity} kursi). Masukkan {person.FullName} ke daftar tunggu agar mendapat tawaran bila ada kursi kosong."),
            SeatOutcome.NoQuota => new(SeatResultKind.Full, $"Kabupaten/kota {region} tidak mendapat kuota di {batch.Name}. Minta admin provinsi menambah kuota, atau gunakan daftar tunggu."),
            _ => new(SeatResultKind.Full, $"Kuota {region} di {batch.Name} sudah habis ({quota?.Seats} kursi). Masukkan ke daftar tunggu, atau minta admin provinsi menambah kuota."),
        };
    }

    private SeatResult NominationsClosed(Batch batch) => batch.Status != BatchStatus.Open
        ? new(SeatResultKind.Closed, $"{batch.Name} tidak sedang membuka pengusulan (status: {Label(batch.Status)}).")
        : new(SeatResultKind.Closed, $"Masa pengusulan {batch.Name} sudah berakhir ({venue.Format(batch.NominationDeadline)}); kursi yang belum terisi dilepas ke kuota umum. Gunakan daftar tunggu.");

    private SeatResult RegistrationClosed(Batch batch)
    {
        if (batch.Status != BatchStatus.Open) return new(SeatResultKind.Closed, $"{batch.Name} tidak sedang membuka pendaftaran (status: {Label(batch.Status)}).");
        if (batch.RegistrationOpensAt is { } opens && Now < opens) return new(SeatResultKind.Closed, $"Pendaftaran {batch.Name} baru dibuka {venue.Format(opens)}.");
        return new(SeatResultKind.Closed, $"Pendaftaran {batch.Name} sudah ditutup ({venue.Format(batch.RegistrationClosesAt)}).");
    }

    private async Task<SeatResult> WaitlistedAsync(int entryId, Batch batch, CancellationToken ct)
    {
        var entry = await db.WaitlistEntries.AsNoTracking().FirstAsync(w => w.Id == entryId, ct);
        if (entry.Status == WaitlistStatus.Offered)
        {
            return new(SeatResultKind.Waitlisted, $"Masuk daftar tunggu dan langsung mendapat tawaran kursi di {batch.Name}; terima sebelum {venue.Format(entry.OfferExpiresAt)}.", WaitlistEntryId: entryId, Position: 0);
        }
        var position = await PositionAsync(entryId, ct);
        return new(SeatResultKind.Waitlisted, $"Kursi {batch.Name} sedang penuh; masuk daftar tunggu di urutan {position}. Tawaran dikirim bila ada kursi kosong dan berlaku {options.Value.OfferValidHours} jam.", WaitlistEntryId: entryId, Position: position);
    }

    private Participant NewParticipant(Batch batch, Person person, ParticipantSource source, ParticipantStatus status, string? seatRegency, bool track = true)
    {
        var participant = new Participant
        {
            BatchId = batch.Id,
            PersonId = person.Id,
            RegencyCode = person.RegencyCode,
            ProvinceCode = person.ProvinceCode,
            Source = source,
            Status = status,
            SeatRegencyCode = seatRegency,
            QrToken = Participant.NewToken(),
            CreatedBy = Actor,
            CreatedAt = Now,
        };
        if (track) db.Participants.Add(participant);
        return participant;
    }

    private WaitlistEntry NewEntry(Batch batch, Person person, ParticipantSource source)
    {
        var entry = new WaitlistEntry
        {
            BatchId = batch.Id,
            PersonId = person.Id,
            RegencyCode = person.RegencyCode,
            ProvinceCode = person.ProvinceCode,
            Source = source,
            JoinedAt = Now,
            SortKey = WaitlistEntry.SortKeyAt(Now),
            CreatedBy = Actor,
        };
        db.WaitlistEntries.Add(entry);
        return entry;
    }

    private async Task<Batch> LockBatchAsync(int batchId, CancellationToken ct) =>
        (await LockRowsAsync(db.Batches.FromSql($"SELECT * FROM batches WHERE id = {batchId} FOR UPDATE"), ct)).Single();

    private async Task<BatchQuota?> LockQuotaAsync(int batchId, string regencyCode, CancellationToken ct) =>
        (await LockRowsAsync(db.BatchQuotas.FromSql($"SELECT * FROM batch_quotas WHERE batch_id = {batchId} AND regency_code = {regencyCode} FOR UPDATE"), ct)).SingleOrDefault();

    private async Task<WaitlistEntry> LockEntryAsync(int entryId, CancellationToken ct) =>
        (await LockRowsAsync(db.WaitlistEntries.FromSql($"SELECT * FROM waitlist_entries WHERE id = {entryId} FOR UPDATE"), ct)).Single();

    /// <summary>
    /// Runs a locking query. Rows this context already tracked come back with their old values
    /// (identity resolution), so those are read again now that they are locked.
    /// </summary>
    private async Task<List<T>> LockRowsAsync<T>(IQueryable<T> query, CancellationToken ct) where T : class
    {
        var tracked = db.ChangeTracker.Entries<T>().Select(e => (object)e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        var rows = await query.ToListAsync(ct);
        foreach (var row in rows.Where(tracked.Contains)) await db.Entry(row).ReloadAsync(ct);
        return rows;
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct) where T : class?
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await work();
            if (result is null || result is SeatResult { Succeeded: false, KeepChanges: false })
            {
                await tx.RollbackAsync(ct);
                DiscardChanges();
            }
            else
            {
                await tx.CommitAsync(ct);
            }
            return result;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation } pg)
        {
            await tx.RollbackAsync(ct);
            DiscardChanges();
            _newOffers.Clear();
            // The constraints are the last line of defence; the checks above normally answer first.
            log.LogInformation("Seat change refused by constraint {Constraint}", pg.ConstraintName);
            object refused = pg.SqlState == PostgresErrorCodes.UniqueViolation
                ? new SeatResult(SeatResultKind.AlreadyRegistered, "Orang ini sudah terdaftar atau sudah di daftar tunggu angkatan ini.")
                : new SeatResult(SeatResultKind.Full, "Kursi sudah habis saat permintaan diproses; coba daftar tunggu.");
            return (T)refused;
        }
    }

    /// <summary>After a rollback nothing of the attempt may be saved by a later SaveChanges.</summary>
    private void DiscardChanges()
    {
        _newOffers.Clear();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
            else if (entry.State is EntityState.Modified or EntityState.Deleted) entry.State = EntityState.Detached;
        }
    }

    private static SeatResult NotFound() => new(SeatResultKind.NotFound, "Data tidak ditemukan atau di luar wilayah Anda.");

    public static string Label<TEnum>(TEnum value) where TEnum : struct, Enum => EnumLabels.Of(value);
}
