using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification.Events;

/// <summary>An event's data, the schemes offered with their seats, and its assessors (LSP assessors with registration numbers — not mentors).</summary>
[Authorize(Policy = Policies.Admin)]
public class EditModel(AppDbContext db, CertificationAccess access) : PageModel
{
    public AssessmentEvent Event { get; private set; } = null!;
    public List<Scheme> Schemes { get; private set; } = [];
    public Dictionary<int, int> Occupied { get; private set; } = [];

    [BindProperty] public EventInput Input { get; set; } = new();

    private async Task<bool> LoadAsync(int id)
    {
        var ev = await db.AssessmentEvents.Include(e => e.Schemes).Include(e => e.Assessors).FirstOrDefaultAsync(e => e.Id == id);
        if (ev is null || !CertificationApi.InScope(ev, access.Scope)) return false;
        Event = ev;
        var offered = ev.Schemes.Select(s => s.SchemeId).ToList();
        Schemes = await db.Schemes.AsNoTracking().Where(s => s.Active || offered.Contains(s.Id)).OrderBy(s => s.Name).ToListAsync();
        Occupied = await db.Applications.Where(a => a.AssessmentEventId == id && Application.OnEvent.Contains(a.Status))
            .GroupBy(a => a.SchemeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = EventInput.From(Event);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var capacities = new Dictionary<int, int>();
        foreach (var s in Schemes)
        {
            var raw = Request.Form[$"cap-{s.Id}"].ToString();
            var seats = 0;
            if (raw.Length > 0 && (!int.TryParse(raw, out seats) || seats is < 0 or > 1000))
            {
                ModelState.AddModelError("", $"Kuota {s.Name} harus angka 0 sampai 1000.");
                continue;
            }
            if (seats < Occupied.GetValueOrDefault(s.Id))
            {
                ModelState.AddModelError("", $"Kuota {s.Name} tidak boleh kurang dari {Occupied[s.Id]} peserta yang sudah dijadwalkan; batalkan jadwal sebagian peserta terlebih dahulu.");
            }
            capacities[s.Id] = seats;
        }
        if (!ModelState.IsValid) return Page();
        Input.ApplyTo(Event);
        foreach (var (schemeId, seats) in capacities)
        {
            var offered = Event.Schemes.FirstOrDefault(s => s.SchemeId == schemeId);
            if (seats == 0) { if (offered is not null) Event.Schemes.Remove(offered); }
            else if (offered is null) Event.Schemes.Add(new EventScheme { SchemeId = schemeId, Capacity = seats });
            else offered.Capacity = seats;
        }
        await db.SaveChangesAsync();
        TempData["Message"] = "Uji kompetensi disimpan.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAddAssessorAsync(int id, string? name, string? registrationNumber)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(registrationNumber))
        {
            TempData["Error"] = "Isi nama asesor dan nomor registrasinya (No. Reg. MET).";
            return RedirectToPage(new { id });
        }
        Event.Assessors.Add(new Assessor { Name = name.Trim(), RegistrationNumber = registrationNumber.Trim() });
        await db.SaveChangesAsync();
        TempData["Message"] = "Asesor ditambahkan.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRemoveAssessorAsync(int id, int assessorId)
    {
        if (!await LoadAsync(id)) return NotFound();
        var assessor = Event.Assessors.FirstOrDefault(a => a.Id == assessorId);
        if (assessor is null) return NotFound();
        Event.Assessors.Remove(assessor);
        db.Assessors.Remove(assessor);
        await db.SaveChangesAsync();
        TempData["Message"] = "Asesor dihapus.";
        return RedirectToPage(new { id });
    }
}
