using Kompeten.Web.Features.Registry.Import;

// In the Registry namespace (not Registry.Import) so that Program.cs and KompetenServices.cs
// each need a single line and no extra using.
namespace Kompeten.Web.Features.Registry;

public static class RegistryImportRegistration
{
    public static IServiceCollection AddRosterImport(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ImportOptions>(config.GetSection("Kompeten:Import"));
        services.AddSingleton<ImportFiles>();
        services.AddSingleton<ImportQueue>();
        services.AddScoped<RosterImport>();
        services.AddScoped<RosterTemplate>();
        services.AddScoped<PeopleExport>();
        services.AddHostedService<ImportWorker>();
        return services;
    }

    /// <summary>POST /api/v1/people/import and GET /Registry/People/Export.</summary>
    public static void MapImportApi(this IEndpointRouteBuilder app) => ImportApi.Map(app);
}
