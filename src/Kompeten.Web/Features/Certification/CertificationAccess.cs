using System.Security.Claims;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;

namespace Kompeten.Web.Features.Certification;

/// <summary>
/// Who may do what with an application. One place for the rule of issue 4: the candidate
/// (their own), the operator of their regency, their assigned mentor, and administrators of the
/// province; everyone else gets a 404 (never a hint that the record exists).
/// </summary>
public sealed class CertificationAccess
{
    public string UserId { get; }
    public string Name { get; }
    public UserScope Scope { get; }
    public bool IsAdmin { get; }
    public bool IsOperator { get; }
    public bool IsMentor { get; }
    public bool IsCandidate { get; }

    public CertificationAccess(ClaimsPrincipal user, UserScope scope)
    {
        UserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        Name = user.FindFirstValue("name") ?? user.Identity?.Name ?? "?";
        Scope = scope;
        IsAdmin = user.IsInRole(Roles.AdminNasional) || user.IsInRole(Roles.AdminProvinsi);
        IsOperator = user.IsInRole(Roles.Operator);
        IsMentor = user.IsInRole(Roles.Pendamping);
        IsCandidate = user.IsInRole(Roles.Peserta) && scope.PersonId is not null;
    }

    /// <summary>How the history names the actor: "Nama (peran)".</summary>
    public string Actor => $"{Name} ({(IsAdmin ? "admin" : IsOperator ? "operator" : IsMentor ? "pendamping" : IsCandidate ? "peserta" : "pengguna")})";

    public bool IsOwnCandidate(Application a) => IsCandidate && a.PersonId == Scope.PersonId;
    public bool IsAssignedMentor(Application a) => IsMentor && a.MentorUserId == UserId && Scope.Level == ScopeLevel.Province && a.ProvinceCode == Scope.RegionCode;
    public bool Administers(string regencyCode) => IsAdmin && Scope.Covers(regencyCode);
    public bool Administers(Application a) => Administers(a.RegencyCode);
    public bool OperatesFor(IRegional r) => IsOperator && Scope.Covers(r);

    public bool CanSee(Application a) => IsOwnCandidate(a) || OperatesFor(a) || IsAssignedMentor(a) || Administers(a);

    /// <summary>Fill APL-01/02, upload, submit, withdraw: the candidate side.</summary>
    public bool CanPrepare(Application a) => IsOwnCandidate(a) || OperatesFor(a) || Administers(a);

    /// <summary>Act for a person (apply, edit work experience): themselves, their operator, their province's administrators.</summary>
    public bool CanActFor(Person p) => (IsCandidate && p.Id == Scope.PersonId) || OperatesFor(p) || (IsAdmin && Scope.Covers(p));

    /// <summary>The applications this user may see, as a query.</summary>
    public IQueryable<Application> Visible(IQueryable<Application> query)
    {
        if (IsAdmin || IsOperator) return query.InScope(Scope);
        if (IsMentor && Scope.Level == ScopeLevel.Province)
        {
            var (userId, province) = (UserId, Scope.RegionCode);
            return query.Where(a => a.MentorUserId == userId && a.ProvinceCode == province);
        }
        if (IsCandidate)
        {
            var personId = Scope.PersonId;
            return query.Where(a => a.PersonId == personId);
        }
        return query.Where(a => false);
    }
}
