using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Certification;
using Kompeten.Web.Features.Dashboard;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddKompetenDatabase();
builder.AddKompeten();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();
if (await CommandLine.RunAsync(app, args)) return;

app.UseKompeten();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.UseSwaggerUI(o => { o.SwaggerEndpoint("/openapi/v1.json", "Kompeten API v1"); o.RoutePrefix = "swagger"; });
app.MapRazorPages();
app.MapAccountApi();
app.MapRegistryApi();
app.MapImportApi();
app.MapCertificationApi();
app.MapTrainingApi();
app.MapDashboardApi();

app.Run();

/// <summary>Entry point type, for WebApplicationFactory in the tests.</summary>
public partial class Program;
