using System.Threading.RateLimiting;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Certification;

/// <summary>Registrations of the certification feature (called from <see cref="KompetenServices"/>).</summary>
public static class CertificationServices
{
    /// <summary>Rate-limit policy of the public verification page and API: per client address.</summary>
    public const string VerifyRateLimit = "verify";

    public static void Add(IServiceCollection services)
    {
        services.AddScoped(sp => new CertificationAccess(
            sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new(), sp.GetRequiredService<UserScope>()));
        services.AddScoped<Preparation>();
        services.AddScoped<AssessmentResults>();
        services.AddScoped<ResultsImport>();
        services.AddScoped<ApplicationForms>();
        services.AddScoped<Handoff>();
        services.AddScoped<MentorReminders>();
        services.AddScoped<Notifier>();
        services.AddScoped<Verification.CompetencyVerification>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(VerifyRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }
}
