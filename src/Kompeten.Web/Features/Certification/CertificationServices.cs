using Kompeten.Web.Features.Account;
using Kompeten.Web.Infrastructure;

namespace Kompeten.Web.Features.Certification;

/// <summary>Registrations of the certification feature (called from <see cref="KompetenServices"/>).</summary>
public static class CertificationServices
{
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
    }
}
