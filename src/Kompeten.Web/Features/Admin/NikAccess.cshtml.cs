using Kompeten.Web.Infrastructure;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kompeten.Web.Features.Admin;

/// <summary>Who viewed or exported full NIKs (UU PDP), limited to the administrator's province.</summary>
[Authorize(Policy = Policies.Admin)]
public class NikAccessModel(AppDbContext db, UserScope scope) : PageModel
{
    public sealed record Row(DateTimeOffset At, string UserName, string Action, string? Detail, int RecordCount, int? PersonId, string? PersonName);

    public List<Row> Rows { get; private set; } = [];
    public string? User_ { get; private set; }
    public const int Limit = 500;

    public async Task OnGetAsync(string? user)
    {
        User_ = user;
        var logs = db.NikAccessLogs.AsNoTracking();
        if (scope.Level != ScopeLevel.National)
        {
            var province = scope.ProvinceCode ?? "-";
            // A log about a person follows the person's province; an export of many follows the exporting account's region.
            logs = logs.Where(l =>
                (l.PersonId != null && db.People.Any(p => p.Id == l.PersonId && p.ProvinceCode == province)) ||
                (l.PersonId == null && db.Users.Any(u => u.Id == l.UserId && u.RegionCode != null && (u.RegionCode == province || u.RegionCode.StartsWith(province + ".")))));
        }
        if (!string.IsNullOrWhiteSpace(user)) logs = logs.Where(l => EF.Functions.ILike(l.UserName, LikePattern.Containing(user.Trim()), LikePattern.Escape));
        Rows = await logs.OrderByDescending(l => l.At).Take(Limit)
            .Select(l => new Row(l.At, l.UserName, l.Action, l.Detail, l.RecordCount, l.PersonId,
                db.People.Where(p => p.Id == l.PersonId).Select(p => p.FullName).FirstOrDefault()))
            .ToListAsync();
    }
}
