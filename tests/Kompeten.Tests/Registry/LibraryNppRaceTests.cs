using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Kompeten.Tests.Support;
using Kompeten.Web.Data;
using Kompeten.Web.Features.Account;
using Kompeten.Web.Features.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Kompeten.Tests.Registry;

/// <summary>
/// The app with a rival user who saves a library with the same NPP after the app's NPP check has
/// passed and just before its own save reaches the database: the race, made deterministic.
/// </summary>
public class NppRaceFactory : KompetenFactory
{
    public NppRival Rival { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Rival));
}

public sealed class NppRival : SaveChangesInterceptor
{
    private (string Npp, Func<Task> Save)? _armed;

    public bool Fired { get; private set; }

    /// <summary>The next save of a library with this NPP runs <paramref name="save"/> first (once).</summary>
    public void Before(string npp, Func<Task> save) => (_armed, Fired) = ((npp, save), false);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_armed is { } armed && eventData.Context!.ChangeTracker.Entries<Library>()
                .Any(e => e.State is EntityState.Added or EntityState.Modified && e.Entity.Npp == armed.Npp))
        {
            _armed = null; // the rival's own save passes through here too
            await armed.Save();
            Fired = true;
        }
        return result;
    }
}

public class LibraryNppRaceTests(NppRaceFactory app) : IClassFixture<NppRaceFactory>
{
    private Func<Task> RivalSaves(string name, string regency, string npp) => () => app.WithDbAsync(db =>
    {
        db.Libraries.Add(new Library { Name = name, TypeCode = "sekolah", Npp = npp, RegencyCode = regency, ProvinceCode = "63" });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task An_NPP_saved_by_someone_else_a_moment_earlier_is_a_form_error_naming_that_library_and_the_typed_input_stays()
    {
        app.Rival.Before("6301012D1000101", RivalSaves("Perpustakaan SDN 3 Takisung", "63.01", "6301012D1000101"));
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostFormAsync("/Registry/Libraries/Edit", new()
        {
            ["Input.Name"] = "Perpustakaan SDN 4 Takisung",
            ["Input.TypeCode"] = "sekolah",
            ["Input.Ownership"] = "Negeri",
            ["Input.RegencyCode"] = "63.01",
            ["Input.Npp"] = "63.01.01-2d 1000101",
            ["Input.HeadName"] = "Hj. Rusmini",
        });

        app.Rival.Fired.ShouldBeTrue();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var holder = await app.WithDbAsync(db => db.Libraries.SingleAsync(l => l.Npp == "6301012D1000101"));
        holder.Name.ShouldBe("Perpustakaan SDN 3 Takisung");
        page.QuerySelector("[data-valmsg-for='Input.Npp']")!.TextContent.ShouldContain($"sudah dipakai Perpustakaan SDN 3 Takisung (ID {holder.Id})");
        page.QuerySelector("#Input_Npp")!.ClassList.ShouldContain("input-validation-error");
        page.QuerySelector("#Input_Npp")!.GetAttribute("value").ShouldBe("63.01.01-2d 1000101");
        page.QuerySelector("#Input_Name")!.GetAttribute("value").ShouldBe("Perpustakaan SDN 4 Takisung");
        page.QuerySelector("#Input_HeadName")!.GetAttribute("value").ShouldBe("Hj. Rusmini");
        (await app.WithDbAsync(db => db.Libraries.AnyAsync(l => l.Name == "Perpustakaan SDN 4 Takisung"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Editing_in_a_race_with_a_library_the_user_may_not_see_refuses_without_naming_it()
    {
        var mine = await app.WithDbAsync(async db =>
        {
            var l = new Library { Name = "Perpustakaan Desa Angsau", TypeCode = "umum-desa", RegencyCode = "63.01", ProvinceCode = "63" };
            db.Libraries.Add(l);
            await db.SaveChangesAsync();
            return l;
        });
        app.Rival.Before("6301014D1000102", RivalSaves("Perpustakaan Rahasia Kotabaru", "63.02", "6301014D1000102"));
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        var response = await client.PostFormAsync($"/Registry/Libraries/Edit/{mine.Id}", new()
        {
            ["Input.Name"] = "Perpustakaan Desa Angsau",
            ["Input.TypeCode"] = "umum-desa",
            ["Input.Ownership"] = "Negeri",
            ["Input.RegencyCode"] = "63.01",
            ["Input.Npp"] = "6301014D1000102",
        });

        app.Rival.Fired.ShouldBeTrue();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("NPP 6301014D1000102 sudah dipakai perpustakaan di kabupaten/kota lain");
        html.ShouldNotContain("Rahasia Kotabaru");
        (await app.WithDbAsync(db => db.Libraries.SingleAsync(l => l.Id == mine.Id))).Npp.ShouldBeNull();
    }

    [Fact]
    public async Task The_API_answers_a_race_on_the_NPP_exactly_like_a_duplicate_it_caught_beforehand()
    {
        var client = await app.ClientForAsync(Roles.Operator, "63.01");
        object Body(string name, string npp) => new { name, typeCode = "sekolah", ownership = "Negeri", regencyCode = "63.01", npp };

        app.Rival.Before("6301012D1000103", RivalSaves("Perpustakaan SMPN 1 Jorong", "63.01", "6301012D1000103"));
        var raced = await client.PostAsJsonAsync("/api/v1/libraries", Body("Perpustakaan SMPN 2 Jorong", "6301012D1000103"));
        app.Rival.Fired.ShouldBeTrue();
        var caught = await client.PostAsJsonAsync("/api/v1/libraries", Body("Perpustakaan SMPN 3 Jorong", "6301 012D 1000103"));

        foreach (var response in new[] { raced, caught })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var racedProblem = await raced.Content.ReadFromJsonAsync<JsonElement>();
        var caughtProblem = await caught.Content.ReadFromJsonAsync<JsonElement>();
        var message = racedProblem.GetProperty("errors").GetProperty("npp")[0].GetString()!;
        message.ShouldContain("sudah dipakai Perpustakaan SMPN 1 Jorong");
        caughtProblem.GetProperty("errors").GetProperty("npp")[0].GetString().ShouldBe(message);
        racedProblem.GetProperty("title").GetString().ShouldBe(caughtProblem.GetProperty("title").GetString());
    }
}
