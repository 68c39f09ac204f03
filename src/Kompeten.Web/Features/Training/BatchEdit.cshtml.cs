using System.ComponentModel.DataAnnotations;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Training;

/// <summary>
/// Creates or edits a batch: dates, venue, seats, sessions and the quota of every regency. An
/// edit locks the batch row so that seats taken meanwhile are counted against the new plan.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public class BatchEditModel(AppDbContext db, UserScope scope, VenueClock venue, BatchSeats seats) : PageModel
{
    public sealed class SessionInput
    {
        public int? Id { get; set; }
        public string? Title { get; set; }
        public string? Speaker { get; set; }
        public DateOnly? Date { get; set; }
        public TimeOnly? StartTime { get; set; }
        public TimeOnly? EndTime { get; set; }
        public int? LessonHours { get; set; }
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Speaker) && Date is null && StartTime is null;
    }

    public sealed class QuotaInput
    {
        public required string RegencyCode { get; set; }
        public string? Name { get; set; }
        public int? Seats { get; set; }
        public int Taken { get; set; }
    }

    public sealed class BatchInput
    {
        [Range(1, 99, ErrorMessage = "Nomor angkatan antara 1 dan 99.")]
        public int Number { get; set; } = 1;

        [Required(ErrorMessage = "Tanggal mulai wajib diisi.")]
        public DateOnly? StartDate { get; set; }

        [Required(ErrorMessage = "Tanggal selesai wajib diisi.")]
        public DateOnly? EndDate { get; set; }

        [Required(ErrorMessage = "Tempat wajib diisi, misalnya \"Aula Dispersip Kalsel, Banjarbaru\".")]
        [StringLength(300, ErrorMessage = "Tempat paling panjang 300 karakter.")]
        public string Venue { get; set; } = "";

        [Range(1, 5000, ErrorMessage = "Kapasitas antara 1 dan 5000 peserta.")]
        public int Capacity { get; set; } = 100;

        [Range(0, 500, ErrorMessage = "JP antara 0 dan 500.")]
        public int LessonHours { get; set; }

        public DateTime? RegistrationOpensAt { get; set; }
        public DateTime? RegistrationClosesAt { get; set; }
        public DateTime? NominationDeadline { get; set; }

        [Range(0, 100, ErrorMessage = "Syarat kehadiran antara 0 dan 100 persen.")]
        public int AttendanceRulePercent { get; set; } = 80;

        public BatchStatus Status { get; set; } = BatchStatus.Draft;

        [StringLength(200, ErrorMessage = "Keterangan kuota umum paling panjang 200 karakter.")]
        public string? PoolLabel { get; set; }

        [Range(0, 5000, ErrorMessage = "Kuota umum tidak boleh negatif.")]
        public int PoolSeats { get; set; }

        [StringLength(200)] public string? SignerName { get; set; }

        [RegularExpression(@"^\d{18}$", ErrorMessage = "NIP penandatangan harus 18 angka tanpa spasi.")]
        public string? SignerNip { get; set; }

        [StringLength(300)] public string? SignerTitle { get; set; }

        public List<SessionInput> Sessions { get; set; } = [];
        public List<QuotaInput> Quotas { get; set; } = [];
    }

    [BindProperty]
    public BatchInput Input { get; set; } = new();

    public int? Id { get; private set; }
    public int ProgrammeId { get; private set; }
    public string ProgrammeName { get; private set; } = "";
    public VenueClock Venue => venue;

    public async Task<IActionResult> OnGetAsync(int? id, int? programmeId)
    {
        Id = id;
        if (id is null)
        {
            var programme = await db.Programmes.AsNoTracking().InScope(scope).FirstOrDefaultAsync(p => p.Id == programmeId);
            if (programme is null) return NotFound();
            (ProgrammeId, ProgrammeName) = (programme.Id, programme.Name);
            var next = 1 + (await db.Batches.Where(b => b.ProgrammeId == programme.Id).MaxAsync(b => (int?)b.Number) ?? 0);
            Input = new BatchInput { Number = next, Quotas = await QuotaRowsAsync(programme.ProvinceCode, []) };
            return Page();
        }
        var batch = await db.Batches.AsNoTracking().InScope(scope).Include(b => b.Programme).Include(b => b.Sessions).Include(b => b.Quotas).FirstOrDefaultAsync(b => b.Id == id);
        if (batch is null) return NotFound();
        (ProgrammeId, ProgrammeName) = (batch.ProgrammeId, batch.Programme!.Name);
        Input = new BatchInput
        {
            Number = batch.Number, StartDate = batch.StartDate, EndDate = batch.EndDate, Venue = batch.Venue, Capacity = batch.Capacity,
            LessonHours = batch.LessonHours, AttendanceRulePercent = batch.AttendanceRulePercent, Status = batch.Status,
            RegistrationOpensAt = Local(batch.RegistrationOpensAt), RegistrationClosesAt = Local(batch.RegistrationClosesAt), NominationDeadline = Local(batch.NominationDeadline),
            PoolLabel = batch.PoolLabel, PoolSeats = batch.PoolSeats, SignerName = batch.SignerName, SignerNip = batch.SignerNip, SignerTitle = batch.SignerTitle,
            Sessions = batch.Sessions.OrderBy(s => s.SortOrder).Select(s => new SessionInput
            {
                Id = s.Id, Title = s.Title, Speaker = s.Speaker, Date = s.Date, StartTime = s.StartTime, EndTime = s.EndTime, LessonHours = s.LessonHours,
            }).ToList(),
            Quotas = await QuotaRowsAsync(batch.ProvinceCode, batch.Quotas),
        };
        return Page();
    }

    private DateTime? Local(DateTimeOffset? utc) => utc is { } u ? venue.ToLocal(u) : null;

    private async Task<List<QuotaInput>> QuotaRowsAsync(string province, List<BatchQuota> quotas)
    {
        var regencies = await db.Regions.AsNoTracking().Where(r => r.ParentCode == province && r.Level == RegionLevel.Regency).OrderBy(r => r.Code).ToListAsync();
        return regencies.Select(r =>
        {
            var q = quotas.FirstOrDefault(x => x.RegencyCode == r.Code);
            return new QuotaInput { RegencyCode = r.Code, Name = r.Name, Seats = q?.Seats, Taken = q?.Taken ?? 0 };
        }).ToList();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? programmeId)
    {
        Id = id;
        Programme? programme = id is null
            ? await db.Programmes.AsNoTracking().InScope(scope).FirstOrDefaultAsync(p => p.Id == programmeId)
            : await db.Batches.AsNoTracking().InScope(scope).Where(b => b.Id == id).Select(b => b.Programme).FirstOrDefaultAsync();
        if (programme is null) return NotFound();
        (ProgrammeId, ProgrammeName) = (programme.Id, programme.Name);
        var names = (await QuotaRowsAsync(programme.ProvinceCode, [])).ToDictionary(q => q.RegencyCode, q => q.Name);
        foreach (var q in Input.Quotas) q.Name = names.GetValueOrDefault(q.RegencyCode);
        Validate(names.Keys);
        if (!ModelState.IsValid) return Page();

        await using var tx = await db.Database.BeginTransactionAsync();
        Batch batch;
        List<BatchQuota> quotas;
        if (id is null)
        {
            batch = new Batch { ProgrammeId = programme.Id, ProvinceCode = programme.ProvinceCode, Venue = "", CreatedAt = venue.UtcNow };
            db.Batches.Add(batch);
            quotas = [];
        }
        else
        {
            // The same lock the seat changes take: nobody takes a seat while the plan changes.
            batch = (await db.Batches.FromSql($"SELECT * FROM batches WHERE id = {id} FOR UPDATE").ToListAsync()).Single();
            quotas = await db.BatchQuotas.FromSql($"SELECT * FROM batch_quotas WHERE batch_id = {id} ORDER BY regency_code FOR UPDATE").ToListAsync();
            await db.Entry(batch).Collection(b => b.Sessions).LoadAsync();
        }
        if (await db.Batches.AnyAsync(b => b.ProgrammeId == programme.Id && b.Number == Input.Number && b.Id != batch.Id))
        {
            ModelState.AddModelError("Input.Number", $"Angkatan {Batch.Roman(Input.Number)} sudah ada di program ini; pilih nomor lain.");
            return Page();
        }

        batch.Number = Input.Number;
        batch.StartDate = Input.StartDate!.Value;
        batch.EndDate = Input.EndDate!.Value;
        batch.Venue = Input.Venue.Trim();
        batch.Capacity = Input.Capacity;
        batch.LessonHours = Input.LessonHours;
        batch.RegistrationOpensAt = venue.FromLocal(Input.RegistrationOpensAt);
        batch.RegistrationClosesAt = venue.FromLocal(Input.RegistrationClosesAt);
        batch.NominationDeadline = venue.FromLocal(Input.NominationDeadline);
        batch.AttendanceRulePercent = Input.AttendanceRulePercent;
        batch.Status = Input.Status;
        batch.PoolLabel = Input.PoolLabel?.Trim();
        batch.PoolSeats = Input.PoolSeats;
        batch.SignerName = Input.SignerName?.Trim();
        batch.SignerNip = Input.SignerNip?.Trim();
        batch.SignerTitle = Input.SignerTitle?.Trim();
        batch.UpdatedAt = venue.UtcNow;

        foreach (var q in Input.Quotas)
        {
            var row = quotas.FirstOrDefault(x => x.RegencyCode == q.RegencyCode);
            var wanted = q.Seats ?? 0;
            if (row is null && wanted > 0)
            {
                row = new BatchQuota { RegencyCode = q.RegencyCode, Seats = wanted };
                batch.Quotas.Add(row);
                quotas.Add(row);
            }
            else if (row is not null)
            {
                row.Seats = wanted;
                if (wanted == 0 && row.Taken == 0 && row.Released == 0) db.BatchQuotas.Remove(row);
            }
        }
        foreach (var problem in batch.SeatPlanProblems(quotas.Where(q => db.Entry(q).State != EntityState.Deleted)))
        {
            ModelState.AddModelError("", problem);
        }
        if (!await ApplySessionsAsync(batch)) return Page();
        if (!ModelState.IsValid) return Page();

        await db.SaveChangesAsync();
        await tx.CommitAsync();
        // More pool seats may mean offers for the waiting list.
        if (id is not null) await seats.CatchUpAsync(batch.Id);
        TempData["Message"] = id is null ? $"{batch.Name} dibuat." : $"{batch.Name} disimpan.";
        return Redirect($"/Training/Batches/{batch.Id}");
    }

    private void Validate(IEnumerable<string> regencies)
    {
        var allowed = regencies.ToHashSet();
        if (Input.StartDate is { } s && Input.EndDate is { } e && e < s) ModelState.AddModelError("Input.EndDate", "Tanggal selesai tidak boleh sebelum tanggal mulai.");
        if (Input.RegistrationOpensAt is { } o && Input.RegistrationClosesAt is { } c && c <= o) ModelState.AddModelError("Input.RegistrationClosesAt", "Pendaftaran harus ditutup setelah dibuka.");
        if (Input.Quotas.Any(q => !allowed.Contains(q.RegencyCode))) ModelState.AddModelError("", "Kuota hanya untuk kabupaten/kota di provinsi penyelenggara.");
        if (Input.Quotas.Any(q => q.Seats < 0)) ModelState.AddModelError("", "Kuota kabupaten/kota tidak boleh negatif.");
        var n = 0;
        foreach (var session in Input.Sessions)
        {
            n++;
            if (session.IsBlank || session.Remove) continue;
            if (string.IsNullOrWhiteSpace(session.Title)) ModelState.AddModelError("", $"Sesi {n}: judul wajib diisi (atau kosongkan seluruh baris).");
            if (session.Date is null) ModelState.AddModelError("", $"Sesi {n}: tanggal wajib diisi.");
            else if (Input.StartDate is { } start && Input.EndDate is { } end && (session.Date < start || session.Date > end)) ModelState.AddModelError("", $"Sesi {n}: tanggal harus di antara tanggal mulai dan selesai angkatan.");
            if (session.StartTime is null || session.EndTime is null) ModelState.AddModelError("", $"Sesi {n}: jam mulai dan selesai wajib diisi.");
            else if (session.EndTime <= session.StartTime) ModelState.AddModelError("", $"Sesi {n}: jam selesai harus setelah jam mulai.");
            if (session.LessonHours is null or < 0 or > 24) ModelState.AddModelError("", $"Sesi {n}: JP antara 0 dan 24.");
        }
    }

    private async Task<bool> ApplySessionsAsync(Batch batch)
    {
        var existing = batch.Sessions.ToDictionary(s => s.Id);
        var keep = new HashSet<int>();
        var order = 0;
        foreach (var input in Input.Sessions.Where(s => !s.IsBlank && !s.Remove))
        {
            order++;
            Session session;
            if (input.Id is { } sid && existing.TryGetValue(sid, out var found))
            {
                session = found;
                keep.Add(sid);
            }
            else
            {
                session = new Session { Title = "" };
                batch.Sessions.Add(session);
            }
            session.SortOrder = order;
            session.Title = input.Title!.Trim();
            session.Speaker = input.Speaker?.Trim();
            session.Date = input.Date!.Value;
            session.StartTime = input.StartTime!.Value;
            session.EndTime = input.EndTime!.Value;
            session.LessonHours = input.LessonHours ?? 0;
        }
        foreach (var (sid, session) in existing.Where(kv => !keep.Contains(kv.Key)))
        {
            if (await db.AttendanceScans.AnyAsync(a => a.SessionId == sid))
            {
                ModelState.AddModelError("", $"Sesi \"{session.Title}\" sudah memiliki data kehadiran sehingga tidak dapat dihapus; ubah judulnya bila perlu.");
                return false;
            }
            db.Sessions.Remove(session);
        }
        return true;
    }
}
