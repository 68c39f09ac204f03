using System.Globalization;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Kompeten.Web.Features.Training;
using Kompeten.Web.Features.Verification;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Kompeten.Web.Infrastructure;

public static class KompetenServices
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    public static void AddKompeten(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TimeProvider>(new AgencyTimeProvider());
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequests>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        AgencyTime.Use(builder.Configuration["Kompeten:TimeZone"]);
        services.AddMemoryCache();
        services.AddKompetenRateLimiting();
        // Indonesian text and symbols (•, →, é) render as themselves rather than as &#x…; escapes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        var dataProtection = services.AddDataProtection().SetApplicationName("Kompeten");
        // In production the keys that encrypt NIKs are themselves encrypted with a certificate kept
        // outside the database, so a database dump alone does not reveal NIKs (ADR 0004).
        var keyCertificate = builder.Configuration["Kompeten:DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(keyCertificate))
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                keyCertificate, builder.Configuration["Kompeten:DataProtection:CertificatePassword"]));
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        services.AddSingleton<NikProtector>();
        services.AddScoped<AccountSetup>();
        services.AddKompetenAccounts();
        services.AddScoped<PersonRules>();
        services.AddScoped<PeopleQuery>();
        services.AddScoped<RegistryLists>();
        services.AddScoped<LibraryRules>();
        services.AddSingleton<IFileStore, FileSystemFileStore>();
        services.AddScoped<Features.Certification.CertificateReminders>();
        services.AddHostedService<Features.Certification.CertificateReminderWorker>();
        Features.Certification.CertificationServices.Add(services);
        services.AddScoped<DemoData>();
        services.AddRosterImport(builder.Configuration);
        Features.Dashboard.DashboardServices.AddKompetenDashboard(services);

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<KompetenClaimsFactory>()
            .AddErrorDescriber<IndonesianIdentityErrors>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "kompeten";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // APIs answer 401/403 as problem details instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });

        // Pages use the cookie; /api also accepts personal access tokens.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Kompeten";
                // AddIdentity sets DefaultAuthenticateScheme to its cookie, which outranks DefaultScheme:
                // without this line a bearer token never reaches HttpContext.User.
                o.DefaultAuthenticateScheme = "Kompeten";
                o.DefaultChallengeScheme = "Kompeten";
            })
            .AddPolicyScheme("Kompeten", "Cookie atau token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.RegistryRead, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator, Roles.Pimpinan))
            .AddPolicy(Policies.RegistryWrite, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator))
            .AddPolicy(Policies.FullNik, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi))
            .AddPolicy(Policies.NationalAdmin, p => p.RequireRole(Roles.AdminNasional))
            .AddPolicy(Policies.Certification, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator, Roles.Pendamping, Roles.Peserta))
            .AddPolicy(Policies.CertificationPrepare, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator, Roles.Peserta))
            .AddPolicy(Policies.Mentor, p => p.RequireRole(Roles.Pendamping))
            .AddPolicy(Policies.Candidate, p => p.RequireRole(Roles.Peserta))
            .AddPolicy(Policies.DashboardRead, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Operator, Roles.Pimpinan))
            .AddPolicy(Policies.BudgetRead, p => p.RequireRole(Roles.AdminNasional, Roles.AdminProvinsi, Roles.Pimpinan))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddScoped(sp => UserScope.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new()));

        services.AddRazorPages(o => o.RootDirectory = "/Features").AddMvcOptions(o => IndonesianModelBindingMessages.Apply(o.ModelBindingMessageProvider));
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddOpenApi();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        services.AddValidation();

        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Indonesian);
            o.SupportedCultures = [Indonesian];
            o.SupportedUICultures = [Indonesian];
        });
        services.Configure<EmailOptions>(builder.Configuration.GetSection("Kompeten:Email"));
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.Configure<PdfOptions>(builder.Configuration.GetSection("Kompeten:Pdf"));
        services.AddSingleton<PdfRenderer>();
        services.AddHostedService<PdfWarmUp>();
        services.AddTraining(builder.Configuration);
        services.AddVerification(builder.Configuration);
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers["HX-Request"] == "true")
        {
            ctx.Response.StatusCode = status;
            if (ctx.Request.Headers["HX-Request"] == "true" && status == 401) ctx.Response.Headers["HX-Redirect"] = ctx.RedirectUri;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UseKompeten(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(ctx => WriteErrorAsync(ctx.HttpContext, ctx.HttpContext.Response.StatusCode, null));
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
    }

    /// <summary>
    /// The one shape of an error answer: problem details (Indonesian title, and the detail) under
    /// /api; elsewhere the detail as plain text, or nothing when there is none (pages have their own)
    /// — except for htmx requests, which get at least the Indonesian title, for the page to show
    /// (wwwroot/js/site.js): htmx itself leaves the page unchanged when a request fails.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext http, int status, string? detail, CancellationToken ct = default)
    {
        http.Response.StatusCode = status;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = status, Title = StatusTitle(status), Detail = detail },
            });
            return;
        }
        detail ??= http.Request.Headers.ContainsKey("HX-Request") ? StatusTitle(status) : null;
        if (detail is null) return;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(detail, ct);
    }

    public static string StatusTitle(int status) => status switch
    {
        400 => "Permintaan tidak valid",
        401 => "Silakan masuk terlebih dahulu",
        403 => "Anda tidak berhak mengakses data ini",
        404 => "Data tidak ditemukan",
        409 => "Data bertentangan dengan data yang sudah ada",
        413 => "Berkas terlalu besar",
        415 => "Jenis berkas tidak didukung",
        429 => "Terlalu banyak permintaan; coba lagi sebentar lagi",
        _ => "Terjadi kesalahan",
    };
}
