using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

public sealed record ProgrammeDto(int Id, string Name, int Year, string Funding, string? FundingMenu, bool QualifiesAsTrainingCertificate, string ProvinceCode, decimal Planned, decimal Realised);
public sealed record BudgetLineDto(int Id, string Kind, string Item, decimal Volume, string Unit, decimal UnitCost, decimal Total);
public sealed record ProgrammeDetailDto(ProgrammeDto Programme, string? Purpose, List<BudgetLineDto> BudgetLines, List<BatchDto> Batches);
public sealed record BatchDto(int Id, int ProgrammeId, string Name, DateOnly StartDate, DateOnly EndDate, string Venue, string Status, int Capacity, int SeatsTaken, int PoolSeats, int PoolTaken, int LessonHours, int AttendanceRulePercent, DateTimeOffset? NominationDeadline, DateTimeOffset? RegistrationOpensAt, DateTimeOffset? RegistrationClosesAt);
public sealed record SessionDto(int Id, string Title, string? Speaker, DateOnly Date, TimeOnly StartTime, TimeOnly EndTime, int LessonHours);
public sealed record QuotaDto(string RegencyCode, int Seats, int Taken, int Released);
public sealed record BatchDetailDto(BatchDto Batch, List<SessionDto> Sessions, List<QuotaDto> Quotas);
public sealed record ParticipantDto(int Id, int PersonId, string Name, string RegencyCode, string Source, string Status, string? SeatRegencyCode);
public sealed record SeatResultDto(string Result, string Message, int? ParticipantId, int? WaitlistEntryId, int? Position);
public sealed record ScanResultDto(Guid IdempotencyKey, string Outcome, bool Settled, string Message, int? ParticipantId, string? Name, DateTimeOffset? RecordedAt);
public sealed record RosterEntryDto(int ParticipantId, string Name, string RegencyCode, string Token, bool Present);

public sealed class ProgrammeInputDto
{
    [Required(ErrorMessage = "Nama program wajib diisi.")]
    [StringLength(300, ErrorMessage = "Nama program paling panjang 300 karakter.")]
    public string Name { get; set; } = "";

    [Range(2000, 2100, ErrorMessage = "Tahun harus antara 2000 dan 2100.")]
    public int Year { get; set; }

    [StringLength(2000)] public string? Purpose { get; set; }
    public FundingSource Funding { get; set; }
    [StringLength(300)] public string? FundingMenu { get; set; }
    public bool QualifiesAsTrainingCertificate { get; set; }

    /// <summary>Only national administrators choose; others create in their own province.</summary>
    public string? ProvinceCode { get; set; }
}

public sealed class PersonRefInput
{
    [Range(1, int.MaxValue, ErrorMessage = "personId wajib diisi dengan id orang di registri.")]
    public int PersonId { get; set; }
}

public sealed class ReasonInput
{
    [StringLength(500, ErrorMessage = "Alasan paling panjang 500 karakter.")]
    public string? Reason { get; set; }
}

/// <summary>
/// /api/v1/training: programmes, batches, participants and attendance scans, with the same roles
/// and regional scope as the pages. Errors are RFC 9457 problem details in Bahasa Indonesia.
/// </summary>
public static class TrainingApi
{
    public static void MapTrainingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/training").WithTags("Pelatihan").RequireAuthorization(Policies.RegistryRead);

        api.MapGet("/programmes", async (AppDbContext db, UserScope scope, int? year) =>
        {
            var q = db.Programmes.AsNoTracking().InScope(scope);
            if (year is { } y) q = q.Where(p => p.Year == y);
            return TypedResults.Ok(await q.OrderByDescending(p => p.Year).ThenBy(p => p.Name).Select(ProgrammeRow).ToListAsync());
        }).WithName("ListTrainingProgrammes").WithSummary("Program pelatihan di wilayah pengguna");

        api.MapGet("/programmes/{id:int}", async Task<Results<Ok<ProgrammeDetailDto>, ProblemHttpResult>> (int id, AppDbContext db, UserScope scope) =>
        {
            var p = await db.Programmes.AsNoTracking().InScope(scope).Where(x => x.Id == id).Select(ProgrammeRow).FirstOrDefaultAsync();
            if (p is null) return NotFound("Program tidak ditemukan di wilayah Anda.");
            var purpose = await db.Programmes.Where(x => x.Id == id).Select(x => x.Purpose).FirstAsync();
            var lines = await db.BudgetLines.AsNoTracking().Where(l => l.ProgrammeId == id).OrderBy(l => l.Kind).ThenBy(l => l.SortOrder)
                .Select(l => new BudgetLineDto(l.Id, l.Kind.ToString(), l.Item, l.Volume, l.Unit, l.UnitCost, l.Total)).ToListAsync();
            var batches = await db.Batches.AsNoTracking().Where(b => b.ProgrammeId == id).OrderBy(b => b.Number).Select(BatchRow).ToListAsync();
            return TypedResults.Ok(new ProgrammeDetailDto(p, purpose, lines, batches));
        }).WithName("GetTrainingProgramme");

        api.MapPost("/programmes", async Task<Results<Created<ProgrammeDto>, ProblemHttpResult>> (ProgrammeInputDto input, AppDbContext db, UserScope scope, TimeProvider clock) =>
        {
            var province = scope.Level == ScopeLevel.National ? input.ProvinceCode : scope.ProvinceCode;
            if (province is null || !await db.Regions.AnyAsync(r => r.Code == province && r.Level == Registry.RegionLevel.Province))
            {
                return Problem(400, "Isi provinceCode dengan kode provinsi penyelenggara (misalnya \"63\").");
            }
            if (input.Funding == FundingSource.DakNonFisik && string.IsNullOrWhiteSpace(input.FundingMenu))
            {
                return Problem(400, "Untuk DAK Non Fisik, isi fundingMenu dengan menu kegiatannya.");
            }
            var now = clock.GetUtcNow();
            var programme = new Programme
            {
                Name = input.Name.Trim(), Year = input.Year, Purpose = input.Purpose, Funding = input.Funding, FundingMenu = input.FundingMenu,
                QualifiesAsTrainingCertificate = input.QualifiesAsTrainingCertificate, ProvinceCode = province, CreatedAt = now, UpdatedAt = now,
            };
            db.Programmes.Add(programme);
            await db.SaveChangesAsync();
            var dto = new ProgrammeDto(programme.Id, programme.Name, programme.Year, programme.Funding.ToString(), programme.FundingMenu, programme.QualifiesAsTrainingCertificate, programme.ProvinceCode, 0, 0);
            return TypedResults.Created($"/api/v1/training/programmes/{programme.Id}", dto);
        }).RequireAuthorization(Policies.Admin).WithName("CreateTrainingProgramme");

        api.MapGet("/batches", async (AppDbContext db, UserScope scope, int? programmeId) =>
        {
            var q = db.Batches.AsNoTracking().InScope(scope);
            if (programmeId is { } p) q = q.Where(b => b.ProgrammeId == p);
            return TypedResults.Ok(await q.OrderByDescending(b => b.StartDate).Select(BatchRow).ToListAsync());
        }).WithName("ListTrainingBatches");

        api.MapGet("/batches/{id:int}", async Task<Results<Ok<BatchDetailDto>, ProblemHttpResult>> (int id, AppDbContext db, UserScope scope) =>
        {
            var batch = await db.Batches.AsNoTracking().InScope(scope).Where(b => b.Id == id).Select(BatchRow).FirstOrDefaultAsync();
            if (batch is null) return NotFound("Angkatan tidak ditemukan di wilayah Anda.");
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.BatchId == id).OrderBy(s => s.SortOrder)
                .Select(s => new SessionDto(s.Id, s.Title, s.Speaker, s.Date, s.StartTime, s.EndTime, s.LessonHours)).ToListAsync();
            var quotas = await db.BatchQuotas.AsNoTracking().Where(q => q.BatchId == id).OrderBy(q => q.RegencyCode)
                .Select(q => new QuotaDto(q.RegencyCode, q.Seats, q.Taken, q.Released)).ToListAsync();
            return TypedResults.Ok(new BatchDetailDto(batch, sessions, quotas));
        }).WithName("GetTrainingBatch");

        api.MapGet("/batches/{id:int}/participants", async Task<Results<Ok<List<ParticipantDto>>, ProblemHttpResult>> (int id, AppDbContext db, UserScope scope, bool? all) =>
        {
            if (!await db.Batches.InScope(scope).AnyAsync(b => b.Id == id)) return NotFound("Angkatan tidak ditemukan di wilayah Anda.");
            var q = db.Participants.AsNoTracking().InScope(scope).Where(p => p.BatchId == id);
            if (all != true) q = q.Where(p => Participant.ActiveStatuses.Contains(p.Status));
            return TypedResults.Ok(await q.OrderBy(p => p.RegencyCode).ThenBy(p => p.Person!.FullName)
                .Select(p => new ParticipantDto(p.Id, p.PersonId, p.Person!.FullName, p.RegencyCode, p.Source.ToString(), p.Status.ToString(), p.SeatRegencyCode)).ToListAsync());
        }).WithName("ListTrainingParticipants").WithSummary("Peserta angkatan; operator hanya melihat kabupaten/kotanya");

        api.MapPost("/batches/{id:int}/participants", async (int id, PersonRefInput input, BatchSeats seats, UserScope scope, HttpContext http, Microsoft.AspNetCore.Authorization.IAuthorizationService authz) =>
        {
            var admin = (await authz.AuthorizeAsync(http.User, null, Policies.Admin)).Succeeded;
            return Seat(admin ? await seats.AdmitAsync(id, input.PersonId, scope) : await seats.NominateAsync(id, input.PersonId, scope));
        }).RequireAuthorization(Policies.RegistryWrite).RequireRateLimiting(TrainingSetup.SeatRequestsPolicy).WithMetadata(TrainingSetup.SeatQueueFull).WithName("NominateTrainingParticipant")
          .WithSummary("Operator: usulkan orang dari kabupaten/kotanya ke kuota; admin: tambahkan dan setujui langsung");

        api.MapPost("/batches/{id:int}/waitlist", async (int id, PersonRefInput input, BatchSeats seats, UserScope scope, HttpContext http, Microsoft.AspNetCore.Authorization.IAuthorizationService authz) =>
        {
            var admin = (await authz.AuthorizeAsync(http.User, null, Policies.Admin)).Succeeded;
            return Seat(await seats.JoinWaitlistAsync(id, input.PersonId, admin ? ParticipantSource.Admin : ParticipantSource.Nominated, scope));
        }).RequireAuthorization(Policies.RegistryWrite).RequireRateLimiting(TrainingSetup.SeatRequestsPolicy).WithMetadata(TrainingSetup.SeatQueueFull).WithName("JoinTrainingWaitlist");

        api.MapPost("/participants/{id:int}/approve", async (int id, BatchSeats seats, UserScope scope) => Seat(await seats.ApproveAsync(id, scope)))
            .RequireAuthorization(Policies.Admin).WithName("ApproveTrainingParticipant");

        api.MapPost("/participants/{id:int}/decline", async (int id, ReasonInput input, BatchSeats seats, UserScope scope) =>
                Seat(await seats.EndParticipationAsync(id, ParticipantStatus.Declined, input.Reason, scope)))
            .RequireAuthorization(Policies.Admin).WithName("DeclineTrainingParticipant");

        api.MapPost("/participants/{id:int}/withdraw", async (int id, ReasonInput input, BatchSeats seats, UserScope scope) =>
                Seat(await seats.EndParticipationAsync(id, ParticipantStatus.Withdrawn, input.Reason, scope)))
            .RequireAuthorization(Policies.RegistryWrite).WithName("WithdrawTrainingParticipant");

        // Attendance: the committee (administrators of the province).
        api.MapGet("/sessions/{id:int}/roster", async Task<Results<Ok<List<RosterEntryDto>>, ProblemHttpResult>> (int id, AppDbContext db, UserScope scope) =>
        {
            var session = await SessionInScopeAsync(db, id, scope);
            if (session is null) return NotFound("Sesi tidak ditemukan di wilayah Anda.");
            return TypedResults.Ok(await db.Participants.AsNoTracking().Where(p => p.BatchId == session.BatchId && Participant.ActiveStatuses.Contains(p.Status))
                .OrderBy(p => p.Person!.FullName)
                .Select(p => new RosterEntryDto(p.Id, p.Person!.FullName, p.RegencyCode, p.QrToken, db.AttendanceScans.Any(a => a.SessionId == id && a.ParticipantId == p.Id)))
                .ToListAsync());
        }).RequireAuthorization(Policies.Admin).WithName("TrainingSessionRoster").WithSummary("Daftar peserta aktif sesi beserta kode QR-nya, untuk pemindai");

        api.MapPost("/sessions/{id:int}/scans", async Task<Results<Created<ScanResultDto>, Ok<ScanResultDto>, ProblemHttpResult>> (
            int id, ScanInput input, [FromHeader(Name = "Idempotency-Key")] Guid? idempotencyKey, AppDbContext db, UserScope scope, AttendanceBook book, HttpContext http) =>
        {
            var session = await SessionInScopeAsync(db, id, scope);
            if (session is null) return NotFound("Sesi tidak ditemukan di wilayah Anda.");
            if (input.IdempotencyKey == Guid.Empty && idempotencyKey is { } key) input.IdempotencyKey = key;
            var result = await book.RecordAsync(session, input, http.User.Identity?.Name);
            return result.Outcome switch
            {
                ScanOutcome.Recorded => TypedResults.Created($"/api/v1/training/sessions/{id}/scans/{result.IdempotencyKey}", ToDto(result)),
                ScanOutcome.Replayed or ScanOutcome.AlreadyPresent => TypedResults.Ok(ToDto(result)),
                ScanOutcome.UnknownCode => Problem(404, result.Message),
                ScanOutcome.NotActive => Problem(409, result.Message),
                _ => Problem(400, result.Message),
            };
        }).RequireAuthorization(Policies.Admin).WithName("RecordTrainingScan")
          .WithSummary("Catat satu pindaian; kirim ulang dengan idempotencyKey (atau header Idempotency-Key) yang sama tidak mencatat dua kali");

        api.MapPost("/sessions/{id:int}/scans/batch", async Task<Results<Ok<List<ScanResultDto>>, ProblemHttpResult>> (
            int id, List<ScanInput> scans, AppDbContext db, UserScope scope, AttendanceBook book, HttpContext http) =>
        {
            var session = await SessionInScopeAsync(db, id, scope);
            if (session is null) return NotFound("Sesi tidak ditemukan di wilayah Anda.");
            if (scans.Count > 500) return Problem(413, "Kirim paling banyak 500 pindaian sekaligus; sisanya pada permintaan berikutnya.");
            var results = new List<ScanResultDto>(scans.Count);
            foreach (var scan in scans) results.Add(ToDto(await book.RecordAsync(session, scan, http.User.Identity?.Name)));
            return TypedResults.Ok(results);
        }).RequireAuthorization(Policies.Admin).WithName("RecordTrainingScanBatch")
          .WithSummary("Kirim antrean pindaian dari perangkat yang sempat luring; tiap hasil menyebut apakah sudah selesai (settled)");
    }

    private static readonly System.Linq.Expressions.Expression<Func<Programme, ProgrammeDto>> ProgrammeRow = p => new ProgrammeDto(
        p.Id, p.Name, p.Year, p.Funding.ToString(), p.FundingMenu, p.QualifiesAsTrainingCertificate, p.ProvinceCode,
        p.BudgetLines.Where(l => l.Kind == BudgetLineKind.Plan).Sum(l => l.Total),
        p.BudgetLines.Where(l => l.Kind == BudgetLineKind.Realisation).Sum(l => l.Total));

    private static readonly System.Linq.Expressions.Expression<Func<Batch, BatchDto>> BatchRow = b => new BatchDto(
        b.Id, b.ProgrammeId, "Angkatan " + Batch.Roman(b.Number), b.StartDate, b.EndDate, b.Venue, b.Status.ToString(), b.Capacity, b.SeatsTaken, b.PoolSeats, b.PoolTaken,
        b.LessonHours, b.AttendanceRulePercent, b.NominationDeadline, b.RegistrationOpensAt, b.RegistrationClosesAt);

    private static Task<Session?> SessionInScopeAsync(AppDbContext db, int id, UserScope scope) =>
        db.Sessions.AsNoTracking().Where(s => s.Id == id && db.Batches.InScope(scope).Any(b => b.Id == s.BatchId)).FirstOrDefaultAsync();

    private static ScanResultDto ToDto(ScanResult r) => new(r.IdempotencyKey, r.Outcome.ToString(), r.Settled, r.Message, r.ParticipantId, r.Name, r.RecordedAt);

    private static IResult Seat(SeatResult r) => r.Succeeded
        ? TypedResults.Ok(new SeatResultDto(r.Kind.ToString(), r.Message, r.ParticipantId, r.WaitlistEntryId, r.Position))
        : Problem(r.HttpStatus, r.Message, r.Kind.ToString());

    private static ProblemHttpResult NotFound(string detail) => Problem(404, detail);

    private static ProblemHttpResult Problem(int status, string detail, string? code = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: KompetenServices.StatusTitle(status),
            extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code });
}
