using System.Net;
using System.Text.RegularExpressions;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Support;

/// <summary>
/// The real app on its own fresh database (cloned from the migrated template). Use it as an
/// xunit class fixture: every test class gets a database of its own.
/// </summary>
public class KompetenFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; protected set; } = "";

    /// <summary>Set for a second app instance that shares another factory's database.</summary>
    protected bool SharedDatabase { get; init; }

    /// <summary>The password every test account gets (tests only; the app has no default password).</summary>
    public const string Password = "Rahasia-Uji-123";

    public virtual async Task InitializeAsync()
    {
        if (!SharedDatabase) ConnectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
    }

    /// <summary>Another instance of the app on the same database (e.g. two hosts behind a load balancer).</summary>
    public sealed class SecondInstance : KompetenFactory
    {
        public SecondInstance(string connectionString)
        {
            ConnectionString = connectionString;
            SharedDatabase = true;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Kompeten", ConnectionString);
        builder.UseSetting("Kompeten:DataDirectory", Path.Combine(Path.GetTempPath(), "kompeten-test-data", Guid.NewGuid().ToString("N")));
        // Background reminders would race the tests; tests run them explicitly.
        builder.UseSetting("Kompeten:Reminders:IntervalMinutes", "0");
        // Dozens of app instances per run: Chromium starts only for the tests that render PDFs.
        builder.UseSetting("Kompeten:Pdf:WarmUpAtStart", "false");
        builder.ConfigureServices(ConfigureTestServices);
    }

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (!SharedDatabase) await TestPostgres.DropDatabaseAsync(ConnectionString);
    }

    /// <summary>Runs code against the app's database in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task WithDbAsync(Func<AppDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Creates an account (if new) with <see cref="Password"/>.</summary>
    public async Task<string> CreateUserAsync(string email, string role, string? region, int? personId = null)
    {
        await WithServicesAsync(async sp =>
        {
            var setup = sp.GetRequiredService<AccountSetup>();
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var result = await setup.CreateAsync(email, email.Split('@')[0], role, region, Password, personId);
                if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
            return 0;
        });
        return email;
    }

    /// <summary>A client signed in through the real sign-in page, as a user with the given role and region.</summary>
    public async Task<HttpClient> ClientForAsync(string role, string? region, int? personId = null)
    {
        var email = $"{role.ToLowerInvariant()}.{(region ?? "id").Replace(".", "-")}{(personId is null ? "" : "." + personId)}@uji.kompeten.id";
        await CreateUserAsync(email, role, region, personId);
        return await SignInAsync(email, Password);
    }

    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Adds a person directly (bypassing pages) with a valid NIK for the regency.</summary>
    public Task<Person> AddPersonAsync(string regency, string name = "Siti Aminah", Sex sex = Sex.Female, DateOnly? birth = null, int sequence = 1) =>
        WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var nik = sp.GetRequiredService<NikProtector>();
            var bd = birth ?? new DateOnly(1988, 5, 17);
            var number = TestData.Nik(regency, bd, sex, sequence);
            var person = new Person
            {
                NikCipher = nik.Protect(number),
                NikHash = nik.Hash(number),
                NikMasked = IdentityNumbers.MaskNik(number),
                FullName = name,
                Sex = sex,
                BirthDate = bd,
                EducationLevel = EducationLevel.S1,
                StaffCategoryCode = "pustakawan",
                EmploymentStatusCode = "pns",
                RegencyCode = regency,
                ProvinceCode = Region.ProvinceOf(regency),
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
}

public static class TestData
{
    /// <summary>A NIK issued in the regency's first district for the birth date and sex.</summary>
    public static string Nik(string regency, DateOnly birth, Sex sex, int sequence = 1) =>
        $"{regency.Replace(".", "")}01{birth.Day + (sex == Sex.Female ? 40 : 0):00}{birth.Month:00}{birth.Year % 100:00}{sequence:0000}";
}

public static partial class HttpClientExtensions
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>GETs the page for its antiforgery token, then POSTs the form as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? getUrl = null)
    {
        var page = await client.GetStringAsync(getUrl ?? url);
        var token = TokenPattern().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {getUrl ?? url}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }
}
