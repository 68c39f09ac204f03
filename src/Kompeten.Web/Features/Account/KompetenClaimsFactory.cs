using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Features.Account;

/// <summary>Puts the account's region and registry person into the sign-in cookie (see <see cref="UserScope"/>).</summary>
public sealed class KompetenClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", user.FullName));
        if (user.RegionCode is not null) identity.AddClaim(new Claim(UserScope.RegionClaim, user.RegionCode));
        if (user.PersonId is { } p) identity.AddClaim(new Claim(UserScope.PersonClaim, p.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
