using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Kompeten.Web.Features.Dashboard;

public static class DashboardServices
{
    /// <summary>Dashboard, planner, budget, exports and the public statistics (registered from KompetenServices).</summary>
    public static void AddKompetenDashboard(this IServiceCollection services)
    {
        services.AddScoped<DashboardQuery>();
        services.AddSingleton<BoundaryCache>();
        services.AddHostedService<DashboardFactsCompaction>();
        services.AddScoped<Planning.BudgetQuery>();
        services.AddScoped<Planning.AllocationBatch>();
        services.AddScoped<Planning.PlanningData>();
        services.AddRateLimiter(o =>
        {
            // Per client address; behind a reverse proxy configure ForwardedHeaders so this is the visitor's.
            o.AddPolicy(DashboardApi.PublicRatePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "tanpa-alamat",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Kompeten:PublicRequestsPerMinute", 60),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
    }
}
