using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Certification;

/// <summary>The mentor pool of the province: which Pendamping accounts mentor which schemes and regencies, and how many candidates at once.</summary>
[Authorize(Policy = Policies.Admin)]
public class MentorsModel(AppDbContext db, CertificationAccess access) : PageModel
{
    public sealed record Account(string Id, string Name, string Email, string Province);

    public List<MentorLoad> Loads { get; private set; } = [];
    public List<Mentor> Mentors { get; private set; } = [];
    public List<Account> Available { get; private set; } = [];
    public List<Scheme> Schemes { get; private set; } = [];
    public Dictionary<string, List<Region>> Regencies { get; private set; } = [];

    private string? Province => access.Scope.Level == ScopeLevel.Province ? access.Scope.RegionCode : null;

    private async Task LoadAsync()
    {
        var province = Province;
        Mentors = await db.Mentors.AsNoTracking().Where(m => province == null || m.ProvinceCode == province).OrderBy(m => m.Name).ToListAsync();
        Loads = await MentorPool.LoadsAsync(db, province);
        var roleId = await db.Roles.Where(r => r.Name == Roles.Pendamping).Select(r => r.Id).FirstOrDefaultAsync();
        var taken = Mentors.Select(m => m.UserId).ToList();
        Available = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId) && u.RegionCode != null && (province == null || u.RegionCode == province) && !taken.Contains(u.Id))
            .OrderBy(u => u.FullName).Select(u => new Account(u.Id, u.FullName, u.Email ?? "", u.RegionCode!)).ToListAsync();
        Schemes = await db.Schemes.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync();
        var provinces = Mentors.Select(m => m.ProvinceCode).Concat(Available.Select(a => a.Province)).Distinct().ToList();
        Regencies = (await db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Regency && provinces.Contains(r.ParentCode!)).OrderBy(r => r.Code).ToListAsync())
            .GroupBy(r => r.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostSaveAsync(int? mentorId, string? userId, List<string>? schemeKeys, List<string>? regencyCodes, int capacity, bool active)
    {
        await LoadAsync();
        Mentor? mentor;
        if (mentorId is { } id)
        {
            mentor = await db.Mentors.FirstOrDefaultAsync(m => m.Id == id);
            if (mentor is null || (Province is { } p && mentor.ProvinceCode != p)) return NotFound();
        }
        else
        {
            var account = Available.FirstOrDefault(a => a.Id == userId);
            if (account is null) return Back("Pilih akun pendamping dari daftar. Akun harus berperan Pendamping di provinsi Anda; buat dulu di Administrasi → Pengguna.");
            mentor = db.Mentors.Add(new Mentor { UserId = account.Id, Name = account.Name, ProvinceCode = account.Province }).Entity;
        }
        if (capacity is < 1 or > 200) return Back("Kapasitas diisi 1 sampai 200 kandidat aktif sekaligus.");
        var keys = (schemeKeys ?? []).Where(k => Schemes.Any(s => s.Key == k)).Distinct().ToList();
        if (keys.Count == 0) return Back("Centang minimal satu klaster yang dapat didampingi.");
        var regencies = Regencies.GetValueOrDefault(mentor.ProvinceCode) ?? [];
        mentor.SchemeKeys = keys;
        mentor.RegencyCodes = (regencyCodes ?? []).Where(c => regencies.Any(r => r.Code == c)).Distinct().ToList();
        mentor.Capacity = capacity;
        mentor.Active = active || mentorId is null;
        await db.SaveChangesAsync();
        TempData["Message"] = $"Pendamping {mentor.Name} disimpan.";
        return RedirectToPage();
    }

    private RedirectToPageResult Back(string error)
    {
        TempData["Error"] = error;
        return RedirectToPage();
    }
}
