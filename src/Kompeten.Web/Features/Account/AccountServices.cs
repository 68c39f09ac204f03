using Microsoft.AspNetCore.Identity;

namespace Kompeten.Web.Features.Account;

public static class AccountServices
{
    /// <summary>Identity's password options (KompetenServices) in words, for the forms that set one.</summary>
    public const string PasswordHint = "Minimal 10 karakter, memuat huruf kecil dan angka.";

    /// <summary>Invitation tokens, account e-mails; called from Infrastructure/KompetenServices.</summary>
    public static void AddKompetenAccounts(this IServiceCollection services)
    {
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<IdentityOptions>(o =>
            o.Tokens.ProviderMap[InvitationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(InvitationTokenProvider)));
        services.AddOptions<InvitationTokenProviderOptions>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<Admin.Users.Invitations>();

        // A locked account or a reset password ends other sessions within minutes, not the
        // default half hour; role and region changes reach the cookie in the same interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
    }
}

/// <summary>
/// Two kinds of lock share Identity's LockoutEnd: the automatic one after 5 wrong passwords
/// (15 minutes) and an administrator's, which lasts until lifted (a date in year 9999).
/// </summary>
public static class AccountLockout
{
    public static readonly DateTimeOffset ByAdministrator = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsLockedByAdministrator(DateTimeOffset? lockoutEnd) => lockoutEnd >= ByAdministrator;

    public static bool IsLocked(DateTimeOffset? lockoutEnd, DateTimeOffset now) => lockoutEnd > now;
}
