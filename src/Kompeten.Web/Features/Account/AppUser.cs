using Microsoft.AspNetCore.Identity;

namespace Kompeten.Web.Features.Account;

public class AppUser : IdentityUser
{
    public required string FullName { get; set; }

    /// <summary>
    /// The region the account is bound to: a province code ("63") for provincial roles, a regency
    /// code ("63.01") for operators; null for the national administrator.
    /// </summary>
    public string? RegionCode { get; set; }

    /// <summary>The registry record of a participant (Peserta) or mentor account.</summary>
    public int? PersonId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
