using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Kompeten.Web.Features.Verification;

public sealed class VerificationOptions
{
    /// <summary>Lookups one address may make per minute before it is answered 429.</summary>
    public int PermitPerMinute { get; set; } = 30;
}

public static class VerificationSetup
{
    public const string RateLimitPolicy = "verification";

    public static void AddVerification(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Kompeten:Verification").Get<VerificationOptions>() ?? new VerificationOptions();
        services.AddRateLimiter(o =>
        {
            // Per client address: guessing codes costs the guesser, not the other visitors.
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }
}
