using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Kompeten.Web.Features.Dashboard;

public static class DashboardServices
{
    /// <summary>Dashboard, planner, budget, exports and the public statistics (registered from KompetenServices).</summary>
    public static void AddKompetenDashboard(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<DashboardQuery>();
        services.AddSingleton<BoundaryCache>();
        services.AddHostedService<DashboardFactsCompaction>();
        services.AddScoped<Planning.BudgetQuery>();
        services.AddScoped<Planning.PlanningData>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address; behind a reverse proxy configure ForwardedHeaders so this is the visitor's.
            o.AddPolicy(DashboardApi.PublicRatePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "tanpa-alamat",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Kompeten:PublicRequestsPerMinute", 60),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                ctx.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await ctx.HttpContext.Response.WriteAsync("Terlalu banyak permintaan dari alamat Anda. Coba lagi dalam satu menit.", ct);
            };
        });
    }
}
